import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { REGISTER_SOURCES, type Config } from './config.ts';
import { caseStatusNotificationSource, casesMessages, createCases, type Cases } from './cases/index.ts';
import { DEMO_CITIZENS, DEMO_UNKNOWN_BSN } from './demo/citizens.ts';
import {
  createAccounts,
  identityMessages,
  identityRoutes,
  InMemoryRegister,
  openSessionPerson,
  RelyingParty,
  startDigidSimulator,
  type Accounts,
  type DigidSimulator,
  type PopulationRegister,
} from './identity/index.ts';
import { createInbox, inboxMessages, ReceiptSigner, type Inbox } from './inbox/index.ts';
import { messageNotificationSource } from './inbox/notification-source.ts';
import { createNotificationWorker, notificationMessages, type NotificationSource, type NotificationWorker } from './notifications/index.ts';
import { healthRoutes } from './operations/health-routes.ts';
import { createOrganisationRegistry, loadApiTls, registerApiAuthentication, type OrganisationRegistry } from './organisations/index.ts';
import { createApiServer } from './platform/http/api-server.ts';
import { Keyring } from './platform/crypto/keyring.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { SessionManager } from './platform/http/sessions.ts';
import { createWebServer } from './platform/http/web-server.tsx';
import { createI18n } from './platform/i18n.ts';
import { createLogger } from './platform/logging.ts';
import { devMailRoutes } from './platform/mail/dev-mail-routes.tsx';
import { MailCatcher } from './platform/mail/mail-catcher.ts';
import { createMailer, type Mailer } from './platform/mail/mailer.ts';
import { platformMessages } from './platform/web/platform-messages.ts';
import type { NavItem } from './platform/web/layout.tsx';
import { createProviderClients, PersonalData, personalDataMessages, personalDataRoutes, startDemoRegisters, type DemoRegisters } from './personal-data/index.ts';
import { createProfile, profileMessages, profileRoutes, type Profile } from './profile/index.ts';

export interface PortalOptions {
  config: Config;
  /** Injected clock, so tests can move time for session expiry. */
  now?: () => Date;
  keyring?: Keyring;
  register?: PopulationRegister;
  logger?: Logger;
  /** An already opened database (tests share one per file). */
  database?: DatabaseHandle;
}

/** Everything one portal process holds; close() releases it all. */
export interface Portal {
  config: Config;
  web: FastifyInstance;
  /** The organisation API (HTTPS, mutual TLS). */
  api: FastifyInstance;
  apiUrl: string;
  /** Where the development CA lives, when one is used. */
  devCaDir: string | null;
  organisations: OrganisationRegistry;
  inbox: Inbox;
  cases: Cases;
  signer: ReceiptSigner;
  notifications: NotificationWorker;
  /** Starts the background loops (notifications every WORKER_POLL_MS, session sweep every minute). */
  startWorkers(): void;
  database: DatabaseHandle;
  keyring: Keyring;
  sessions: SessionManager;
  accounts: Accounts;
  profile: Profile;
  mailer: Mailer;
  mailCatcher: MailCatcher | null;
  simulator: DigidSimulator | null;
  personalData: PersonalData;
  /** Demo registers serving the sources that are not configured (development only). */
  demoRegisters: DemoRegisters | null;
  logger: Logger;
  /** Starts listening; returns the citizen-facing address. */
  listen(): Promise<string>;
  /** Periodic maintenance: expired sessions. */
  runMaintenance(): Promise<void>;
  close(): Promise<void>;
}

const NAV: NavItem[] = [
  { href: '/', labelKey: 'nav.home' },
  { href: '/berichten', labelKey: 'nav.messages' },
  { href: '/zaken', labelKey: 'nav.cases' },
  { href: '/instellingen/berichtvoorkeuren', labelKey: 'nav.messagePreferences' },
  { href: '/mijn-account', labelKey: 'nav.account' },
  { href: '/mijn-gegevens', labelKey: 'nav.personalData' },
];

/**
 * Composes the portal from its domains. Without an OIDC issuer or SMTP server configured, the
 * simulated DigiD and the mail catcher are started (development only; production refuses).
 */
export async function createPortal(options: PortalOptions): Promise<Portal> {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createLogger(config.logLevel);
  const database =
    options.database ??
    (await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') }));
  await migrateToLatest(database.db);
  const db = database.db;
  const keyring =
    options.keyring ??
    Keyring.load({ file: config.keyringFile ?? path.join(config.dataDir, 'keyring.json'), createIfMissing: !config.production });
  const register = options.register ?? new InMemoryRegister(DEMO_CITIZENS);

  let mailCatcher: MailCatcher | null = null;
  let smtpUrl = config.smtpUrl;
  if (!smtpUrl) {
    mailCatcher = new MailCatcher();
    smtpUrl = await mailCatcher.listen(config.mailCatcherPort);
  }
  const mailer = createMailer({ smtpUrl, from: config.mailFrom });

  let simulator: DigidSimulator | null = null;
  const redirectUri = `${config.publicUrl}/auth/callback`;
  let oidcSettings = { issuer: config.oidc.issuer, clientId: config.oidc.clientId, clientSecret: config.oidc.clientSecret };
  if (!config.oidc.issuer) {
    simulator = await startDigidSimulator({
      port: config.oidc.simulatorPort,
      redirectUris: [redirectUri],
      people: [
        ...DEMO_CITIZENS.map((person) => ({
          bsn: person.bsn,
          label: [person.givenNames, person.surnamePrefix, person.surname].filter(Boolean).join(' ') + demoNote(person),
        })),
        { bsn: DEMO_UNKNOWN_BSN, label: 'Onbekend in de BRP (geen toegang)' },
      ],
    });
    oidcSettings = { issuer: simulator.issuer, clientId: simulator.clientId, clientSecret: simulator.clientSecret };
  }
  const relyingParty = new RelyingParty({
    issuer: oidcSettings.issuer ?? '',
    clientId: oidcSettings.clientId,
    clientSecret: oidcSettings.clientSecret,
    privateKeyFile: config.oidc.privateKeyFile,
    redirectUri,
    bsnClaim: config.oidc.bsnClaim,
    allowInsecureIssuer: !config.production && (oidcSettings.issuer ?? '').startsWith('http://localhost'),
  });

  // Registers without a configured provider are served by demo registers (production refuses to start without them).
  const unconfiguredRegisters = REGISTER_SOURCES.filter((source) => !config.registers.providers[source].url);
  const demoRegisters = unconfiguredRegisters.length > 0 && !config.production ? await startDemoRegisters({ sources: unconfiguredRegisters }) : null;
  const personalData = new PersonalData({ db, keyring, logger, now, clients: createProviderClients(config.registers, demoRegisters?.urls), settings: config.registers });

  const accounts = createAccounts({ db, keyring, register, now });
  const sessions = new SessionManager({ db, now, onEnd: (end, trx) => accounts.onSessionEnd(end, trx) });
  const profile = createProfile({ db, keyring, accounts, mailer, publicUrl: config.publicUrl, now });
  // Called only while serving requests, after `inbox` below exists.
  const unreadCount = (citizenId: string): Promise<number> => inbox.unreadCount(citizenId);

  const { translator } = createI18n([platformMessages, identityMessages, profileMessages, inboxMessages, notificationMessages, personalDataMessages, casesMessages]);
  const web = await createWebServer({
    logger,
    sessions,
    translator,
    nav: NAV,
    resolveViewer: async (request) => {
      const session = request.session;
      if (!session?.citizenId) return null;
      const [screenName, unread] = await Promise.all([profile.screenName(session.citizenId), unreadCount(session.citizenId)]);
      const person = openSessionPerson(keyring, session);
      return { displayName: screenName ?? person?.name ?? '', unreadCount: unread };
    },
  });
  healthRoutes(web, { db });

  const organisations = createOrganisationRegistry({ db, now });
  const signer = ReceiptSigner.load({
    file: config.receiptSigningKeyFile ?? path.join(config.dataDir, 'receipt-signing-key.json'),
    createIfMissing: !config.production,
  });
  const tls = await loadApiTls(config);
  const api = await createApiServer({ logger, tls, requireClientCertificate: !config.api.allowBearerKeys });
  registerApiAuthentication(api, { registry: organisations, allowBearerKeys: config.api.allowBearerKeys });
  const inbox = createInbox({ db, keyring, accounts, organisations, signer, mailer, publicUrl: config.publicUrl, now, notificationDelayMs: config.notificationDelayMs });
  inbox.registerApi(api);
  inbox.registerWeb(web);
  const cases = await createCases({ db, accounts, organisations, logger, now, notificationDelayMs: config.notificationDelayMs, publicUrl: config.publicUrl, zgw: config.zgw });
  cases.registerApi(api);
  cases.registerWeb(web);
  for (const server of [web, api]) server.get('/.well-known/jwks.json', async () => signer.jwks());

  const notificationSources: NotificationSource[] = [messageNotificationSource, caseStatusNotificationSource];
  const notifications = createNotificationWorker({
    db,
    mailer,
    sources: notificationSources,
    verifiedAddresses: (citizenIds) => profile.verifiedEmails(citizenIds),
    recordActivities: (entries, trx) => accounts.recordActivities(entries, trx),
    publicUrl: config.publicUrl,
    now,
    logger,
    retryBaseMs: config.notificationRetryBaseMs,
  });
  const timers: NodeJS.Timeout[] = [];
  let notifying: Promise<unknown> = Promise.resolve();
  identityRoutes(web, {
    sessions,
    relyingParty,
    accounts,
    keyring,
    publicUrl: config.publicUrl,
    unreadCount,
    tiles: NAV.slice(1),
    afterLogin: ({ session, bsn }) => personalData.fetchAtLogin({ session, bsn }),
  });
  profileRoutes(web, { profile, accounts });
  personalDataRoutes(web, { personalData });
  if (mailCatcher && !config.production) devMailRoutes(web, { catcher: mailCatcher });

  return {
    config,
    web,
    api,
    get apiUrl() {
      const address = api.server.address();
      return `https://localhost:${typeof address === 'object' && address ? address.port : config.apiPort}`;
    },
    devCaDir: tls.devCaDir,
    organisations,
    inbox,
    cases,
    signer,
    notifications,
    startWorkers() {
      if (timers.length > 0) return;
      timers.push(
        setInterval(() => {
          notifying = notifying.then(() => notifications.runOnce()).catch((error: unknown) => logger.error({ err: error }, 'notification run failed'));
        }, config.workerPollMs),
        setInterval(() => {
          sessions.sweep().catch((error: unknown) => logger.error({ err: error }, 'session sweep failed'));
        }, 60_000),
      );
    },
    database,
    keyring,
    sessions,
    accounts,
    profile,
    mailer,
    mailCatcher,
    simulator,
    personalData,
    demoRegisters,
    logger,
    async listen() {
      await web.listen({ port: config.port, host: config.host });
      await api.listen({ port: config.apiPort, host: config.host });
      // ZGW Notificaties APIs check the callback when the abonnement is saved, so after listening.
      await cases.subscribe();
      return config.publicUrl;
    },
    async runMaintenance() {
      await sessions.sweep();
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      await notifying;
      await web.close();
      await api.close();
      mailer.close();
      await mailCatcher?.close();
      await simulator?.close();
      personalData.close();
      await demoRegisters?.close();
      await cases.close();
      if (!options.database) await database.close();
    },
  };
}

function demoNote(person: { birthDate: string; deathDate: string | null }): string {
  if (person.deathDate) return ' (overleden, geen toegang)';
  const year = Number(person.birthDate.slice(0, 4));
  return new Date().getFullYear() - year < 14 ? ' (jonger dan 14, geen toegang)' : '';
}
