import type { Db } from '../platform/db/database.ts';
import type { LegalHoldsTable } from './schema.ts';

export type HoldRecordType = LegalHoldsTable['record_type'];

export const legalHoldStore = {
  async insert(db: Db, hold: { holdId: string; recordType: HoldRecordType; recordId: string; reason: string; placedAt: Date; placedBy: string }): Promise<void> {
    await db
      .insertInto('legal_holds')
      .values({ hold_id: hold.holdId, record_type: hold.recordType, record_id: hold.recordId, reason: hold.reason, placed_at: hold.placedAt, placed_by: hold.placedBy, released_at: null })
      .execute();
  },

  /** Releases an active hold; returns it, or undefined when there is no such active hold. */
  release(db: Db, input: { holdId: string; at: Date }) {
    return db.updateTable('legal_holds').set({ released_at: input.at }).where('hold_id', '=', input.holdId).where('released_at', 'is', null).returningAll().executeTakeFirst();
  },

  active(db: Db) {
    return db.selectFrom('legal_holds').selectAll().where('released_at', 'is', null).orderBy('placed_at').execute();
  },
};
