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
    simulatorPort: number;
  };
  /** Absent: the local mail catcher is started and used. */
  smtpUrl: string | undefined;
  mailCatcherPort: number;
  mailFrom: string;
  /** Where the population register (Haal Centraal BRP) is served; absent means the demo register. */
  brpUrl: string | undefined;
  logLevel: string;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(`${name} must be a port number (0-65535), got "${raw}"`);
  }
  return value;
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
      simulatorPort: intFrom(env, 'OIDC_SIMULATOR_PORT', 3001),
    },
    smtpUrl: optional(env, 'SMTP_URL'),
    mailCatcherPort: intFrom(env, 'MAIL_CATCHER_PORT', 2525),
    mailFrom: optional(env, 'MAIL_FROM') ?? 'Burgerportaal <noreply@burgerportaal.example>',
    brpUrl: optional(env, 'BRP_URL'),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
  };
  if (production) assertProductionReady(config);
  return config;
}

/** Production must never run on the development stand-ins; name every missing setting. */
function assertProductionReady(config: Config): void {
  const missing: string[] = [];
  if (!config.databaseUrl) missing.push('DATABASE_URL (the embedded database is for development only)');
  if (!config.keyringFile) missing.push('KEYRING_FILE (encryption keys are required)');
  if (!config.oidc.issuer) missing.push('OIDC_ISSUER (the simulated DigiD is for development only)');
  if (config.oidc.issuer && !config.oidc.clientSecret && !config.oidc.privateKeyFile) {
    missing.push('OIDC_CLIENT_SECRET or OIDC_PRIVATE_KEY_FILE');
  }
  if (!config.smtpUrl) missing.push('SMTP_URL (the mail catcher is for development only)');
  if (!config.brpUrl) missing.push('BRP_URL (the demo population register is for development only)');
  if (!config.publicUrl.startsWith('https://')) missing.push('PUBLIC_URL with https://');
  if (missing.length > 0) {
    throw new ConfigError(`Refusing to start in production; missing or unsafe settings:\n- ${missing.join('\n- ')}`);
  }
}
