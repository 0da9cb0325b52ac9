import { daysBefore, type RetentionPurge } from '../platform/retention-purge.ts';
import { auditRetentionStore as store } from './retention-store.ts';

/**
 * The audit log's retention purge (R24, R25): whole months whose last day is older than `days`,
 * so a month (a closed checkpoint) is never cut in half. A held month ('YYYY-MM') is kept.
 */
export function auditRetentionPurges(deps: { days: number }): RetentionPurge[] {
  // The first month that is kept is the one that contains the cut-off moment.
  const beforeMonth = (now: Date) => daysBefore(now, deps.days).toISOString().slice(0, 7);
  return [
    {
      category: 'admin-logs',
      table: 'audit_log',
      count: (db, input) => store.countDue(db, { beforeMonth: beforeMonth(input.now), heldMonths: input.holds.records }),
      purgeBatch: (trx, input) => store.deleteDue(trx, { beforeMonth: beforeMonth(input.now), heldMonths: input.holds.records, limit: input.limit }),
    },
  ];
}
