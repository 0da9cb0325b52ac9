import type { Db } from '../platform/db/database.ts';
import type { AuditLog } from './audit-log.ts';
import { monthOf } from './audit-log.ts';
import { dropThrough, getAnchor, listCheckpoints, lockAuditLog } from './audit-store.ts';

/** Audit entries are kept five years (the processing register's term for administrators' logs). */
export const AUDIT_RETENTION_YEARS = 5;

/**
 * Drops whole months whose end is more than five years ago, once they have a checkpoint. The last
 * dropped month's checkpoint stays as the anchor: its signed root and stored right edge let the
 * newer tree be recomputed and verified without the dropped leaves. The drop itself is audited.
 */
export async function dropExpiredMonths(deps: { db: Db; audit: AuditLog; now: () => Date }): Promise<{ droppedThrough: string; entries: number } | null> {
  return deps.db.transaction().execute(async (trx) => {
    await lockAuditLog(trx);
    const now = deps.now();
    const cutoff = monthOf(new Date(Date.UTC(now.getUTCFullYear() - AUDIT_RETENTION_YEARS, now.getUTCMonth(), 1)));
    const anchor = await getAnchor(trx);
    const expired = (await listCheckpoints(trx)).filter((checkpoint) => checkpoint.month < cutoff);
    const last = expired.at(-1);
    if (!last || (anchor && last.month <= anchor.droppedThrough)) return null;
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
