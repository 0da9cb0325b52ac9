import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

/** SQL for an organisation's delivery figures: counts only, never content or recipients. */
export const deliveryFiguresStore = {
  async addRefusals(db: Db, organisationId: string, day: string, counts: Map<string, number>): Promise<void> {
    if (counts.size === 0) return;
    await db
      .insertInto('delivery_refusals')
      .values([...counts].map(([reason, count]) => ({ organisation_id: organisationId, day, reason, count })))
      .onConflict((oc) => oc.columns(['organisation_id', 'day', 'reason']).doUpdateSet({ count: sql`delivery_refusals.count + excluded.count` }))
      .execute();
  },

  async refusals(db: Db, organisationId: string, sinceDay: string) {
    return db
      .selectFrom('delivery_refusals')
      .select(['reason', (eb) => eb.fn.sum<string>('count').as('count')])
      .where('organisation_id', '=', organisationId)
      .where('day', '>=', sinceDay)
      .groupBy('reason')
      .orderBy('reason')
      .execute();
  },

  async sent(db: Db, organisationId: string, since: Date): Promise<number> {
    const row = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('organisation_id', '=', organisationId)
      .where('delivered_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  },

  /** The notification mails that mentioned this organisation's messages (ids only, for their outcomes). */
  async notificationIds(db: Db, organisationId: string, since: Date, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('messages')
      .select('notification_id')
      .distinct()
      .where('organisation_id', '=', organisationId)
      .where('delivered_at', '>=', since)
      .where('notification_id', 'is not', null)
      .limit(limit)
      .execute();
    return rows.flatMap((row) => (row.notification_id ? [row.notification_id] : []));
  },
};
