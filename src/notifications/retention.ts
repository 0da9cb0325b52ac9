import { daysBefore, type RetentionPurge } from '../platform/retention-purge.ts';
import { notificationsRetentionStore as store } from './retention-store.ts';

/** The notification log's retention purge (R25). The outbox empties itself as mails go out. */
export function notificationsRetentionPurges(deps: { logDays: number }): RetentionPurge[] {
  return [
    {
      category: 'notification-logs',
      table: 'notification_log',
      count: (db, input) => store.countDue(db, { before: daysBefore(input.now, deps.logDays), holds: input.holds }),
      purgeBatch: (trx, input) => store.deleteDue(trx, { before: daysBefore(input.now, deps.logDays), holds: input.holds, limit: input.limit }),
    },
  ];
}
