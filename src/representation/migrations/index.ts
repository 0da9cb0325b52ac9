import type { Migration } from 'kysely';
import * as mandates from './0101-mandates.ts';
import * as messageNotifications from './0102-mandate-message-notifications.ts';

/** Representation's migrations, by name (forward only). */
export const representationMigrations: Record<string, Migration> = { '0101-mandates': mandates, '0102-mandate-message-notifications': messageNotifications };
