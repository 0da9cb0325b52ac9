import type { Migration } from 'kysely';
import * as externalMailboxes from './0130-external-mailboxes.ts';

/** External mailboxes' migrations, by name (forward only). */
export const externalMailboxesMigrations: Record<string, Migration> = { '0130-external-mailboxes': externalMailboxes };
