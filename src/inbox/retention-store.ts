import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { LegalHolds } from '../platform/retention-purge.ts';

/**
 * Messages past their retention (R25): their own retain-until, else delivery plus the sending
 * organisation's period, else plus the portal's default. Joins organisations for its period (the
 * one allowed cross-owner join, architecture §5).
 */
function dueMessages(db: Db, input: { now: Date; defaultDays: number; holds: LegalHolds }) {
  return db
    .selectFrom('messages')
    .leftJoin('organisations', 'organisations.organisation_id', 'messages.organisation_id')
    .where(
      sql<Date>`coalesce(messages.retain_until, messages.delivered_at + make_interval(days => coalesce(organisations.message_retention_days, ${input.defaultDays})::int))`,
      '<',
      input.now,
    )
    .$if(input.holds.citizens.length > 0, (query) => query.where('messages.citizen_id', 'not in', input.holds.citizens))
    .$if(input.holds.records.length > 0, (query) => query.where(sql<string>`messages.message_id::text`, 'not in', input.holds.records));
}

export const inboxRetentionStore = {
  async countDue(db: Db, input: { now: Date; defaultDays: number; holds: LegalHolds }): Promise<number> {
    const row = await dueMessages(db, input).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
    return row.count;
  },

  /** Deletes up to `limit` due messages with their attachments; returns how many messages went. */
  async deleteDue(db: Db, input: { now: Date; defaultDays: number; holds: LegalHolds; limit: number }): Promise<number> {
    const due = await dueMessages(db, input).select(['messages.citizen_id', 'messages.message_id']).limit(input.limit).execute();
    for (const message of due) {
      await db.deleteFrom('message_attachments').where('citizen_id', '=', message.citizen_id).where('message_id', '=', message.message_id).execute();
      await db.deleteFrom('messages').where('citizen_id', '=', message.citizen_id).where('message_id', '=', message.message_id).execute();
    }
    return due.length;
  },
};
