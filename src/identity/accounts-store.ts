import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../platform/db/database.ts';

/** SQL for accounts, login history and the activity log. */
export const accountsStore = {
  async findCitizenIdByBsnHash(db: Db, bsnHash: Uint8Array): Promise<string | null> {
    const row = await db.selectFrom('citizen_lookup').select('citizen_id').where('bsn_hash', '=', bsnHash).executeTakeFirst();
    return row?.citizen_id ?? null;
  },

  async findCitizen(db: Db, citizenId: string) {
    return db.selectFrom('citizens').selectAll().where('citizen_id', '=', citizenId).executeTakeFirst();
  },

  /** Inserts the account and its lookup row; a concurrent first login for the same BSN loses cleanly. */
  async insertCitizen(db: Db, input: { citizenId: string; bsnHash: Uint8Array; bsnEncrypted: Uint8Array; activatedAt: Date | null }): Promise<boolean> {
    const inserted = await db
      .insertInto('citizen_lookup')
      .values({ bsn_hash: input.bsnHash, citizen_id: input.citizenId })
      .onConflict((oc) => oc.column('bsn_hash').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await db
      .insertInto('citizens')
      .values({ citizen_id: input.citizenId, bsn_encrypted: input.bsnEncrypted, activated_at: input.activatedAt })
      .execute();
    return true;
  },

  /** Accounts for many BSN hashes at once: citizen id and whether the account is activated. */
  async findByBsnHashes(db: Db, hashes: Uint8Array[]) {
    if (hashes.length === 0) return [];
    return db
      .selectFrom('citizen_lookup')
      .innerJoin('citizens', 'citizens.citizen_id', 'citizen_lookup.citizen_id')
      .select(['citizen_lookup.bsn_hash', 'citizens.citizen_id', 'citizens.activated_at'])
      .where('citizen_lookup.bsn_hash', 'in', hashes)
      .execute();
  },

  async activate(db: Db, citizenId: string, now: Date): Promise<boolean> {
    const result = await db.updateTable('citizens').set({ activated_at: now }).where('citizen_id', '=', citizenId).where('activated_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async startLogin(db: Db, input: { citizenId: string; loginId: string; assurance: string; now: Date }): Promise<void> {
    await db
      .insertInto('login_history')
      .values({ citizen_id: input.citizenId, login_id: input.loginId, started_at: input.now, assurance: input.assurance })
      .execute();
    await db.updateTable('citizens').set({ last_login_at: input.now }).where('citizen_id', '=', input.citizenId).execute();
  },

  async endLogin(db: Db, input: { citizenId: string; loginId: string; endedAt: Date; reason: string }): Promise<void> {
    await db
      .updateTable('login_history')
      .set({ ended_at: input.endedAt, end_reason: input.reason })
      .where('citizen_id', '=', input.citizenId)
      .where('login_id', '=', input.loginId)
      .where('ended_at', 'is', null)
      .execute();
  },

  async recordActivity(db: Db, input: { citizenId: string; actorId: string | null; action: string; detail?: string | null; loginId?: string | null; now: Date }): Promise<void> {
    await db
      .insertInto('citizen_activity')
      .values({
        citizen_id: input.citizenId,
        activity_id: uuidv7({ msecs: input.now.getTime() }),
        occurred_at: input.now,
        action: input.action,
        detail: input.detail ?? null,
        login_id: input.loginId ?? null,
        actor_citizen_id: input.actorId,
      })
      .execute();
  },

  async recordActivities(db: Db, entries: { citizenId: string; action: string; detail?: string | null; now: Date }[]): Promise<void> {
    if (entries.length === 0) return;
    await db
      .insertInto('citizen_activity')
      .values(
        entries.map((entry) => ({
          citizen_id: entry.citizenId,
          activity_id: uuidv7({ msecs: entry.now.getTime() }),
          occurred_at: entry.now,
          action: entry.action,
          detail: entry.detail ?? null,
          login_id: null,
          // Entries recorded in bulk are the system's own (e.g. notification mails).
          actor_citizen_id: null,
        })),
      )
      .execute();
  },

  async listLogins(db: Db, citizenId: string, limit: number) {
    return db
      .selectFrom('login_history')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
  },

  async listActivity(db: Db, citizenId: string, limit: number) {
    return db
      .selectFrom('citizen_activity')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .orderBy('occurred_at', 'desc')
      .orderBy('activity_id', 'desc')
      .limit(limit)
      .execute();
  },
};
