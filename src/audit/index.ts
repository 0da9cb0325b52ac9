import './schema.ts';

export { createAuditLog, type AuditLog } from './audit-log.ts';
export { auditLeafHash, canonicalJson, type AuditEntry } from './audit-entry.ts';
export { auditMigrations } from './migrations/index.ts';
export { createAuditModule, loadCheckpointSigner } from './module.ts';
export { closeFinishedMonths } from './close-months.ts';
export { auditRetentionPurges, dropExpiredMonths, AUDIT_RETENTION_YEARS } from './retention.ts';
export { verifyAuditLog, type VerifyOutcome } from './verify.ts';
export { auditCommand, AUDIT_HELP } from './cli.ts';
