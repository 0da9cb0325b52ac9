import type { Db } from '../platform/db/database.ts';
import type { RetentionPurge } from '../platform/retention-purge.ts';
import type { AuditLog } from './audit-log.ts';
import { monthOf } from './audit-log.ts';
import { dropThrough, getAnchor, listCheckpoints, lockAuditLog, type StoredCheckpoint } from './audit-store.ts';

/** Audit entries are kept five years (the processing register's term for administrators' logs). */
export const AUDIT_RETENTION_YEARS = 5;

/**
 * The last month that may go: checkpointed, ended more than five years ago, and before the first
 * held month. A Merkle log can only lose a prefix, so a legal hold on a month ('YYYY-MM') keeps
 * that month and every later one.
 */
async function lastExpiredMonth(db: Db, now: Date, heldMonths: readonly string[]): Promise<StoredCheckpoint | null> {
  const cutoff = monthOf(new Date(Date.UTC(now.getUTCFullYear() - AUDIT_RETENTION_YEARS, now.getUTCMonth(), 1)));
  const firstHeld = heldMonths.filter((month) => /^\d{4}-\d{2}$/.test(month)).sort()[0];
  const anchor = await getAnchor(db);
  const expired = (await listCheckpoints(db)).filter((checkpoint) => checkpoint.month < cutoff && (!firstHeld || checkpoint.month < firstHeld));
  const last = expired.at(-1);
  return !last || (anchor && last.month <= anchor.droppedThrough) ? null : last;
}

/**
 * Drops whole months whose end is more than five years ago, once they have a checkpoint. The last
 * dropped month's checkpoint stays as the anchor: its signed root and stored right edge let the
 * newer tree be recomputed and verified without the dropped leaves. The drop itself is audited.
 */
export async function dropExpiredMonths(deps: { db: Db; audit: AuditLog; now: () => Date }, heldMonths: readonly string[] = []): Promise<{ droppedThrough: string; entries: number } | null> {
  return deps.db.transaction().execute(async (trx) => {
    await lockAuditLog(trx);
    const now = deps.now();
    const last = await lastExpiredMonth(trx, now, heldMonths);
    if (!last) return null;
    const entries = await dropThrough(trx, { month: last.month, treeSize: last.treeSize, at: now });
    await deps.audit.append(trx, {
      actor: { kind: 'system', id: 'audit-retention', name: 'audit-retention' },
      action: 'audit.drop-months',
      target: { type: 'audit-log', id: last.month },
      after: { droppedThrough: last.month, entries },
    });
    return { droppedThrough: last.month, entries };
  });
}

/**
 * The audit log in `burgerportaal retention run` (R24, R25): the same prefix drop, in the runner's
 * transaction (which writes the purge's own audit record), honouring held months.
 */
export function auditRetentionPurges(): RetentionPurge[] {
  return [
    {
      category: 'admin-logs',
      table: 'audit_log',
      async count(db, input) {
        const last = await lastExpiredMonth(db, input.now, input.holds.records);
        return last ? last.treeSize - ((await getAnchor(db))?.treeSize ?? 0) : 0;
      },
      async purgeBatch(trx, input) {
        await lockAuditLog(trx);
        const last = await lastExpiredMonth(trx, input.now, input.holds.records);
        return last ? dropThrough(trx, { month: last.month, treeSize: last.treeSize, at: input.now }) : 0;
      },
    },
  ];
}
