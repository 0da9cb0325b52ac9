import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ZgwSource } from '../config.ts';
import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Db } from '../platform/db/database.ts';
import { casesApiRoutes } from './api-routes.ts';
import { createCitizenCases } from './citizen-cases.ts';
import { createCaseReporting } from './report-cases.ts';
import { casesRoutes } from './routes.tsx';
import { callbackPath, zgwCallbackRoutes } from './zgw/callback-routes.ts';
import { ensureAbonnement } from './zgw/subscribe.ts';
import { callbackAuthorization } from './zgw/zgw-jwt.ts';
import { startZgwDemo } from './zgw/zgw-demo.ts';
import { createZgwSync } from './zgw/zgw-sync.ts';

export { casesMessages } from './messages.ts';
export { caseStatusNotificationSource } from './notification-source.ts';
export { seedDemoCases } from './demo-seed.ts';
export { ZgwTestServer } from './zgw/test-server.ts';

export interface CasesDeps {
  db: Db;
  accounts: Accounts;
  organisations: OrganisationRegistry;
  logger: Logger;
  now: () => Date;
  notificationDelayMs: number;
  /** Where citizens reach the portal; ZGW callbacks come in under it. */
  publicUrl: string;
  zgw: { sources: ZgwSource[]; demo: boolean };
}

/**
 * Lopende Zaken (R11–R13): the case API for organisations, the case pages for citizens and the
 * ZGW connection (notification callback and abonnementen). In development without configured
 * sources it starts a ZGW test server with demo zaken.
 */
export async function createCases(deps: CasesDeps) {
  const reporting = createCaseReporting(deps);
  const citizenCases = createCitizenCases(deps);
  const demo = deps.zgw.demo ? await startZgwDemo(deps) : null;
  const sources = demo ? [...deps.zgw.sources, demo.source] : deps.zgw.sources;
  const sync = createZgwSync({ sources, organisations: deps.organisations, reporting, logger: deps.logger });
  const log = deps.logger.child({ component: 'cases' });

  return {
    reporting,
    citizenCases,
    zgwSync: sync,
    zgwDemo: demo,
    registerApi(api: FastifyInstance): void {
      casesApiRoutes(api, { reporting });
    },
    registerWeb(web: FastifyInstance): void {
      casesRoutes(web, { cases: citizenCases });
      zgwCallbackRoutes(web, { sync });
    },
    /**
     * Takes an abonnement on each source's `zaken` kanaal (call once the web server listens: the
     * Notificaties API checks the callback). A source that cannot be reached is logged, not fatal.
     */
    async subscribe(): Promise<void> {
      for (const source of sources) {
        try {
          const outcome = await ensureAbonnement({ source, callbackUrl: `${deps.publicUrl}${callbackPath(source.id)}`, authorization: callbackAuthorization(source) });
          log.info({ zgwSource: source.id, outcome }, 'zgw abonnement ready');
        } catch (error) {
          log.warn({ zgwSource: source.id, err: error instanceof Error ? error.message : 'unknown' }, 'zgw abonnement failed');
        }
      }
      demo?.announce();
    },
    async close(): Promise<void> {
      await demo?.server.close();
    },
  };
}

export type Cases = Awaited<ReturnType<typeof createCases>>;
