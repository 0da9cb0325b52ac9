import type { Migration } from 'kysely';
import * as messageRetention from './0172-message-retention.ts';

/** The organisations module's migrations, by name (forward only). */
export const organisationsMigrations: Record<string, Migration> = { '0172-message-retention': messageRetention };
