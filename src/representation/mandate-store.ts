import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { MandatesTable } from './schema.ts';

export type MandateRow = Selectable<MandatesTable>;

/** SQL for mandates and legal representations (R17). */
export const mandateStore = {
  async insert(db: Db, row: Insertable<MandatesTable>): Promise<void> {
    await db.insertInto('mandates').values(row).execute();
  },

  async find(db: Db, mandateId: string): Promise<MandateRow | undefined> {
    return db.selectFrom('mandates').selectAll().where('mandate_id', '=', mandateId).executeTakeFirst();
  },

  /** Locks the row for a state change, so two ends or an accept and an end cannot interleave. */
  async findForUpdate(db: Db, mandateId: string): Promise<MandateRow | undefined> {
    return db.selectFrom('mandates').selectAll().where('mandate_id', '=', mandateId).forUpdate().executeTakeFirst();
  },

  async findByReference(db: Db, organisationId: string, reference: string): Promise<MandateRow | undefined> {
    return db.selectFrom('mandates').selectAll().where('organisation_id', '=', organisationId).where('reference', '=', reference).executeTakeFirst();
  },

  /** Every representation where this citizen is the represented one or the representative. */
  async listOf(db: Db, citizenId: string): Promise<MandateRow[]> {
    return db
      .selectFrom('mandates')
      .selectAll()
      .where((eb) => eb.or([eb('grantor_id', '=', citizenId), eb('representative_id', '=', citizenId)]))
      .orderBy('created_at', 'desc')
      .execute();
  },

  /** Live representations of these citizens whose representative asked to hear of new messages. */
  async withMessageNotifications(db: Db, grantorIds: string[]): Promise<MandateRow[]> {
    if (grantorIds.length === 0) return [];
    return db.selectFrom('mandates').selectAll().where('grantor_id', 'in', grantorIds).where('status', '=', 'active').where('notify_representative', '=', true).execute();
  },

  async update(db: Db, mandateId: string, changes: Omit<Updateable<MandatesTable>, 'mandate_id' | 'grantor_id'>): Promise<void> {
    await db.updateTable('mandates').set(changes).where('mandate_id', '=', mandateId).execute();
  },

  async deleteEndedBefore(db: Db, before: Date): Promise<number> {
    // Ended ones by their end; expired ones (still 'active', past valid_until) by their end date.
    const result = await db
      .deleteFrom('mandates')
      .where((eb) => eb.or([eb.and([eb('ended_at', '<', before), eb('status', 'not in', ['pending', 'active'])]), eb.and([eb('status', '=', 'active'), eb('valid_until', '<', before)])]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** Ends every live representation of a citizen (both sides), e.g. at death; returns the ended rows. */
  async endAllOf(db: Db, input: { citizenId: string; at: Date; reason: string }): Promise<MandateRow[]> {
    return db
      .updateTable('mandates')
      .set({ status: 'ended', ended_at: input.at, end_reason: input.reason, acceptance_code: null })
      .where((eb) => eb.or([eb('grantor_id', '=', input.citizenId), eb('representative_id', '=', input.citizenId)]))
      .where('status', 'in', ['pending', 'active'])
      .returningAll()
      .execute();
  },
};
