import type { Insertable } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';

/** SQL for delivering messages: one multi-row insert per table, and the originals of retried references. */
export const deliveryStore = {
  async insertReceiptBatch(db: Db, row: Insertable<Database['receipt_batches']>): Promise<void> {
    await db.insertInto('receipt_batches').values(row).execute();
  },

  /** Inserts the messages whose (citizen, organisation, reference) is new; returns their ids. */
  async insertNewMessages(db: Db, rows: Insertable<Database['messages']>[]): Promise<Set<string>> {
    const inserted = await db
      .insertInto('messages')
      .values(rows)
      .onConflict((oc) => oc.columns(['citizen_id', 'organisation_id', 'reference']).doNothing())
      .returning(['message_id'])
      .execute();
    return new Set(inserted.map((row) => row.message_id));
  },

  async insertAttachments(db: Db, rows: Insertable<Database['message_attachments']>[]): Promise<void> {
    if (rows.length > 0) await db.insertInto('message_attachments').values(rows).execute();
  },

  /** The stored messages (with their receipts) behind these references of one organisation. */
  async findOriginals(db: Db, organisationId: string, keys: { citizenId: string; reference: string }[]) {
    return db
      .selectFrom('messages')
      .innerJoin('receipt_batches', 'receipt_batches.batch_id', 'messages.receipt_batch_id')
      .select(['citizen_id', 'reference', 'message_id', 'content_hash', 'delivered_at', 'receipt_batches.jws', 'receipt_index', 'receipt_proof'])
      .where('messages.organisation_id', '=', organisationId)
      .where((eb) => eb.or(keys.map((key) => eb.and([eb('citizen_id', '=', key.citizenId), eb('reference', '=', key.reference)]))))
      .execute();
  },
};
