import type { Db } from '../platform/db/database.ts';

export interface FigureRow {
  day: string;
  metric: string;
  dimension: string;
  count: number;
  published: number | null;
}

/** SQL for the daily figures. */
export const statisticsStore = {
  async lastPublishedDay(db: Db): Promise<string | null> {
    const row = await db.selectFrom('statistics_daily').select((eb) => eb.fn.max('day').as('day')).executeTakeFirst();
    return row?.day ?? null;
  },

  /** Inserts a day's figures; a day already published keeps its figures (noise is drawn once). */
  async insertDay(db: Db, rows: FigureRow[], publishedAt: Date): Promise<void> {
    if (rows.length === 0) return;
    await db
      .insertInto('statistics_daily')
      .values(rows.map((row) => ({ ...row, published_at: publishedAt })))
      .onConflict((oc) => oc.columns(['day', 'metric', 'dimension']).doNothing())
      .execute();
  },

  /** The published figures (never the exact counts) of the days in [from, to]. */
  async published(db: Db, range: { from: string; to: string }): Promise<Omit<FigureRow, 'count'>[]> {
    return db
      .selectFrom('statistics_daily')
      .select(['day', 'metric', 'dimension', 'published'])
      .where('day', '>=', range.from)
      .where('day', '<=', range.to)
      .orderBy('day', 'desc')
      .orderBy('metric')
      .orderBy('dimension')
      .execute();
  },
};
