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

/** Notification mails sent per hour in [from, to) (each attempt that went out), for capacity planning. */
export async function mailsSentBetween(db: Db, range: { from: Date; to: Date }): Promise<{ hour: Date; mails: number }[]> {
  const rows = await db.selectFrom('notification_log').select(['occurred_at']).where('outcome', '=', 'sent').where('occurred_at', '>=', range.from).where('occurred_at', '<', range.to).execute();
  const perHour = new Map<number, number>();
  for (const row of rows) {
    const hour = Math.floor(new Date(row.occurred_at).getTime() / 3_600_000) * 3_600_000;
    perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
  }
  return [...perHour].map(([hour, mails]) => ({ hour: new Date(hour), mails }));
}
