import type { Migration } from 'kysely';
import * as deliveryRefusals from './0151-delivery-refusals.ts';

/** The inbox's own migrations, by name (its first tables are in the baseline). */
export const inboxMigrations: Record<string, Migration> = { '0151-delivery-refusals': deliveryRefusals };
