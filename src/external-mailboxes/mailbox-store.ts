import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

export interface CachedList {
  fetchedAt: Date;
  listEncrypted: Buffer;
}

/** SQL for consents and the session-scoped list cache of external message stores. */
export const mailboxStore = {
  /** The store ids this citizen consented to, with when. */
  async consents(db: Db, citizenId: string): Promise<Map<string, Date>> {
    const rows = await db.selectFrom('external_mailbox_consents').select(['store_id', 'granted_at']).where('citizen_id', '=', citizenId).execute();
    return new Map(rows.map((row) => [row.store_id, new Date(row.granted_at)]));
  },

  async hasConsent(db: Db, citizenId: string, storeId: string): Promise<boolean> {
    const row = await db.selectFrom('external_mailbox_consents').select('store_id').where('citizen_id', '=', citizenId).where('store_id', '=', storeId).executeTakeFirst();
    return row !== undefined;
  },

  /** Records a consent; granting again keeps the first moment. Returns false when it already existed. */
  async grant(db: Db, input: { citizenId: string; storeId: string; at: Date }): Promise<boolean> {
    const result = await db
      .insertInto('external_mailbox_consents')
      .values({ citizen_id: input.citizenId, store_id: input.storeId, granted_at: input.at })
      .onConflict((conflict) => conflict.columns(['citizen_id', 'store_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  /** Deletes the consent and every cached list of that store for this citizen, in all sessions. Returns whether a consent existed. */
  async withdraw(db: Db, input: { citizenId: string; storeId: string }): Promise<boolean> {
    await db.deleteFrom('external_mailbox_cache').where('citizen_id', '=', input.citizenId).where('store_id', '=', input.storeId).execute();
    const result = await db.deleteFrom('external_mailbox_consents').where('citizen_id', '=', input.citizenId).where('store_id', '=', input.storeId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async cachedList(db: Db, input: { citizenId: string; storeId: string; sessionHash: Buffer }): Promise<CachedList | null> {
    const row = await db
      .selectFrom('external_mailbox_cache')
      .select(['fetched_at', 'list_encrypted'])
      .where('citizen_id', '=', input.citizenId)
      .where('store_id', '=', input.storeId)
      .where('session_hash', '=', input.sessionHash)
      .executeTakeFirst();
    return row ? { fetchedAt: new Date(row.fetched_at), listEncrypted: Buffer.from(row.list_encrypted) } : null;
  },

  /**
   * Keeps a fetched list with the session, but only while the consent still exists (checked in the
   * same statement): a fetch that finishes after a withdrawal leaves nothing behind. A session that
   * ended meanwhile keeps nothing either.
   */
  async cacheList(db: Db, input: { citizenId: string; storeId: string; sessionHash: Buffer; fetchedAt: Date; listEncrypted: Buffer }): Promise<void> {
    try {
      await db
        .insertInto('external_mailbox_cache')
        .columns(['citizen_id', 'store_id', 'session_hash', 'fetched_at', 'list_encrypted'])
        .expression((eb) =>
          eb
            .selectFrom('external_mailbox_consents')
            .select([
              'citizen_id',
              'store_id',
              // Typed casts: in INSERT … SELECT the parameters' types are not taken from the target columns.
              sql<Buffer>`cast(${input.sessionHash} as bytea)`.as('session_hash'),
              sql<Date>`cast(${input.fetchedAt} as timestamptz)`.as('fetched_at'),
              sql<Buffer>`cast(${input.listEncrypted} as bytea)`.as('list_encrypted'),
            ])
            .where('citizen_id', '=', input.citizenId)
            .where('store_id', '=', input.storeId),
        )
        .onConflict((conflict) =>
          conflict.columns(['citizen_id', 'store_id', 'session_hash']).doUpdateSet((eb) => ({ fetched_at: eb.ref('excluded.fetched_at'), list_encrypted: eb.ref('excluded.list_encrypted') })),
        )
        .execute();
    } catch (error) {
      // 23503: the session row is gone (logged out meanwhile); its data must not outlive it.
      if ((error as { code?: unknown }).code === '23503') return;
      throw error;
    }
  },

  /** Drops one session's list of one store, so the next view asks the store again (e.g. after a read). */
  async forgetList(db: Db, input: { citizenId: string; storeId: string; sessionHash: Buffer }): Promise<void> {
    await db.deleteFrom('external_mailbox_cache').where('citizen_id', '=', input.citizenId).where('store_id', '=', input.storeId).where('session_hash', '=', input.sessionHash).execute();
  },

  /** Every cached row of a citizen (tests and the data export check that nothing outlives a withdrawal). */
  async cachedStores(db: Db, citizenId: string): Promise<string[]> {
    const rows = await db.selectFrom('external_mailbox_cache').select('store_id').where('citizen_id', '=', citizenId).execute();
    return rows.map((row) => row.store_id);
  },
};
