import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

export interface WavePlan {
  planId: string;
  organisationId: string;
  windowStart: Date;
  windowEnd: Date;
  expectedMessages: number;
  announcedBy: string;
  announcedAt: Date;
}

const toPlan = (row: { plan_id: string; organisation_id: string; window_start: Date; window_end: Date; expected_messages: number; announced_by: string; announced_at: Date }): WavePlan => ({
  planId: row.plan_id,
  organisationId: row.organisation_id,
  windowStart: new Date(row.window_start),
  windowEnd: new Date(row.window_end),
  expectedMessages: Number(row.expected_messages),
  announcedBy: row.announced_by,
  announcedAt: new Date(row.announced_at),
});

/** SQL for wave plans and the per-minute delivery counts. */
export const capacityStore = {
  async insertPlan(db: Db, plan: WavePlan): Promise<void> {
    await db
      .insertInto('wave_plans')
      .values({
        plan_id: plan.planId,
        organisation_id: plan.organisationId,
        window_start: plan.windowStart,
        window_end: plan.windowEnd,
        expected_messages: plan.expectedMessages,
        announced_by: plan.announcedBy,
        announced_at: plan.announcedAt,
        cancelled_at: null,
      })
      .execute();
  },

  /** Cancels an organisation's plan; false when it has no such plan (or it was cancelled). */
  async cancelPlan(db: Db, input: { organisationId: string | null; planId: string; at: Date }): Promise<boolean> {
    let query = db.updateTable('wave_plans').set({ cancelled_at: input.at }).where('plan_id', '=', input.planId).where('cancelled_at', 'is', null);
    if (input.organisationId) query = query.where('organisation_id', '=', input.organisationId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Plans not cancelled whose window overlaps [from, to), of one organisation or all. */
  async plansOverlapping(db: Db, range: { from: Date; to: Date; organisationId?: string }): Promise<WavePlan[]> {
    let query = db.selectFrom('wave_plans').selectAll().where('cancelled_at', 'is', null).where('window_end', '>', range.from).where('window_start', '<', range.to);
    if (range.organisationId) query = query.where('organisation_id', '=', range.organisationId);
    return (await query.orderBy('window_start').execute()).map(toPlan);
  },

  /** Adds to this minute's count and returns the new count (one row per organisation and minute). */
  async addDeliveries(db: Db, input: { organisationId: string; minute: Date; messages: number }): Promise<number> {
    const row = await db
      .insertInto('delivery_minutes')
      .values({ organisation_id: input.organisationId, minute: input.minute, messages: input.messages })
      .onConflict((oc) => oc.columns(['organisation_id', 'minute']).doUpdateSet({ messages: sql`delivery_minutes.messages + excluded.messages` }))
      .returning('messages')
      .executeTakeFirstOrThrow();
    return Number(row.messages);
  },

  async subtractDeliveries(db: Db, input: { organisationId: string; minute: Date; messages: number }): Promise<void> {
    await db
      .updateTable('delivery_minutes')
      .set({ messages: sql`greatest(0, messages - ${input.messages})` })
      .where('organisation_id', '=', input.organisationId)
      .where('minute', '=', input.minute)
      .execute();
  },

  /** Admitted messages per organisation and minute in [from, to). */
  async deliveriesBetween(db: Db, range: { from: Date; to: Date }): Promise<{ organisationId: string; minute: Date; messages: number }[]> {
    const rows = await db.selectFrom('delivery_minutes').selectAll().where('minute', '>=', range.from).where('minute', '<', range.to).execute();
    return rows.map((row) => ({ organisationId: row.organisation_id, minute: new Date(row.minute), messages: Number(row.messages) }));
  },

  /** Drops counts older than `before` (they are aggregates; the statistics keep the daily figures). */
  async pruneMinutes(db: Db, before: Date): Promise<number> {
    const result = await db.deleteFrom('delivery_minutes').where('minute', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
