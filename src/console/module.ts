import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/index.ts';
import type { Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { ConsoleContribution } from '../platform/console.ts';
import type { Db } from '../platform/db/database.ts';
import { requestOrigin } from '../platform/http/web-server.tsx';
import { createI18n } from '../platform/i18n.ts';
import type { ModuleDirectory, PortalModule } from '../platform/module.ts';
import { platformMessages } from '../platform/web/platform-messages.ts';
import { CONSOLE_ROLES, createConsoleAccounts, type ConsoleAccounts } from './console-accounts.ts';
import { consoleMessages } from './console-messages.ts';
import { registerConsole, type ConsoleRouteEntry } from './console-plugin.tsx';
import { createConsoleSessions } from './console-sessions.ts';
import { accountRoutes } from './account-routes.tsx';
import { figuresRoutes } from './figures-routes.tsx';
import { consoleHomeRoutes } from './home-routes.tsx';
import { organisationRoutes } from './organisation-routes.tsx';
import { passwordRoutes } from './password-routes.tsx';
import { consoleLoginRoutes } from './login-routes.tsx';

export interface ConsoleModuleDeps {
  db: Db;
  /** Identity's accounts: the security log (R23) that console refusals go to as well. */
  accounts: Pick<Accounts, 'recordSecurityEvent'>;
  keyring: Keyring;
  audit: AuditLog;
  now: () => Date;
  organisations: OrganisationRegistry;
  directory: ModuleDirectory;
}

/** Login attempts are kept a year: long enough to look into an incident, then deleted. */
export const LOGIN_ATTEMPT_RETENTION_DAYS = 365;

/** The operator console at /beheer (R26, R32): its host, login, accounts and organisations. */
export function createConsoleModule(deps: ConsoleModuleDeps): PortalModule & { accounts: ConsoleAccounts; routeTable(): readonly ConsoleRouteEntry[] } {
  const accounts = createConsoleAccounts(deps);
  const sessions = createConsoleSessions(deps);
  const routeTable: ConsoleRouteEntry[] = [];
  const contributions = (): ConsoleContribution[] => deps.directory.modules().flatMap((module) => (module.console ? [module.console] : []));
  const nav = () => contributions().flatMap((contribution) => contribution.nav);
  // No citizen is involved: no subject; the detail names the console and never personal data.
  const onSecurityEvent = async (request: FastifyRequest, name: string, detail: string) => {
    try {
      await deps.accounts.recordSecurityEvent({ name, detail, origin: requestOrigin(request) });
    } catch (error) {
      request.log.error({ err: error instanceof Error ? error.message : 'unknown', event: name }, 'security event not recorded');
    }
  };

  const own: ConsoleContribution = {
    nav: [
      { href: '/beheer', labelKey: 'console.home', order: 0, roles: CONSOLE_ROLES },
      { href: '/beheer/organisaties', labelKey: 'console.organisations.title', order: 10, roles: ['administrator'] },
      { href: '/beheer/accounts', labelKey: 'console.accounts.title', order: 20, roles: ['administrator'] },
      { href: '/beheer/cijfers', labelKey: 'console.figures.title', order: 30, roles: ['organisation'] },
      { href: '/beheer/wachtwoord', labelKey: 'console.password.title', order: 90, roles: CONSOLE_ROLES },
    ],
    routes(app) {
      consoleHomeRoutes(app, nav);
      organisationRoutes(app, { db: deps.db, organisations: deps.organisations, accounts, audit: deps.audit });
      accountRoutes(app, { accounts, organisations: deps.organisations, sessions });
      figuresRoutes(app, deps);
      passwordRoutes(app, accounts);
    },
  };

  return {
    name: 'console',
    texts: consoleMessages,
    console: own,
    accounts,
    routeTable: () => routeTable,
    async web(app) {
      const { translator } = createI18n([platformMessages, ...deps.directory.modules().flatMap((module) => (module.texts ? [module.texts] : []))]);
      await registerConsole(app, {
        accounts,
        sessions,
        translator,
        contributions: contributions(),
        routeTable,
        onSecurityEvent,
        publicRoutes: (scope, host) => consoleLoginRoutes(scope, host, { accounts, sessions, onSecurityEvent }),
      });
    },
    jobs: [
      { name: 'console-session-sweep', intervalMs: 60_000, run: () => sessions.sweep() },
      { name: 'console-login-attempt-retention', intervalMs: 60 * 60_000, run: () => accounts.deleteAttemptsBefore(new Date(deps.now().getTime() - LOGIN_ATTEMPT_RETENTION_DAYS * 86_400_000)) },
    ],
  };
}
