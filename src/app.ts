import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createAuditLog, loadCheckpointSigner, type AuditLog } from './audit/index.ts';
import type { Config, ExternalMailboxSettings } from './config.ts';
import type { StandIns } from './dev/index.ts';
import { createAccounts, type Accounts } from './identity/index.ts';
import { ReceiptSigner } from './inbox/index.ts';
import { createModules, migrateDatabase, type Modules } from './modules.ts';
import { createKeyUsage, type KeyUsage } from './operations/index.ts';
import { createOrganisationRegistry, loadApiTls, registerApiAuthentication, type OrganisationRegistry } from './organisations/index.ts';
import { Keyring } from './platform/crypto/keyring.ts';
import { openDatabase, type Db, type DatabaseHandle } from './platform/db/database.ts';
import { createApiServer } from './platform/http/api-server.ts';
import { SessionManager } from './platform/http/sessions.ts';
import { createWebServer, ownContext, requestOrigin } from './platform/http/web-server.tsx';
import { createI18n } from './platform/i18n.ts';
import { createLogger } from './platform/logging.ts';
import { createMailer, type Mailer } from './platform/mail/mailer.ts';
import { inScope, type BackgroundJob, type Banner, type ModuleDirectory, type PortalModule } from './platform/module.ts';
import { platformMessages } from './platform/web/platform-messages.ts';
import { createProfile, type Profile } from './profile/index.ts';
import { createRegisters, type Registers } from './registers/index.ts';

/** Which surfaces this process serves: `start` runs all, `serve --web`/`--api` and `worker` one each. */
export interface Roles {
  web: boolean;
  api: boolean;
  worker: boolean;
}

export interface PortalOptions {
  config: Config;
  roles?: Roles;
  /** Injected clock, so tests can move time for session expiry. */
  now?: () => Date;
  keyring?: Keyring;
  logger?: Logger;
  /** An already opened database (tests share one per file). */
  database?: DatabaseHandle;
}

/**
 * The core every module builds on: configuration, database, keys, the population register and the
 * services several modules share (accounts, organisations, profile, sessions, receipt signing).
 */
export interface Core {
  config: Config;
  logger: Logger;
  now: () => Date;
  db: Db;
  keyring: Keyring;
  mailer: Mailer;
  sessions: SessionManager;
  registers: Registers;
  accounts: Accounts;
  organisations: OrganisationRegistry;
  profile: Profile;
  signer: ReceiptSigner;
  /** The tamper-evident audit log of console users' mutations and system purges (R24). */
  audit: AuditLog;
  /** The eID provider: the configured issuer or the simulator. */
  eid: { issuer: string; clientId: string; clientSecret: string | undefined };
  /** The configured ZGW sources plus, in development, the demo source. */
  zgwSources: Config['zgw']['sources'];
  /** The configured external message stores plus, in development, the demo store. */
  externalMailboxes: ExternalMailboxSettings;
  /** Circuit-breaker settings shared by outside sources (registers, message stores). */
  breakerSettings: Config['registers']['breaker'];
  publicUrl: string;
  notificationDelayMs: number;
  /** Every module, once all are built (for modules that gather others' contributions). */
  directory: ModuleDirectory;
  /** Modules' settings that the core passes through unchanged. */
  settings: { totalTimeoutMs: number };
}

/** Everything one portal process holds; close() releases it all. */
export interface Portal {
  config: Config;
  roles: Roles;
  /** The citizen web server; null when this process does not serve it (worker, `serve --api`). */
  web: FastifyInstance | null;
  /** The organisation API (HTTPS, mutual TLS); null when this process does not serve it. */
  api: FastifyInstance | null;
  apiUrl: string;
  /** Where the development CA lives, when one is used. */
  devCaDir: string | null;
  modules: Modules;
  database: DatabaseHandle;
  db: Db;
  keyring: Keyring;
  sessions: SessionManager;
  accounts: Accounts;
  organisations: OrganisationRegistry;
  profile: Profile;
  inbox: Modules['inbox'];
  cases: Modules['cases'];
  mailer: Mailer;
  registers: Registers;
  standIns: StandIns | null;
  mailCatcher: StandIns['mailCatcher'];
  simulator: StandIns['simulator'];
  demoRegisters: StandIns['demoRegisters'];
  logger: Logger;
  /** Starts the background jobs of every module (the worker role). */
  startWorkers(): void;
  /** Starts listening on the roles' ports; returns the citizen-facing address. */
  listen(): Promise<string>;
  /** Periodic maintenance: expired sessions. */
  runMaintenance(): Promise<void>;
  /** The persisted encryption count per data key (AES-GCM usage budget). */
  keyUsage: KeyUsage;
  close(): Promise<void>;
}

const ALL_ROLES: Roles = { web: true, api: true, worker: true };

/**
 * Loads the keys every process needs from their files, making them in development when missing.
 * The cluster primary calls this once before forking, so N processes never each make (and
 * overwrite) their own key: receipts signed by one process must verify with the key file's JWKS.
 */
export async function prepareKeys(config: Config, roles: Roles): Promise<void> {
  Keyring.load({ file: config.keyringFile ?? path.join(config.dataDir, 'keyring.json'), createIfMissing: !config.production });
  ReceiptSigner.load({ file: config.receiptSigningKeyFile ?? path.join(config.dataDir, 'receipt-signing-key.json'), createIfMissing: !config.production });
  loadCheckpointSigner(config);
  if (roles.api) await loadApiTls(config);
}

/**
 * The composition root: builds the core, then the modules (src/modules.ts), then loops over the
 * modules to build the surfaces this process serves. Development stand-ins start only for absent
 * settings, from src/dev (production configuration refuses to start without them).
 */
export async function createPortal(options: PortalOptions): Promise<Portal> {
  const { config } = options;
  const roles = options.roles ?? ALL_ROLES;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') }));
  await migrateDatabase(database.db);
  const db = database.db;
  const keyring = options.keyring ?? Keyring.load({ file: config.keyringFile ?? path.join(config.dataDir, 'keyring.json'), createIfMissing: !config.production });

  // Loaded only outside production: the simulated DigiD (oidc-provider) alone is ~25 MB.
  const standIns = config.production ? null : await (await import('./dev/index.ts')).startStandIns(config, roles);
  const smtpUrl = config.smtpUrl ?? standIns?.smtpUrl;
  if (!smtpUrl) throw new Error('SMTP_URL is required');
  // Only the web role logs citizens in: elsewhere the relying party is built but never used.
  const eid = config.oidc.issuer
    ? { issuer: config.oidc.issuer, clientId: config.oidc.clientId, clientSecret: config.oidc.clientSecret }
    : (standIns?.eid ?? { issuer: '', clientId: config.oidc.clientId, clientSecret: undefined });

  const mailer = createMailer({ smtpUrl, from: config.mailFrom, poolSize: config.smtpPoolSize });
  const registers = createRegisters({ settings: config.registers, fallbackUrls: standIns?.registerUrls, logger });
  const accounts = createAccounts({ db, keyring, register: registers.population, now });
  // The modules' lookups are read with the session row (built below, asked at request time).
  const sessions = new SessionManager({
    db,
    now,
    onEnd: (end, trx) => accounts.onSessionEnd(end, trx),
    pendingLimit: config.limits.pendingLogins,
    lookups: () => built.flatMap((module) => module.sessionLookups ?? []),
  });
  const organisations = createOrganisationRegistry({ db, now });
  const profile = createProfile({ db, keyring, accounts, mailer, publicUrl: config.publicUrl, now, mailLimits: config.limits });
  const signer = ReceiptSigner.load({ file: config.receiptSigningKeyFile ?? path.join(config.dataDir, 'receipt-signing-key.json'), createIfMissing: !config.production });
  const dev = standIns ? await standIns.attach({ organisations, now }) : null;

  let built: readonly PortalModule[] = [];
  const core: Core = {
    config,
    logger,
    now,
    db,
    keyring,
    mailer,
    sessions,
    registers,
    accounts,
    organisations,
    profile,
    signer,
    audit: createAuditLog({ now }),
    eid,
    zgwSources: [...config.zgw.sources, ...(dev?.zgwSources ?? [])],
    externalMailboxes: { ...config.externalMailboxes, stores: [...config.externalMailboxes.stores, ...(standIns?.mailboxStores ?? [])] },
    breakerSettings: config.registers.breaker,
    publicUrl: config.publicUrl,
    notificationDelayMs: config.notificationDelayMs,
    directory: { modules: () => built },
    settings: { totalTimeoutMs: config.registers.totalTimeoutMs },
  };
  const modules = createModules(core);
  built = [...Object.values(modules), ...(dev ? [dev.module] : [])];

  const signIn = built.find((module) => module.signIn)?.signIn;
  if (!signIn) throw new Error('no module offers sign-in');
  const { translator } = createI18n([platformMessages, ...built.flatMap((module) => (module.texts ? [module.texts] : []))]);
  // The representation service of each route pattern, for the ledger entry of a refused request (R17).
  const serviceOfRoute = new Map<string, string>();
  const web = !roles.web
    ? null
    : await createWebServer({
    logger,
    sessions,
    publicUrl: config.publicUrl,
    rateLimits: config.limits,
    trustProxy: config.trustProxy,
    onSecurityEvent: (event) =>
      accounts.recordSecurityEvent({
        name: event.name,
        subjectId: event.citizen?.subject.citizenId,
        actorId: event.citizen?.actor.citizenId,
        loginId: event.citizen?.loginId,
        detail: event.detail,
        origin: event.origin,
        // A representative's refused or failed request belongs to the ledger of the mandate (R17).
        mandateId: event.citizen?.representation?.mandateId,
        mandateService: event.citizen?.representation ? (event.origin.route ? (serviceOfRoute.get(event.origin.route) ?? null) : null) : null,
      }),
    translator,
    signIn,
    nav: built.flatMap((module) => (module.nav ?? []).map((item) => ({ scope: module.scope, ...item }))).sort((a, b) => a.order - b.order),
    footer: built.flatMap((module) => module.footer ?? []).sort((a, b) => a.order - b.order),
    resolveViewer: async (request, context) => {
      let displayName: string | null = null;
      for (const module of built) {
        displayName = (await module.displayName?.(context)) ?? null;
        if (displayName) break;
      }
      const badges = await Promise.all(built.map((module) => (inScope(context, module.scope) ? (module.headerBadges?.(context, request.t) ?? []) : [])));
      let banner: Banner | null = null;
      for (const module of built) {
        banner = (await module.banner?.(context, request.t)) ?? null;
        if (banner) break;
      }
      return { displayName: displayName ?? '', badges: badges.flat(), banner };
    },
    // Representation supplies who acts for whom; without it every citizen acts for themselves.
    resolveContext: async (session) => {
      for (const module of built) {
        const context = await module.resolveContext?.(session);
        if (context) return context;
      }
      return ownContext(session);
    },
  });
  const tls = roles.api ? await loadApiTls(config) : null;
  const api = tls ? await createApiServer({ logger, tls, requireClientCertificate: !config.api.allowBearerKeys }) : null;
  if (api) {
    await registerApiAuthentication(api, {
      registry: organisations,
      allowBearerKeys: config.api.allowBearerKeys,
      limits: { requestsPerMinute: config.api.requestsPerMinute, concurrentBatches: config.api.concurrentBatches },
      // R23: into the same security log as the web refusals; no citizen is involved, so no subject.
      onAuthenticationFailure: (failure) => accounts.recordSecurityEvent({ name: 'api-authentication-failed', detail: failure.reason, origin: requestOrigin(failure.request) }),
    });
  }
  for (const module of built) {
    if (web) await module.web?.(web);
    if (api) await module.api?.(api);
  }
  for (const route of web?.routeTable() ?? []) if (route.representation) serviceOfRoute.set(route.url, route.representation);

  const jobs: BackgroundJob[] = [
    ...built.flatMap((module) => module.jobs ?? []),
    { name: 'session-sweep', intervalMs: 60_000, run: () => sessions.sweep() },
  ];
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  // Every role encrypts (web: profile and sessions, API: messages), so every process writes its
  // encryption counts for the AES-GCM usage budget, each minute and at close.
  const keyUsage = createKeyUsage({ db, keyring, logger });
  const flushKeyUsage = () => keyUsage.flush().catch((error: unknown) => logger.error({ err: error }, 'key usage not recorded'));
  const keyUsageTimer = setInterval(() => void flushKeyUsage(), 60_000);
  keyUsageTimer.unref();

  return {
    config,
    roles,
    web,
    api,
    get apiUrl() {
      const address = api?.server.address();
      return `https://localhost:${typeof address === 'object' && address ? address.port : config.apiPort}`;
    },
    devCaDir: tls?.devCaDir ?? null,
    modules,
    database,
    db,
    keyring,
    sessions,
    accounts,
    organisations,
    profile,
    inbox: modules.inbox,
    cases: modules.cases,
    mailer,
    registers,
    standIns,
    mailCatcher: standIns?.mailCatcher ?? null,
    simulator: standIns?.simulator ?? null,
    demoRegisters: standIns?.demoRegisters ?? null,
    logger,
    startWorkers() {
      if (timers.length > 0) return;
      for (const job of jobs) {
        // One run of a job at a time: the next tick waits for the previous run.
        timers.push(
          setInterval(() => {
            const previous = running.get(job.name) ?? Promise.resolve();
            running.set(
              job.name,
              previous.then(() => job.run()).catch((error: unknown) => logger.error({ job: job.name, err: error }, 'background job failed')),
            );
          }, job.intervalMs),
        );
      }
    },
    async listen() {
      await web?.listen({ port: config.port, host: config.host });
      await api?.listen({ port: config.apiPort, host: config.host });
      // Callbacks (ZGW) arrive at the web server: subscribe where it runs.
      if (web) for (const module of built) await module.onListening?.();
      return config.publicUrl;
    },
    async runMaintenance() {
      await sessions.sweep();
    },
    keyUsage,
    async close() {
      for (const timer of timers) clearInterval(timer);
      clearInterval(keyUsageTimer);
      await Promise.all(running.values());
      await web?.close();
      await api?.close();
      for (const module of built) await module.close?.();
      await flushKeyUsage();
      mailer.close();
      registers.close();
      await standIns?.close();
      if (!options.database) await database.close();
    },
  };
}
