import type { Migration } from 'kysely';
import * as capacity from './0201-capacity.ts';

/** The capacity module's migrations, by name (forward only). */
export const capacityMigrations: Record<string, Migration> = { '0201-capacity': capacity };
