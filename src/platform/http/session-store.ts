import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SessionData, SessionLookup } from './sessions.ts';

/** SQL for server-side sessions, keyed by the SHA-256 of the cookie token; session data is stored as JSON. */
export const sessionStore = {
  async find(db: Db, hash: Uint8Array) {
    return db.selectFrom('sessions').selectAll().where('session_hash', '=', hash).executeTakeFirst();
  },

  /** The session row and, in the same statement, each lookup's value by its name. */
  async findWithLookups(db: Db, hash: Uint8Array, lookups: readonly SessionLookup[]) {
    const row = await db
      .selectFrom('sessions')
      .selectAll('sessions')
      .select((eb) => lookups.map((lookup, index) => sql<unknown>`(${lookup.select(eb)})`.as(`lookup_${index}`)))
      .where('session_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return undefined;
    const values = row as Record<string, unknown>;
    return { row, lookups: Object.fromEntries(lookups.map((lookup, index) => [lookup.name, values[`lookup_${index}`] ?? null])) };
  },

  async touch(db: Db, hash: Uint8Array, now: Date): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('session_hash', '=', hash).execute();
  },

  async insert(
    db: Db,
    input: { hash: Uint8Array; citizenId: string | null; loginId: string | null; createdAt: Date; lastSeenAt: Date; absoluteExpiresAt: Date; data: SessionData },
  ): Promise<void> {
    await db
      .insertInto('sessions')
      .values({
        session_hash: input.hash,
        citizen_id: input.citizenId,
        login_id: input.loginId,
        created_at: input.createdAt,
        last_seen_at: input.lastSeenAt,
        absolute_expires_at: input.absoluteExpiresAt,
        data: JSON.stringify(input.data),
      })
      .execute();
  },

  async saveData(db: Db, hash: Uint8Array, data: SessionData): Promise<void> {
    await db
      .updateTable('sessions')
      .set({ data: JSON.stringify(data) })
      .where('session_hash', '=', hash)
      .execute();
  },

  /** Up to `limit` sessions idle since `idleSince` or past their absolute limit at `now`. */
  async listExpired(db: Db, input: { idleSince: Date; now: Date; limit: number }) {
    return db
      .selectFrom('sessions')
      .selectAll()
      .where((eb) => eb.or([eb('last_seen_at', '<=', input.idleSince), eb('absolute_expires_at', '<=', input.now)]))
      .limit(input.limit)
      .execute();
  },

  /** The sessions of one citizen, most recently used first. */
  async listByCitizen(db: Db, citizenId: string) {
    return db.selectFrom('sessions').selectAll().where('citizen_id', '=', citizenId).orderBy('last_seen_at', 'desc').execute();
  },

  /** Deletes the sessions without a citizen beyond the newest `keep`; returns how many. */
  async trimPending(db: Db, keep: number): Promise<number> {
    const result = await db
      .deleteFrom('sessions')
      .where('session_hash', 'in', (eb) => eb.selectFrom('sessions').select('session_hash').where('citizen_id', 'is', null).orderBy('created_at', 'desc').offset(keep))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** Returns whether this call removed the row (false when another request removed it first). */
  async delete(db: Db, hash: Uint8Array): Promise<boolean> {
    const deleted = await db.deleteFrom('sessions').where('session_hash', '=', hash).executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  },
};
