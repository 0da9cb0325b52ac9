import type { AuditEntry, AuditLog } from '../audit/index.ts';
import type { Db } from '../platform/db/database.ts';
import type { RetentionPurge } from '../platform/retention-purge.ts';
import { loadLegalHolds } from './legal-holds.ts';

/** The actor of every purge's audit record. */
export const RETENTION_ACTOR: AuditEntry['actor'] = { kind: 'system', id: 'retention', name: 'Bewaartermijnen (retention run)' };

/** Progress of one run: a bar per purge (the CLI draws it; the worker logs the totals). */
export interface RetentionProgress {
  start(label: string, total: number): void;
  advance(count: number): void;
  stop(): void;
}

export interface PurgeOutcome {
  category: string;
  table: string;
  purged: number;
  batches: number;
}

/**
 * Runs every purge (R25) in batches of `batchSize`. Each batch and its audit record commit in one
 * transaction, so no record goes without its audit record and no audit record claims a purge that
 * rolled back. Legal holds are read in each batch's transaction, so a hold placed during a run
 * protects its record from the next batch on. The clock is read once: one run, one cut-off.
 */
export async function runRetention(deps: { db: Db; audit: AuditLog; now: () => Date; purges: readonly RetentionPurge[]; batchSize: number; progress?: RetentionProgress }): Promise<PurgeOutcome[]> {
  const now = deps.now();
  const outcomes: PurgeOutcome[] = [];
  for (const purge of deps.purges) {
    const total = await purge.count(deps.db, { now, holds: await loadLegalHolds(deps.db) });
    deps.progress?.start(`${purge.category} (${purge.table})`, total);
    const outcome: PurgeOutcome = { category: purge.category, table: purge.table, purged: 0, batches: 0 };
    for (;;) {
      const purged = await deps.db.transaction().execute(async (trx) => {
        const count = await purge.purgeBatch(trx, { now, holds: await loadLegalHolds(trx), limit: deps.batchSize });
        if (count > 0) {
          await deps.audit.append(trx, {
            actor: RETENTION_ACTOR,
            action: 'retention.purge',
            target: { type: 'category', id: purge.category },
            after: { table: purge.table, records: count, cutOffAt: now.toISOString() },
          });
        }
        return count;
      });
      outcome.purged += purged;
      if (purged > 0) outcome.batches += 1;
      deps.progress?.advance(purged);
      if (purged < deps.batchSize) break;
    }
    deps.progress?.stop();
    outcomes.push(outcome);
  }
  return outcomes;
}
