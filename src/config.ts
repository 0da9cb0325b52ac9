import path from 'node:path';

/** Everything the portal reads from the environment, validated in one place. */
export interface Config {
  production: boolean;
  port: number;
  apiPort: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  keyringFile: string | undefined;
  oidc: {
    /** Absent: the simulated DigiD provider is started and used. */
    issuer: string | undefined;
    clientId: string;
    clientSecret: string | undefined;
    privateKeyFile: string | undefined;
    bsnClaim: string;
    /** DigiD Machtigen: the claims naming the represented person, the representative and the service. */
    machtigenClaims: { representee: string; representative: string; service: string };
    simulatorPort: number;
  };
  /** Absent: the local mail catcher is started and used. */
  smtpUrl: string | undefined;
  /** SMTP connections each process keeps open (nodemailer pool); mail goes out over them in parallel. */
  smtpPoolSize: number;
  mailCatcherPort: number;
  mailFrom: string;
  /** Where the population register (Haal Centraal BRP) is served; absent means the demo register. */
  brpUrl: string | undefined;
  /** Register providers for Persoonlijke Gegevens (R14); a source without url is served by a demo register. */
  registers: RegisterSettings;
  /** The organisation API (mutual TLS). Absent files: a development CA under DATA_DIR is used. */
  api: {
    tlsCertFile: string | undefined;
    tlsKeyFile: string | undefined;
    clientCaFile: string | undefined;
    /** Development only: bearer keys from `org add` besides client certificates. */
    allowBearerKeys: boolean;
    /** Per organisation: requests per minute, and batches running at once. */
    requestsPerMinute: number;
    concurrentBatches: number;
  };
  receiptSigningKeyFile: string | undefined;
  /** Ed25519 key that signs the audit log's monthly checkpoints (R24). */
  auditSigningKeyFile: string | undefined;
  /** How long a notification mail waits to gather more news for the same citizen. */
  notificationDelayMs: number;
  /** First retry delay for a failed notification mail; doubles per attempt. */
  notificationRetryBaseMs: number;
  /** How often the background worker looks for due work. */
  workerPollMs: number;
  /** ZGW (Open Zaak) sources whose zaken become cases (ZGW_SOURCES), and the development demo. */
  zgw: { sources: ZgwSource[]; demo: boolean };
  logLevel: string;
  /** Abuse limits of the citizen web server. */
  limits: AbuseLimits;
  /**
   * Which proxies may name the client address in X-Forwarded-For (Fastify's trustProxy):
   * false (default: the socket's address), true, or addresses and CIDR ranges ('loopback' too).
   */
  trustProxy: boolean | string[];
  /** Days a security event is kept (R23, R25); the usage history has its own rules. */
  securityLogRetentionDays: number;
  /** Rights of the data subject (R20, R21): where requests are forwarded, and how exports are made and kept. */
  rights: RightsSettings;
  /** The bearer token Prometheus presents at /metrics; absent: no /metrics. At least 32 characters. */
  metricsToken: string | undefined;
  /**
   * The hosts the operator declared that the portal may connect to (ALLOWED_ENDPOINT_HOSTS, comma
   * separated; R31). In production every configured endpoint (eID provider, SMTP, registers, ZGW
   * sources) must be on it, so no data goes to a host nobody declared (e.g. outside the EU).
   */
  allowedEndpointHosts: string[];
  /**
   * Published usage statistics (R28): counts below `minCount` are not published, and each published
   * figure carries two-sided geometric noise with privacy loss `epsilon` (sensitivity 1).
   */
  statistics: { minCount: number; epsilon: number };
  /**
   * The capacity plan (R27): messages per minute an organisation may deliver without an announced
   * wave, and what the platform delivers per second (from the benchmark; the planners' line).
   */
  capacity: { baselinePerMinute: number; platformPerSecond: number };
  /** Other organisations' message stores (berichtenmagazijnen) the citizen may consent to (R19). */
  externalMailboxes: ExternalMailboxSettings;
}

/** One organisation's message store (FBS berichtenmagazijn): where it is, how the portal authenticates (mTLS). */
export interface ExternalMailboxStore {
  /** Lower-case slug, used in the portal's addresses. */
  id: string;
  /** The organisation's name as citizens know it. */
  name: string;
  /** The organisation's OIN (the magazijnId of the FBS contract). */
  oin: string;
  /** Base URL including the API path, e.g. https://magazijn.example/api/v1. */
  url: string;
  timeoutMs: number;
  clientCertFile: string | undefined;
  clientKeyFile: string | undefined;
  caFile: string | undefined;
}

export interface ExternalMailboxSettings {
  stores: ExternalMailboxStore[];
  /** Development: start a demo message store when none is configured (EXTERNAL_MAILBOX_DEMO=false to skip). */
  demo: boolean;
  /** How long a fetched message list is reused within one session before asking the store again. */
  cacheMs: number;
}

function externalMailboxSettings(env: NodeJS.ProcessEnv, production: boolean): ExternalMailboxSettings {
  const raw = optional(env, 'EXTERNAL_MAILBOXES');
  let parsed: unknown = [];
  try {
    parsed = raw ? JSON.parse(raw) : [];
  } catch {
    throw new ConfigError('EXTERNAL_MAILBOXES must be a JSON array of message stores');
  }
  if (!Array.isArray(parsed)) throw new ConfigError('EXTERNAL_MAILBOXES must be a JSON array of message stores');
  const defaultTimeout = positiveIntFrom(env, 'EXTERNAL_MAILBOX_TIMEOUT_MS', 2000);
  const stores = parsed.map((item: unknown, index): ExternalMailboxStore => {
    const entry = (item ?? {}) as Record<string, unknown>;
    const text = (key: string, required: boolean): string | undefined => {
      const value = entry[key];
      if (value === undefined && !required) return undefined;
      if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`EXTERNAL_MAILBOXES[${index}].${key} is required`);
      return value.trim();
    };
    const store: ExternalMailboxStore = {
      id: text('id', true) ?? '',
      name: text('name', true) ?? '',
      oin: text('oin', true) ?? '',
      url: (text('url', true) ?? '').replace(/\/$/, ''),
      timeoutMs: entry.timeoutMs === undefined ? defaultTimeout : Number(entry.timeoutMs),
      clientCertFile: text('clientCertFile', false),
      clientKeyFile: text('clientKeyFile', false),
      caFile: text('caFile', false),
    };
    if (!/^[a-z0-9-]{1,40}$/.test(store.id)) throw new ConfigError(`EXTERNAL_MAILBOXES[${index}].id must be lower-case letters, digits and dashes`);
    if (!/^\d{20}$/.test(store.oin)) throw new ConfigError(`EXTERNAL_MAILBOXES[${index}].oin must be 20 digits`);
    if (!Number.isInteger(store.timeoutMs) || store.timeoutMs < 1) throw new ConfigError(`EXTERNAL_MAILBOXES[${index}].timeoutMs must be a positive whole number`);
    if (!hasProtocol(store.url, 'https:') && !hasProtocol(store.url, 'http:')) throw new ConfigError(`EXTERNAL_MAILBOXES[${index}].url must be an http(s) URL`);
    if (production && !store.url.startsWith('https://')) throw new ConfigError(`EXTERNAL_MAILBOXES[${index}].url must use https:// in production`);
    if (production && (!store.clientCertFile || !store.clientKeyFile)) throw new ConfigError(`EXTERNAL_MAILBOXES[${index}] needs clientCertFile and clientKeyFile (mutual TLS) in production`);
    return store;
  });
  if (new Set(stores.map((store) => store.id)).size !== stores.length) throw new ConfigError('EXTERNAL_MAILBOXES ids must be unique');
  return {
    stores,
    demo: !production && stores.length === 0 && env.EXTERNAL_MAILBOX_DEMO !== 'false',
    cacheMs: positiveIntFrom(env, 'EXTERNAL_MAILBOX_CACHE_MS', 60_000),
  };
}

/**
 * Where a request about data another authority holds goes (R21): by e-mail, or POSTed as JSON to an
 * https endpoint. `oin` names the organisation that may set the request's status through the API.
 */
export interface RightsContact {
  name?: string;
  email?: string;
  endpoint?: string;
  oin?: string;
}

export interface RightsSettings {
  /** By register source (brp, rdw, woz, benefits) or organisation OIN; '*' for every other authority. */
  contacts: Record<string, RightsContact>;
  /** How long a download request waits for its export before the rest runs as a job and a mail follows. */
  exportInlineMs: number;
  /** Hours a finished export is kept (encrypted) before it is deleted. */
  exportRetentionHours: number;
}

function rightsSettings(env: NodeJS.ProcessEnv): RightsSettings {
  const raw = optional(env, 'RIGHTS_CONTACTS');
  let parsed: unknown = {};
  try {
    parsed = raw ? JSON.parse(raw) : {};
  } catch {
    throw new ConfigError('RIGHTS_CONTACTS must be a JSON object of contacts');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('RIGHTS_CONTACTS must be a JSON object of contacts');
  const contacts: Record<string, RightsContact> = { '*': { email: 'privacy@burgerportaal.example' } };
  for (const [key, value] of Object.entries(parsed)) {
    const entry = (value ?? {}) as Record<string, unknown>;
    const contact: RightsContact = {};
    for (const field of ['name', 'email', 'endpoint', 'oin'] as const) if (typeof entry[field] === 'string') contact[field] = entry[field];
    if (!contact.email && !contact.endpoint) throw new ConfigError(`RIGHTS_CONTACTS.${key} needs an email or an endpoint`);
    if (contact.endpoint && !contact.endpoint.startsWith('https://')) throw new ConfigError(`RIGHTS_CONTACTS.${key}.endpoint must use https://`);
    contacts[key] = contact;
  }
  const inlineMs = Number(optional(env, 'EXPORT_INLINE_MS') ?? 5000);
  if (!Number.isInteger(inlineMs) || inlineMs < 0) throw new ConfigError('EXPORT_INLINE_MS must be a whole number of milliseconds (0: always as a job)');
  return { contacts, exportInlineMs: inlineMs, exportRetentionHours: positiveInt(env, 'EXPORT_RETENTION_HOURS', 168) };
}

/** How much one client address, one citizen or one e-mail address may ask for. */
export interface AbuseLimits {
  /** Requests per minute from one client address without a login. */
  perAddressPerMinute: number;
  /** Requests per minute of one logged-in citizen (on a shared address many citizens may be logged in). */
  perCitizenPerMinute: number;
  /** Login starts per minute from one client address. */
  loginStartsPerAddressPerMinute: number;
  /** Pending logins (pre-login sessions) kept at most; past this the oldest are dropped. */
  pendingLogins: number;
  /** Verification mails one citizen may have sent per hour. */
  verificationMailsPerCitizenPerHour: number;
  /** Verification mails to one e-mail address per day, whoever asks. */
  verificationMailsPerAddressPerDay: number;
}

/**
 * One organisation working case-based on the ZGW standard: where its Zaken, Catalogi and
 * Notificaties APIs live, the ZGW client id and secret (HS256 JWT), and the dossier link for a
 * zaak ({identificatie} and {uuid} are filled in). `id` names its callback path.
 */
export interface ZgwSource {
  id: string;
  oin: string;
  zakenUrl: string;
  catalogiUrl: string;
  notificatiesUrl: string;
  clientId: string;
  secret: string;
  dossierUrlTemplate: string;
}

function zgwSettings(env: NodeJS.ProcessEnv, production: boolean): { sources: ZgwSource[]; demo: boolean } {
  const raw = optional(env, 'ZGW_SOURCES');
  let parsed: unknown = [];
  try {
    parsed = raw ? JSON.parse(raw) : [];
  } catch {
    throw new ConfigError('ZGW_SOURCES must be a JSON array of sources');
  }
  if (!Array.isArray(parsed)) throw new ConfigError('ZGW_SOURCES must be a JSON array of sources');
  const text = ['id', 'oin', 'zakenUrl', 'catalogiUrl', 'notificatiesUrl', 'clientId', 'secret', 'dossierUrlTemplate'] as const;
  const sources = parsed.map((item: unknown, index): ZgwSource => {
    const entry = (item ?? {}) as Record<string, unknown>;
    for (const key of text) {
      if (typeof entry[key] !== 'string' || entry[key] === '') throw new ConfigError(`ZGW_SOURCES[${index}].${key} is required`);
    }
    const source = Object.fromEntries(text.map((key) => [key, String(entry[key]).replace(/\/$/, '')])) as unknown as ZgwSource;
    if (!/^[a-z0-9-]{1,40}$/.test(source.id)) throw new ConfigError(`ZGW_SOURCES[${index}].id must be lower-case letters, digits and dashes`);
    if (!/^\d{20}$/.test(source.oin)) throw new ConfigError(`ZGW_SOURCES[${index}].oin must be 20 digits`);
    if (!source.dossierUrlTemplate.startsWith('https://')) throw new ConfigError(`ZGW_SOURCES[${index}].dossierUrlTemplate must start with https://`);
    if (production && ![source.zakenUrl, source.catalogiUrl, source.notificatiesUrl].every((url) => url.startsWith('https://'))) {
      throw new ConfigError(`ZGW_SOURCES[${index}] URLs must use https:// in production`);
    }
    return source;
  });
  return { sources, demo: !production && sources.length === 0 && env.ZGW_DEMO !== 'false' };
}

/** One register provider: where it is served, how the portal authenticates (mTLS) and how long it may take. */
export interface RegisterProvider {
  url: string | undefined;
  timeoutMs: number;
  clientCertFile: string | undefined;
  clientKeyFile: string | undefined;
  caFile: string | undefined;
}

export const REGISTER_SOURCES = ['brp', 'rdw', 'woz', 'benefits'] as const;
export type RegisterSource = (typeof REGISTER_SOURCES)[number];

export interface RegisterSettings {
  providers: Record<RegisterSource, RegisterProvider>;
  /** The whole fetch at login never takes longer than this. */
  totalTimeoutMs: number;
  breaker: { volumeThreshold: number; errorThresholdPercentage: number; resetTimeoutMs: number };
}

export class ConfigError extends Error {}

function positiveIntFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

const REGISTER_ENV_PREFIX: Record<RegisterSource, string> = { brp: 'BRP', rdw: 'RDW', woz: 'WOZ', benefits: 'BENEFITS' };

function registerSettings(env: NodeJS.ProcessEnv): RegisterSettings {
  const defaultTimeout = positiveIntFrom(env, 'REGISTER_TIMEOUT_MS', 2000);
  const provider = (prefix: string): RegisterProvider => ({
    url: optional(env, `${prefix}_URL`)?.replace(/\/$/, ''),
    timeoutMs: positiveIntFrom(env, `${prefix}_TIMEOUT_MS`, defaultTimeout),
    clientCertFile: optional(env, `${prefix}_CLIENT_CERT_FILE`),
    clientKeyFile: optional(env, `${prefix}_CLIENT_KEY_FILE`),
    caFile: optional(env, `${prefix}_CA_FILE`),
  });
  return {
    providers: {
      brp: provider(REGISTER_ENV_PREFIX.brp),
      rdw: provider(REGISTER_ENV_PREFIX.rdw),
      woz: provider(REGISTER_ENV_PREFIX.woz),
      benefits: provider(REGISTER_ENV_PREFIX.benefits),
    },
    totalTimeoutMs: positiveIntFrom(env, 'REGISTER_TOTAL_TIMEOUT_MS', 3000),
    breaker: {
      volumeThreshold: positiveIntFrom(env, 'REGISTER_BREAKER_VOLUME', 10),
      errorThresholdPercentage: positiveIntFrom(env, 'REGISTER_BREAKER_ERROR_PERCENT', 50),
      resetTimeoutMs: positiveIntFrom(env, 'REGISTER_BREAKER_RESET_MS', 30_000),
    },
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(`${name} must be a port number (0-65535), got "${raw}"`);
  }
  return value;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

function epsilonFrom(raw: string | undefined): number {
  if (raw === undefined) return 0.5;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 10) throw new ConfigError(`STATISTICS_EPSILON must be a number above 0 and at most 10, got "${raw}"`);
  return value;
}

function metricsTokenFrom(raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.length < 32) throw new ConfigError('METRICS_TOKEN must be at least 32 characters');
  return raw;
}

function trustProxyFrom(raw: string | undefined): boolean | string[] {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  return raw.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Reads and validates the configuration; throws ConfigError naming the setting that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const port = intFrom(env, 'PORT', 3000);
  const dataDir = path.resolve(optional(env, 'DATA_DIR') ?? './data');
  const publicUrl = (optional(env, 'PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  }
  const config: Config = {
    production,
    port,
    apiPort: intFrom(env, 'API_PORT', 3443),
    host: optional(env, 'HOST') ?? (production ? '0.0.0.0' : '127.0.0.1'),
    publicUrl,
    databaseUrl: optional(env, 'DATABASE_URL'),
    dataDir,
    keyringFile: optional(env, 'KEYRING_FILE'),
    oidc: {
      issuer: optional(env, 'OIDC_ISSUER'),
      clientId: optional(env, 'OIDC_CLIENT_ID') ?? 'burgerportaal',
      clientSecret: optional(env, 'OIDC_CLIENT_SECRET'),
      privateKeyFile: optional(env, 'OIDC_PRIVATE_KEY_FILE'),
      bsnClaim: optional(env, 'OIDC_BSN_CLAIM') ?? 'bsn',
      machtigenClaims: {
        representee: optional(env, 'OIDC_REPRESENTEE_CLAIM') ?? 'aanvrager.bsn',
        representative: optional(env, 'OIDC_REPRESENTATIVE_CLAIM') ?? 'gemachtigde.bsn',
        service: optional(env, 'OIDC_SERVICE_CLAIM') ?? 'service_id',
      },
      simulatorPort: intFrom(env, 'OIDC_SIMULATOR_PORT', 3001),
    },
    smtpUrl: optional(env, 'SMTP_URL'),
    smtpPoolSize: positiveIntFrom(env, 'SMTP_POOL_SIZE', 16),
    mailCatcherPort: intFrom(env, 'MAIL_CATCHER_PORT', 2525),
    mailFrom: optional(env, 'MAIL_FROM') ?? 'Burgerportaal <noreply@burgerportaal.example>',
    brpUrl: optional(env, 'BRP_URL'),
    registers: registerSettings(env),
    api: {
      tlsCertFile: optional(env, 'API_TLS_CERT_FILE'),
      tlsKeyFile: optional(env, 'API_TLS_KEY_FILE'),
      clientCaFile: optional(env, 'API_CLIENT_CA_FILE'),
      allowBearerKeys: !production && env.API_ALLOW_BEARER_KEYS !== 'false',
      requestsPerMinute: positiveIntFrom(env, 'API_REQUESTS_PER_MINUTE', 1200),
      concurrentBatches: positiveIntFrom(env, 'API_CONCURRENT_BATCHES', 4),
    },
    receiptSigningKeyFile: optional(env, 'RECEIPT_SIGNING_KEY_FILE'),
    auditSigningKeyFile: optional(env, 'AUDIT_SIGNING_KEY_FILE'),
    notificationDelayMs: Number(optional(env, 'NOTIFICATION_DELAY_MS') ?? 60_000),
    workerPollMs: Number(optional(env, 'WORKER_POLL_MS') ?? 1000),
    notificationRetryBaseMs: Number(optional(env, 'NOTIFICATION_RETRY_BASE_MS') ?? 5000),
    zgw: zgwSettings(env, production),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    limits: {
      perAddressPerMinute: positiveInt(env, 'RATE_LIMIT_PER_ADDRESS', 600),
      perCitizenPerMinute: positiveInt(env, 'RATE_LIMIT_PER_CITIZEN', 300),
      loginStartsPerAddressPerMinute: positiveInt(env, 'RATE_LIMIT_LOGIN_STARTS', 30),
      pendingLogins: positiveInt(env, 'PENDING_LOGIN_LIMIT', 10_000),
      verificationMailsPerCitizenPerHour: positiveInt(env, 'VERIFICATION_MAILS_PER_CITIZEN_HOUR', 3),
      verificationMailsPerAddressPerDay: positiveInt(env, 'VERIFICATION_MAILS_PER_ADDRESS_DAY', 3),
    },
    trustProxy: trustProxyFrom(optional(env, 'TRUST_PROXY')),
    metricsToken: metricsTokenFrom(optional(env, 'METRICS_TOKEN')),
    securityLogRetentionDays: positiveInt(env, 'SECURITY_LOG_RETENTION_DAYS', 180),
    allowedEndpointHosts: (optional(env, 'ALLOWED_ENDPOINT_HOSTS') ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter((host) => host.length > 0),
    rights: rightsSettings(env),
    capacity: { baselinePerMinute: positiveInt(env, 'CAPACITY_BASELINE_PER_MINUTE', 6000), platformPerSecond: positiveInt(env, 'CAPACITY_PLATFORM_PER_SECOND', 6900) },
    statistics: { minCount: positiveInt(env, 'STATISTICS_MIN_COUNT', 10), epsilon: epsilonFrom(optional(env, 'STATISTICS_EPSILON')) },
    externalMailboxes: externalMailboxSettings(env, production),
  };
  if (production) assertProductionReady(config);
  return config;
}

function hasProtocol(raw: string, protocol: string): boolean {
  try {
    return new URL(raw).protocol === protocol;
  } catch {
    return false;
  }
}

/**
 * Why SMTP_URL would send mail without (verified) TLS. nodemailer reads the URL itself
 * (parseConnectionUrl): `smtps:` means implicit TLS; for `smtp:` a `secure` query parameter is
 * ignored, `requireTLS=true` makes it demand STARTTLS or fail, and `tls.*` parameters become TLS
 * options, so `tls.rejectUnauthorized=false` (or 0) would switch off certificate checks.
 */
function smtpTransportProblems(smtpUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    return ['SMTP_URL as a URL: smtps://host:465 or smtp://host:587?requireTLS=true'];
  }
  const problems: string[] = [];
  const startTlsRequired = url.searchParams.getAll('requireTLS').some((value) => value === 'true');
  if (!(url.protocol === 'smtps:' || (url.protocol === 'smtp:' && startTlsRequired))) {
    problems.push('SMTP_URL with TLS: smtps://… (implicit TLS) or smtp://…?requireTLS=true (STARTTLS required); plain smtp:// sends mail unencrypted');
  }
  const verification = url.searchParams.getAll('tls.rejectUnauthorized');
  if (verification.some((value) => value !== 'true')) {
    problems.push('SMTP_URL without tls.rejectUnauthorized=false (the mail server certificate must be verified)');
  }
  return problems;
}

const DATABASE_TLS_SSLMODES = new Set(['require', 'verify-ca', 'verify-full']);

/**
 * True when pg (pg-connection-string) will insist on TLS for DATABASE_URL, or connect over a
 * local Unix socket: a path, `socket:`, or a host (the `host` parameter wins over the URL's
 * host, as in pg) that starts with "/". sslmode decides when present (disable, allow, prefer and
 * no-verify do not count); otherwise ssl=true (or 1) does.
 */
function databaseUrlIsEncryptedOrLocal(databaseUrl: string): boolean {
  if (databaseUrl.startsWith('/')) return true;
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    try {
      // pg accepts an empty host after credentials (postgres://user@/db?host=…) the same way.
      url = new URL(databaseUrl.replace('@/', '@___DUMMY___/'));
    } catch {
      return false;
    }
  }
  if (url.protocol === 'socket:') return true;
  // pg-connection-string keeps the last of repeated parameters.
  const param = (name: string): string | undefined => url.searchParams.getAll(name).at(-1);
  let host = param('host');
  if (host === undefined) {
    try {
      host = decodeURIComponent(url.hostname);
    } catch {
      host = url.hostname;
    }
  }
  if (host.startsWith('/')) return true;
  const sslmode = param('sslmode');
  if (sslmode !== undefined) return DATABASE_TLS_SSLMODES.has(sslmode);
  const ssl = param('ssl');
  return ssl === 'true' || ssl === '1';
}

/** Production must never run on the development stand-ins; name every missing setting. */
function assertProductionReady(config: Config): void {
  const missing: string[] = [];
  if (!config.databaseUrl) missing.push('DATABASE_URL (the embedded database is for development only)');
  if (config.databaseUrl && !databaseUrlIsEncryptedOrLocal(config.databaseUrl)) {
    missing.push('DATABASE_URL with sslmode=verify-full (or require, verify-ca, ssl=true), or a local Unix socket (host=/var/run/postgresql); plain TCP would carry personal data unencrypted');
  }
  if (!config.keyringFile) missing.push('KEYRING_FILE (encryption keys are required)');
  if (!config.oidc.issuer) missing.push('OIDC_ISSUER (the simulated DigiD is for development only)');
  if (config.oidc.issuer && !hasProtocol(config.oidc.issuer, 'https:')) {
    missing.push('OIDC_ISSUER with https:// (discovery, keys and the token exchange with the eID provider must use TLS)');
  }
  if (config.oidc.issuer && !config.oidc.clientSecret && !config.oidc.privateKeyFile) {
    missing.push('OIDC_CLIENT_SECRET or OIDC_PRIVATE_KEY_FILE');
  }
  if (!config.api.tlsCertFile || !config.api.tlsKeyFile) missing.push('API_TLS_CERT_FILE and API_TLS_KEY_FILE (the organisation API server certificate)');
  if (!config.api.clientCaFile) missing.push('API_CLIENT_CA_FILE (PKIoverheid roots that client certificates must chain to)');
  if (!config.receiptSigningKeyFile) missing.push('RECEIPT_SIGNING_KEY_FILE (the key that signs delivery receipts)');
  if (!config.auditSigningKeyFile) missing.push('AUDIT_SIGNING_KEY_FILE (the key that signs the audit log\'s monthly checkpoints)');
  if (!config.smtpUrl) missing.push('SMTP_URL (the mail catcher is for development only)');
  if (config.smtpUrl) missing.push(...smtpTransportProblems(config.smtpUrl));
  if (!config.brpUrl) missing.push('BRP_URL (the demo population register is for development only)');
  for (const source of REGISTER_SOURCES) {
    const provider = config.registers.providers[source];
    const prefix = REGISTER_ENV_PREFIX[source];
    if (source !== 'brp' && !provider.url) missing.push(`${prefix}_URL (the demo ${source} register is for development only)`);
    if (provider.url && !provider.url.startsWith('https://')) missing.push(`${prefix}_URL with https://`);
    if (!provider.clientCertFile || !provider.clientKeyFile) missing.push(`${prefix}_CLIENT_CERT_FILE and ${prefix}_CLIENT_KEY_FILE (mutual TLS to the register)`);
  }
  if (!config.publicUrl.startsWith('https://')) missing.push('PUBLIC_URL with https://');
  missing.push(...undeclaredEndpoints(config));
  if (missing.length > 0) {
    throw new ConfigError(`Refusing to start in production; missing or unsafe settings:\n- ${missing.join('\n- ')}`);
  }
}

/**
 * Every outgoing endpoint the configuration names, with its setting: the eID provider, the mail
 * server, the registers, the ZGW sources and external message stores. A new kind of endpoint (e.g. webhook hosts) joins here.
 */
export function configuredEndpoints(config: Config): { setting: string; host: string }[] {
  const urls: { setting: string; url: string | undefined }[] = [
    { setting: 'OIDC_ISSUER', url: config.oidc.issuer },
    { setting: 'SMTP_URL', url: config.smtpUrl },
    ...REGISTER_SOURCES.map((source) => ({ setting: `${REGISTER_ENV_PREFIX[source]}_URL`, url: config.registers.providers[source].url })),
    ...config.zgw.sources.flatMap((source) =>
      [source.zakenUrl, source.catalogiUrl, source.notificatiesUrl].map((url) => ({ setting: `ZGW_SOURCES (${source.id})`, url })),
    ),
    ...config.externalMailboxes.stores.map((store) => ({ setting: `EXTERNAL_MAILBOXES (${store.id})`, url: store.url })),
  ];
  const endpoints: { setting: string; host: string }[] = [];
  for (const { setting, url } of urls) {
    if (!url) continue;
    try {
      endpoints.push({ setting, host: new URL(url).hostname.toLowerCase() });
    } catch {
      endpoints.push({ setting, host: url });
    }
  }
  return endpoints;
}

/** R31: each configured endpoint whose host the operator did not declare in ALLOWED_ENDPOINT_HOSTS. */
function undeclaredEndpoints(config: Config): string[] {
  if (config.allowedEndpointHosts.length === 0) {
    return ['ALLOWED_ENDPOINT_HOSTS (the hosts the portal may connect to: eID provider, SMTP, registers, ZGW sources, external message stores)'];
  }
  return configuredEndpoints(config)
    .filter((endpoint) => !config.allowedEndpointHosts.includes(endpoint.host))
    .map((endpoint) => `${endpoint.setting} names ${endpoint.host}, which is not in ALLOWED_ENDPOINT_HOSTS (declare every host the portal may reach)`);
}
