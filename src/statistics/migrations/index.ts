import type { Migration } from 'kysely';
import * as statistics from './0200-statistics.ts';

/** The statistics module's migrations, by name (forward only). */
export const statisticsMigrations: Record<string, Migration> = { '0200-statistics': statistics };
