import type { Migration } from 'kysely';
import * as consoleAccounts from './0150-console-accounts.ts';

/** The console's migrations, by name (forward only). */
export const consoleMigrations: Record<string, Migration> = { '0150-console-accounts': consoleAccounts };
