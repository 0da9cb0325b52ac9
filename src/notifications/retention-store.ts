import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { LegalHolds } from '../platform/retention-purge.ts';

function dueAttempts(db: Db, input: { before: Date; holds: LegalHolds }) {
  return db
    .selectFrom('notification_log')
    .where('occurred_at', '<', input.before)
    .$if(input.holds.citizens.length > 0, (query) => query.where('citizen_id', 'not in', input.holds.citizens));
}

/** Notification attempts past their period (R25). */
export const notificationsRetentionStore = {
  async countDue(db: Db, input: { before: Date; holds: LegalHolds }): Promise<number> {
    const row = await dueAttempts(db, input).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
    return row.count;
  },

  async deleteDue(db: Db, input: { before: Date; holds: LegalHolds; limit: number }): Promise<number> {
    const batch = dueAttempts(db, input).select(['citizen_id', 'notification_id', 'attempt']).limit(input.limit);
    const result = await db
      .deleteFrom('notification_log')
      .where(sql<boolean>`(citizen_id, notification_id, attempt) in (${batch})`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
