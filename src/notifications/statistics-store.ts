import type { Db } from '../platform/db/database.ts';
import type { DailyCount } from '../platform/module.ts';

/** Notification mails of one day by outcome: each mail counted once, by its last attempt that day. */
export async function notificationDailyCounts(db: Db, day: { start: Date; end: Date }): Promise<DailyCount[]> {
  const rows = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('notification_log')
        .distinctOn(['citizen_id', 'notification_id'])
        .select(['outcome'])
        .where('occurred_at', '>=', day.start)
        .where('occurred_at', '<', day.end)
        .orderBy('citizen_id')
        .orderBy('notification_id')
        .orderBy('attempt', 'desc')
        .as('last_attempts'),
    )
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('outcome')
    .execute();
  return rows.map((row) => ({ metric: 'notifications', dimension: row.outcome, count: Number(row.count) }));
}
