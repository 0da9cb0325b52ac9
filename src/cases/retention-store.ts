import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { LegalHolds } from '../platform/retention-purge.ts';

/** Closed cases whose last change (the closing status) is before `before` (R25). */
function dueCases(db: Db, input: { before: Date; holds: LegalHolds }) {
  return db
    .selectFrom('cases')
    .where('closed', '=', true)
    .where('last_changed_at', '<', input.before)
    .$if(input.holds.citizens.length > 0, (query) => query.where('citizen_id', 'not in', input.holds.citizens))
    .$if(input.holds.records.length > 0, (query) => query.where(sql<string>`case_id::text`, 'not in', input.holds.records));
}

export const casesRetentionStore = {
  async countDue(db: Db, input: { before: Date; holds: LegalHolds }): Promise<number> {
    const row = await dueCases(db, input).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
    return row.count;
  },

  /** Deletes up to `limit` due cases with their statuses and reference; returns how many cases went. */
  async deleteDue(db: Db, input: { before: Date; holds: LegalHolds; limit: number }): Promise<number> {
    const due = await dueCases(db, input).select(['citizen_id', 'case_id']).limit(input.limit).execute();
    for (const item of due) {
      await db.deleteFrom('case_statuses').where('citizen_id', '=', item.citizen_id).where('case_id', '=', item.case_id).execute();
      await db.deleteFrom('case_references').where('citizen_id', '=', item.citizen_id).where('case_id', '=', item.case_id).execute();
      await db.deleteFrom('cases').where('citizen_id', '=', item.citizen_id).where('case_id', '=', item.case_id).execute();
    }
    return due.length;
  },
};
