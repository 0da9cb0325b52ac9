import type { Db } from '../platform/db/database.ts';
import type { DailyCount } from '../platform/module.ts';

/** Logins of one day: visits (sessions started) and citizens who logged in, per assurance level. */
export async function identityDailyCounts(db: Db, day: { start: Date; end: Date }): Promise<DailyCount[]> {
  const rows = await db
    .selectFrom('login_history')
    .select(['assurance', (eb) => eb.fn.count<string>('login_id').as('sessions'), (eb) => eb.fn.count<string>('citizen_id').distinct().as('citizens')])
    .where('started_at', '>=', day.start)
    .where('started_at', '<', day.end)
    .groupBy('assurance')
    .execute();
  const visits = rows.reduce((sum, row) => sum + Number(row.sessions), 0);
  return [
    ...(visits > 0 ? [{ metric: 'visits', dimension: 'all', count: visits }] : []),
    ...rows.map((row) => ({ metric: 'logins', dimension: row.assurance, count: Number(row.citizens) })),
  ];
}
