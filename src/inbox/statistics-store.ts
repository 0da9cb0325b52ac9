import type { Db } from '../platform/db/database.ts';
import type { DailyCount } from '../platform/module.ts';

/** Messages delivered and first opened on one day, per sending organisation (by id). */
export async function inboxDailyCounts(db: Db, day: { start: Date; end: Date }): Promise<DailyCount[]> {
  const [delivered, opened] = await Promise.all(
    (['delivered_at', 'read_at'] as const).map((column) =>
      db
        .selectFrom('messages')
        .select(['organisation_id', (eb) => eb.fn.countAll<string>().as('count')])
        .where(column, '>=', day.start)
        .where(column, '<', day.end)
        .groupBy('organisation_id')
        .execute(),
    ),
  );
  return [
    ...(delivered ?? []).map((row) => ({ metric: 'messages-delivered', dimension: row.organisation_id, count: Number(row.count) })),
    ...(opened ?? []).map((row) => ({ metric: 'messages-opened', dimension: row.organisation_id, count: Number(row.count) })),
  ];
}
