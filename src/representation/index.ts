import createTokens from '@fastify/csrf';
import { representationExport } from './access-export.ts';
import type { Logger } from 'pino';
import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { ABSOLUTE_TIMEOUT_MS, type SessionManager } from '../platform/http/sessions.ts';
import { createI18n } from '../platform/i18n.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { PortalModule } from '../platform/module.ts';
import { createActing } from './acting.ts';
import { representationApiRoutes } from './api-routes.ts';
import { createLegalRepresentations } from './legal-representation.ts';
import { createMandateMails } from './mails.ts';
import { createMandates, type MandateView } from './mandates.ts';
import { REP_PATH } from './mandates-page.tsx';
import { representationMessages } from './messages.ts';
import { representationRoutes } from './routes.tsx';
import { ChooseBlock } from './start-page-block.tsx';
import './schema.ts';

export { representationMigrations } from './migrations/index.ts';
export { SERVICES, LEGAL_KINDS, MANDATE_RETENTION_DAYS, type Service } from './services.ts';
import { MANDATE_RETENTION_DAYS } from './services.ts';
export type { MandateView } from './mandates.ts';

export interface RepresentationDeps {
  db: Db;
  keyring: Keyring;
  accounts: Accounts;
  sessions: SessionManager;
  organisations: OrganisationRegistry;
  mailer: Mailer;
  profile: { verifiedEmails(citizenIds: string[]): Promise<Map<string, string>>; screenName(citizenId: string): Promise<string | null> };
  publicUrl: string;
  logger: Logger;
  now: () => Date;
}

/** What a citizen's access export gets from representation: their mandates both ways and the ledger. */
export interface RepresentationData {
  given: MandateView[];
  received: MandateView[];
  /** What others did for this citizen under a mandate. */
  doneForMe: Awaited<ReturnType<Accounts['representedActions']>>;
  /** What this citizen did for others under a mandate. */
  doneByMe: Awaited<ReturnType<Accounts['representedActions']>>;
}

/**
 * Representation (R17): mandates between citizens and legal representations, acting for someone
 * (the request's subject becomes the represented citizen, within the mandate's services), and the
 * one ledger of everything done for someone, a view of identity's processing log.
 */
const tokens = createTokens();

export function createRepresentationModule(deps: RepresentationDeps): PortalModule & { citizenData(citizenId: string): Promise<RepresentationData>; authenticationContext(mandateId: string): Promise<Record<string, unknown> | null> } {
  const { translator } = createI18n([representationMessages]);
  const mail = createMandateMails({ mailer: deps.mailer, verifiedEmails: deps.profile.verifiedEmails, translator: { nl: translator('nl'), en: translator('en') }, publicUrl: deps.publicUrl, logger: deps.logger });
  const mandates = createMandates({ ...deps, onEvent: (event) => mail({ kind: event.kind, grantorId: event.mandate.grantor_id }) });
  const legal = createLegalRepresentations({ db: deps.db, keyring: deps.keyring, accounts: deps.accounts, mandates, now: deps.now });
  const citizenData = async (citizenId: string): Promise<RepresentationData> => {
    const [{ given, received }, doneForMe, doneByMe] = await Promise.all([
      mandates.listFor(citizenId),
      deps.accounts.representedActions({ subjectId: citizenId, limit: 10_000 }),
      deps.accounts.representedActions({ actorId: citizenId, limit: 10_000 }),
    ]);
    return { given, received, doneForMe, doneByMe };
  };
  const acting = createActing({ mandates, accounts: deps.accounts, sessions: deps.sessions, now: deps.now });

  return {
    name: 'representation',
    scope: 'self',
    texts: representationMessages,
    nav: [{ href: REP_PATH, labelKey: 'nav.representation', order: 45, inMenu: false }],
    resolveContext: (session) => acting.resolveContext(session),
    // DigiD Machtigen: the login itself says for whom; the session acts for that person at once.
    async afterLogin({ session, bsn, machtigen }) {
      if (!machtigen) return;
      const mandateId = await mandates.fromDigidMachtigen({ representativeBsn: bsn, representeeBsn: machtigen.representeeBsn, serviceIds: machtigen.serviceIds, assurance: machtigen.assurance, until: new Date(deps.now().getTime() + ABSOLUTE_TIMEOUT_MS) });
      if (!mandateId) return;
      session.data.actingFor = mandateId;
      await deps.sessions.save(session);
    },
    jobs: [{ name: 'mandate-retention', intervalMs: 60 * 60 * 1000, run: () => mandates.pruneEnded(MANDATE_RETENTION_DAYS) }],
    async banner(context, t) {
      if (!context.representation) return null;
      const row = await acting.mandateOf(context);
      if (!row) return null;
      const name = mandates.view(row, context.actor.citizenId).grantorName;
      return { text: t('rep.banner', { name }), action: { href: '/namens/stoppen', label: t('rep.banner.stop') } };
    },
    startPage: {
      order: 1,
      async attention(input) {
        if (input.context.representation) return null;
        const { received } = await mandates.listFor(input.context.actor.citizenId);
        const now = deps.now();
        // A DigiD Machtigen mandate belongs to the login that asserted it: not offered again.
        const available = received.filter((view) => view.status === 'active' && view.kind !== 'digid-machtigen' && view.validFrom.getTime() <= now.getTime());
        const pending = received.filter((view) => view.status === 'pending').length;
        if (available.length === 0 && pending === 0) return null;
        // The start page has no request here: the form token is made from the session's secret, as the web server does.
        const secret = input.context.session.data.csrfSecret;
        return ChooseBlock({ t: input.t, csrfToken: secret ? tokens.create(secret) : '', usable: available, pending });
      },
      render: async () => null,
    },
    web(app) {
      representationRoutes(app, { mandates, acting, accounts: deps.accounts, keyring: deps.keyring, organisations: deps.organisations, screenName: deps.profile.screenName });
      // The ledger entry of every request a representative makes (R17): a change before it runs.
      app.addHook('preHandler', async (request) => {
        await acting.beforeChange(request);
      });
      app.addHook('onResponse', async (request, reply) => {
        await acting.recordRequest(request, reply.statusCode);
      });
    },
    api(app) {
      representationApiRoutes(app, { legal });
    },
    messageWatchers: (citizenIds) => mandates.messageWatchers(citizenIds),
    authenticationContext: (mandateId) => mandates.authenticationContext(mandateId),
    async accessExport(input) {
      return representationExport(await citizenData(input.citizenId), input);
    },
    citizenData,
  };
}
