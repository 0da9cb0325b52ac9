import type { Migration } from 'kysely';
import * as keyUsage from './0040-key-usage.ts';

/** Operations' migrations, by name (forward only). */
export const operationsMigrations: Record<string, Migration> = { '0040-key-usage': keyUsage };
