import { daysBefore, type RetentionPurge } from '../platform/retention-purge.ts';
import { casesRetentionStore as store } from './retention-store.ts';

/** The cases' retention purge (R25): a closed case goes `days` after it was closed. */
export function casesRetentionPurges(deps: { closedCaseDays: number }): RetentionPurge[] {
  return [
    {
      category: 'cases',
      table: 'cases',
      count: (db, input) => store.countDue(db, { before: daysBefore(input.now, deps.closedCaseDays), holds: input.holds }),
      purgeBatch: (trx, input) => store.deleteDue(trx, { before: daysBefore(input.now, deps.closedCaseDays), holds: input.holds, limit: input.limit }),
    },
  ];
}
