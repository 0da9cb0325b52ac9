import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

/** SQL for the per-key encryption counts. */
export const keyUsageStore = {
  /** Adds counts (one statement per key; concurrent processes add up). Returns the new totals. */
  async add(db: Db, counts: Map<string, number>): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    for (const [keyId, count] of counts) {
      const row = await db
        .insertInto('key_usage')
        .values({ key_id: keyId, encryptions: count })
        .onConflict((oc) => oc.column('key_id').doUpdateSet({ encryptions: sql`key_usage.encryptions + excluded.encryptions` }))
        .returning('encryptions')
        .executeTakeFirstOrThrow();
      totals.set(keyId, Number(row.encryptions));
    }
    return totals;
  },

  async get(db: Db, keyId: string): Promise<number> {
    const row = await db.selectFrom('key_usage').select('encryptions').where('key_id', '=', keyId).executeTakeFirst();
    return Number(row?.encryptions ?? 0);
  },
};
