import type { Db } from '../platform/db/database.ts';
import type { Insertable } from 'kysely';
import type { AccessExportsTable } from './schema.ts';

/** SQL for access exports (R20). */
export const accessExportStore = {
  async insert(db: Db, row: Omit<Insertable<AccessExportsTable>, 'json_encrypted' | 'pdf_encrypted' | 'ready_at'>): Promise<void> {
    await db.insertInto('access_exports').values({ ...row, json_encrypted: null, pdf_encrypted: null, ready_at: null }).execute();
  },

  async find(db: Db, citizenId: string, exportId: string, now: Date) {
    return db.selectFrom('access_exports').selectAll().where('citizen_id', '=', citizenId).where('export_id', '=', exportId).where('expires_at', '>', now).executeTakeFirst();
  },

  /** The citizen's exports that are not yet deleted, newest first, without their contents. */
  async list(db: Db, citizenId: string, now: Date) {
    return db
      .selectFrom('access_exports')
      .select(['export_id', 'status', 'include_attachments', 'requested_at', 'ready_at', 'expires_at'])
      .where('citizen_id', '=', citizenId)
      .where('expires_at', '>', now)
      .orderBy('requested_at', 'desc')
      .execute();
  },

  /** Leases pending exports whose lease is gone (never taken, or its builder died); skips ones another worker holds. */
  async claimPending(db: Db, input: { now: Date; leasedUntil: Date; limit: number }) {
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('access_exports')
        .select(['citizen_id', 'export_id'])
        .where('status', '=', 'pending')
        .where('expires_at', '>', input.now)
        .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', input.now)]))
        .orderBy('requested_at')
        .limit(input.limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      return trx
        .updateTable('access_exports')
        .set({ leased_until: input.leasedUntil })
        .where('export_id', 'in', due.map((row) => row.export_id))
        .returning(['citizen_id', 'export_id', 'assurance', 'language', 'include_attachments'])
        .execute();
    });
  },

  async complete(db: Db, input: { citizenId: string; exportId: string; json: Uint8Array; pdf: Uint8Array; at: Date }): Promise<boolean> {
    const result = await db
      .updateTable('access_exports')
      .set({ status: 'ready', json_encrypted: input.json, pdf_encrypted: input.pdf, ready_at: input.at, leased_until: null })
      .where('citizen_id', '=', input.citizenId)
      .where('export_id', '=', input.exportId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Deletes exports past their keeping time; returns how many. */
  async deleteExpired(db: Db, now: Date): Promise<number> {
    const result = await db.deleteFrom('access_exports').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
