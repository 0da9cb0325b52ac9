import './schema.ts';

export { createAuditLog, type AuditLog } from './audit-log.ts';
export { auditLeafHash, canonicalJson, type AuditEntry } from './audit-entry.ts';
export { auditMigrations } from './migrations/index.ts';
