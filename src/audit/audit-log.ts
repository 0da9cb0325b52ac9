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
      // The time and position are taken under the log's lock, so both grow with `seq`.
      await insertAuditLeaf(trx, (index) => {
        const appendedAt = deps.now();
        const text = canonicalJson({ ...entry, at: appendedAt.toISOString(), index });
        return { month: monthOf(appendedAt), appendedAt, entry: text, leafHash: auditLeafHash(text) };
      });
    },
  };
}

/** 'YYYY-MM' in UTC. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The month after 'YYYY-MM'. */
export function nextMonth(month: string): string {
  const [year, mon] = month.split('-').map(Number);
  return monthOf(new Date(Date.UTC(year ?? 0, mon ?? 1, 1)));
}
