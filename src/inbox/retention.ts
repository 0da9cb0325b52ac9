import type { RetentionPurge } from '../platform/retention-purge.ts';
import { inboxRetentionStore as store } from './retention-store.ts';

/** The inbox's retention purge (R25): messages (with attachments) past their retain-until or period. */
export function inboxRetentionPurges(deps: { defaultDays: number }): RetentionPurge[] {
  return [
    {
      category: 'messages',
      table: 'messages',
      count: (db, input) => store.countDue(db, { ...input, defaultDays: deps.defaultDays }),
      purgeBatch: (trx, input) => store.deleteDue(trx, { ...input, defaultDays: deps.defaultDays }),
    },
  ];
}
