import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ZgwSource } from '../config.ts';
import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { organisationsInScope, type PortalModule } from '../platform/module.ts';
import { casesExport } from './access-export.ts';
import { casesApiRoutes } from './api-routes.ts';
import { createCaseStore } from './case-store.ts';
import { createCitizenCases } from './citizen-cases.ts';
import { casesMessages } from './messages.ts';
import { caseStatusNotificationSource } from './notification-source.ts';
import { createCaseReporting } from './report-cases.ts';
import { casesRoutes } from './routes.tsx';
import { casesAttention, casesOverview } from './start-page-blocks.tsx';
import { callbackPath, zgwCallbackRoutes } from './zgw/callback-routes.ts';
import { ensureAbonnement } from './zgw/subscribe.ts';
import { callbackAuthorization } from './zgw/zgw-jwt.ts';
import { createZgwSync } from './zgw/zgw-sync.ts';
import { casesDailyCounts } from './statistics-store.ts';

export { casesMessages } from './messages.ts';
export { casesMigrations } from './migrations/index.ts';

export interface CasesDeps {
  db: Db;
  keyring: Keyring;
  accounts: Accounts;
  organisations: OrganisationRegistry;
  logger: Logger;
  now: () => Date;
  notificationDelayMs: number;
  /** Where citizens reach the portal; ZGW callbacks come in under it. */
  publicUrl: string;
  /** The ZGW sources to follow (configured ones, plus the demo source in development). */
  zgwSources: ZgwSource[];
}

/**
 * Lopende Zaken (R11–R13): the case API for organisations, the case pages for citizens and the
 * ZGW connection (notification callback and abonnementen).
 */
export function createCasesModule(deps: CasesDeps) {
  const reporting = createCaseReporting(deps);
  const citizenCases = createCitizenCases(deps);
  const sources = deps.zgwSources;
  const sync = createZgwSync({ sources, organisations: deps.organisations, reporting, logger: deps.logger });
  const log = deps.logger.child({ component: 'cases' });
  const caseStore = createCaseStore(deps.keyring);
  /** Seals cases and statuses still in plaintext from before migration 0023, in batches. */
  const sealPlaintext = async (): Promise<number> => {
    let total = 0;
    for (let sealed = -1; sealed !== 0; total += sealed) sealed = await caseStore.sealPlaintext(deps.db, 500);
    return total;
  };

  const module = {
    name: 'cases',
    scope: 'lopende-zaken',
    texts: casesMessages,
    statistics: (day: { start: Date; end: Date }) => casesDailyCounts(deps.db, day),
    nav: [{ href: '/zaken', labelKey: 'nav.cases', order: 20 }],
    async timeline({ context, t, limit }) {
      const changes = await citizenCases.statusChanges(context.subject.citizenId, limit, organisationsInScope(context));
      return changes.map(({ item, status }) => ({
        at: status.occurredAt,
        kind: 'case-status',
        organisationName: item.organisationName,
        title: t('timeline.caseStatus', { case: item.title, status: status.label }),
        href: `/zaken/${item.caseId}`,
      }));
    },
    startPage: {
      order: 20,
      attention: (input) => casesAttention(citizenCases, input),
      render: (input) => casesOverview(citizenCases, input),
    },
    api(api: FastifyInstance): void {
      casesApiRoutes(api, { reporting });
    },
    web(web: FastifyInstance): void {
      casesRoutes(web, { cases: citizenCases });
      zgwCallbackRoutes(web, { sync });
    },
    notificationSources: [caseStatusNotificationSource],
    accessExport: (input) => casesExport(citizenCases, input),
    jobs: [{ name: 'case-encryption', intervalMs: 60_000, run: sealPlaintext }],
    /**
     * Takes an abonnement on each source's `zaken` kanaal once the web server listens (the
     * Notificaties API checks the callback). A source that cannot be reached is logged, not fatal.
     */
    async onListening(): Promise<void> {
      for (const source of sources) {
        try {
          const outcome = await ensureAbonnement({ source, callbackUrl: `${deps.publicUrl}${callbackPath(source.id)}`, authorization: callbackAuthorization(source) });
          log.info({ zgwSource: source.id, outcome }, 'zgw abonnement ready');
        } catch (error) {
          log.warn({ zgwSource: source.id, err: error instanceof Error ? error.message : 'unknown' }, 'zgw abonnement failed');
        }
      }
    },
  } satisfies PortalModule;
  return { ...module, reporting, citizenCases, zgwSync: sync, sealPlaintext };
}

export type Cases = ReturnType<typeof createCasesModule>;
export { casesEncryptedColumns } from './encrypted-columns.ts';
export { casesRetentionPurges } from './retention.ts';
