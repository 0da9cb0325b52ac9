import type { Db } from '../platform/db/database.ts';
import { auditLeafHash, canonicalJson, type AuditEntry } from './audit-entry.ts';
import { insertAuditLeaf } from './audit-store.ts';

/** The tamper-evident audit log (R24). */
export interface AuditLog {
  /**
   * Appends an entry in the caller's transaction: pass the transaction of the mutation itself, so
   * the mutation and its audit record commit together or not at all.
   */
  append(trx: Db, entry: AuditEntry): Promise<void>;
}

export function createAuditLog(deps: { now: () => Date }): AuditLog {
  return {
    async append(trx, entry) {
      const appendedAt = deps.now();
      const text = canonicalJson({ ...entry, at: appendedAt.toISOString() });
      await insertAuditLeaf(trx, { month: appendedAt.toISOString().slice(0, 7), appendedAt, entry: text, leafHash: auditLeafHash(text) });
    },
  };
}
