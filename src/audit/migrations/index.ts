import type { Migration } from 'kysely';
import * as auditLog from './0165-audit-log.ts';

/** The audit module's migrations, by name (forward only). */
export const auditMigrations: Record<string, Migration> = { '0165-audit-log': auditLog };
