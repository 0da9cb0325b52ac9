import type { Migration } from 'kysely';
import * as legalHolds from './0171-legal-holds.ts';

/** The retention module's migrations, by name (forward only). */
export const retentionMigrations: Record<string, Migration> = { '0171-legal-holds': legalHolds };
