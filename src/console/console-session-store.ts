import type { Db } from '../platform/db/database.ts';

const columns = ['session_hash', 'account_id', 'stage', 'csrf_secret', 'language', 'created_at', 'last_seen_at', 'absolute_expires_at'] as const;

/** SQL for the console's own sessions. */
export const consoleSessionStore = {
  async insert(db: Db, row: { hash: Uint8Array; accountId: string | null; stage: 'anonymous' | 'second-factor' | 'active'; csrfSecret: string; language: 'nl' | 'en'; now: Date; absoluteExpiresAt: Date }) {
    await db
      .insertInto('console_sessions')
      .values({
        session_hash: row.hash,
        account_id: row.accountId,
        stage: row.stage,
        csrf_secret: row.csrfSecret,
        language: row.language,
        created_at: row.now,
        last_seen_at: row.now,
        absolute_expires_at: row.absoluteExpiresAt,
      })
      .execute();
  },

  async find(db: Db, hash: Uint8Array) {
    return db.selectFrom('console_sessions').select(columns).where('session_hash', '=', hash).executeTakeFirst();
  },

  async touch(db: Db, hash: Uint8Array, now: Date, language: 'nl' | 'en'): Promise<void> {
    await db.updateTable('console_sessions').set({ last_seen_at: now, language }).where('session_hash', '=', hash).execute();
  },

  async delete(db: Db, hash: Uint8Array): Promise<void> {
    await db.deleteFrom('console_sessions').where('session_hash', '=', hash).execute();
  },

  async deleteForAccount(db: Db, accountId: string): Promise<void> {
    await db.deleteFrom('console_sessions').where('account_id', '=', accountId).execute();
  },

  /** Idle or past their absolute end. */
  async deleteExpired(db: Db, input: { idleSince: Date; now: Date }): Promise<number> {
    const result = await db
      .deleteFrom('console_sessions')
      .where((eb) => eb.or([eb('last_seen_at', '<', input.idleSince), eb('absolute_expires_at', '<=', input.now)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
