import type { Db } from '../platform/db/database.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { SessionManager } from '../platform/http/sessions.ts';
import type { ModuleDirectory, PortalModule } from '../platform/module.ts';
import type { Accounts } from './accounts.ts';
import { identityExport } from './access-export.ts';
import { identityMessages } from './messages.ts';
import { RelyingParty } from './oidc-relying-party.ts';
import { identityRoutes, LOGIN_PATH, LOGOUT_PATH } from './routes.tsx';
import { openSessionPerson } from './session-person.ts';
import { identityDailyCounts } from './statistics-store.ts';
import type { AuditLog } from '../audit/index.ts';

export interface IdentityModuleDeps {
  config: {
    publicUrl: string;
    production: boolean;
    oidc: { clientId: string; clientSecret: string | undefined; privateKeyFile: string | undefined; bsnClaim: string; machtigenClaims?: { representee: string; representative: string; service: string } };
    limits: { loginStartsPerAddressPerMinute: number };
    /** How long security events are kept (the usage history follows its own rules). */
    securityLogRetentionDays: number;
  };
  /** The eID provider: the configured issuer, or the simulator's in development. */
  eid: { issuer: string; clientId: string; clientSecret: string | undefined };
  sessions: SessionManager;
  accounts: Accounts;
  db: Db;
  audit: AuditLog;
  keyring: Keyring;
  directory: ModuleDirectory;
}

/** Identity: eID login and logout, the start page, and who the citizen is (R1–R4). */
export function createIdentityModule(deps: IdentityModuleDeps): PortalModule {
  const { config, eid } = deps;
  const relyingParty = new RelyingParty({
    issuer: eid.issuer,
    clientId: eid.clientId,
    clientSecret: eid.clientSecret,
    privateKeyFile: config.oidc.privateKeyFile,
    redirectUri: `${config.publicUrl}/auth/callback`,
    bsnClaim: config.oidc.bsnClaim,
    ...(config.oidc.machtigenClaims ? { machtigenClaims: config.oidc.machtigenClaims } : {}),
    allowInsecureIssuer: !config.production && eid.issuer.startsWith('http://localhost'),
  });
  // Security events past their retention go, with their record in the audit log in one transaction (R25).
  const pruneSecurityLog = () =>
    deps.db.transaction().execute(async (trx) => {
      const deleted = await deps.accounts.pruneSecurityLog(config.securityLogRetentionDays, trx);
      if (deleted > 0) {
        await deps.audit.append(trx, {
          actor: { kind: 'system', id: 'security-log-retention', name: 'security-log-retention' },
          action: 'retention.purge',
          target: { type: 'category', id: 'session-security-logs' },
          after: { table: 'processing_log', rows: 'security events', deleted, retentionDays: config.securityLogRetentionDays },
        });
      }
      return deleted;
    });
  return {
    name: 'identity',
    texts: identityMessages,
    nav: [{ href: '/', labelKey: 'nav.home', order: 0 }],
    signIn: { loginPath: LOGIN_PATH, loginLabelKey: 'login.button', logoutPath: LOGOUT_PATH, logoutLabelKey: 'nav.logout' },
    async displayName(context) {
      return openSessionPerson(deps.keyring, context.session)?.name ?? null;
    },
    accessExport: (input) => identityExport(deps.accounts, input),
    statistics: (day) => identityDailyCounts(deps.db, day),
    jobs: [{ name: 'security-log-retention', intervalMs: 60 * 60 * 1000, run: pruneSecurityLog }],
    web(app) {
      identityRoutes(app, { sessions: deps.sessions, relyingParty, accounts: deps.accounts, keyring: deps.keyring, publicUrl: config.publicUrl, directory: deps.directory, loginStartsPerMinute: config.limits.loginStartsPerAddressPerMinute });
    },
  };
}
