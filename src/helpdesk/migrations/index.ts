import type { Migration } from 'kysely';
import * as helpdesk from './0167-helpdesk.ts';

/** The helpdesk module's migrations, by name (forward only). */
export const helpdeskMigrations: Record<string, Migration> = { '0167-helpdesk': helpdesk };
