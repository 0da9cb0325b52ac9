import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

/** Appends one leaf. The caller's transaction is serialised so `seq` order is commit order. */
export async function insertAuditLeaf(trx: Db, row: { month: string; appendedAt: Date; entry: string; leafHash: string }): Promise<void> {
  await sql`select pg_advisory_xact_lock(6962)`.execute(trx);
  await trx.insertInto('audit_log').values({ month: row.month, appended_at: row.appendedAt, entry: row.entry, leaf_hash: row.leafHash }).execute();
}
