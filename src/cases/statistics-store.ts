import type { Db } from '../platform/db/database.ts';
import type { DailyCount } from '../platform/module.ts';

/**
 * Cases at the end of the day, open or closed (a snapshot: the status labels are each
 * organisation's own and encrypted, so open/closed is the status all organisations share).
 */
export async function casesDailyCounts(db: Db, day: { start: Date; end: Date }): Promise<DailyCount[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['closed', (eb) => eb.fn.countAll<string>().as('count')])
    .where('created_at', '<', day.end)
    .groupBy('closed')
    .execute();
  return rows.map((row) => ({ metric: 'cases', dimension: row.closed ? 'closed' : 'open', count: Number(row.count) }));
}
