import type { Insertable } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import { bulkRows, type BulkColumn } from '../platform/db/bulk-rows.ts';

/** A delivered message as inserted: every column the delivery sets. */
export type NewMessageRow = Required<Omit<Insertable<Database['messages']>, 'read_at' | 'folder' | 'notification_id'>>;

const NEW_MESSAGE_COLUMNS: BulkColumn<NewMessageRow>[] = [
  { name: 'citizen_id', type: 'uuid' },
  { name: 'message_id', type: 'uuid' },
  { name: 'organisation_id', type: 'uuid' },
  { name: 'reference', type: 'text' },
  { name: 'content_hash', type: 'bytea' },
  { name: 'subject_encrypted', type: 'bytea' },
  { name: 'body_encrypted', type: 'bytea' },
  { name: 'legal_consequence', type: 'boolean' },
  { name: 'required_assurance', type: 'text' },
  { name: 'visible_from', type: 'timestamptz' },
  { name: 'due_at', type: 'timestamptz' },
  { name: 'retain_until', type: 'timestamptz' },
  { name: 'delivered_at', type: 'timestamptz' },
  { name: 'receipt_batch_id', type: 'uuid' },
  { name: 'receipt_index', type: 'integer' },
  { name: 'receipt_proof', type: 'bytea' },
];

/** SQL for delivering messages: one insert per table, and the originals of retried references. */
export const deliveryStore = {
  async insertReceiptBatch(db: Db, row: Insertable<Database['receipt_batches']>): Promise<void> {
    await db.insertInto('receipt_batches').values(row).execute();
  },

  /**
   * Inserts the messages whose (citizen, organisation, reference) is new; returns their ids.
   * One statement with a fixed number of parameters (see bulkRows), however big the batch.
   */
  async insertNewMessages(db: Db, rows: NewMessageRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted = await db
      .insertInto('messages')
      .columns(NEW_MESSAGE_COLUMNS.map((column) => column.name))
      .expression(bulkRows(rows, NEW_MESSAGE_COLUMNS))
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
