import type { Migration } from 'kysely';
import * as auditLog from './0165-audit-log.ts';
import * as auditCheckpoints from './0166-audit-checkpoints.ts';

/** The audit module's migrations, by name (forward only). */
export const auditMigrations: Record<string, Migration> = { '0165-audit-log': auditLog, '0166-audit-checkpoints': auditCheckpoints };
