import './schema.ts';

export { BLOCK_AFTER_FAILURES, CONSOLE_ROLES, ConsoleInputError, type Account, type ConsoleAccounts } from './console-accounts.ts';
export { CONSOLE_ABSOLUTE_TIMEOUT_MS, CONSOLE_COOKIE, CONSOLE_IDLE_TIMEOUT_MS } from './console-sessions.ts';
export type { ConsoleRouteEntry } from './console-plugin.tsx';
export { consoleEncryptedColumns } from './encrypted-columns.ts';
export { consoleMigrations } from './migrations/index.ts';
export { createConsoleModule, LOGIN_ATTEMPT_RETENTION_DAYS, type ConsoleModuleDeps } from './module.ts';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';
export { ADMIN_HELP, adminCommand, createFirstAdministrator, type BootstrappedAdministrator } from './admin-cli.ts';
