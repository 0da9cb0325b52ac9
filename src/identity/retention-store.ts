import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { LegalHolds } from '../platform/retention-purge.ts';
import { USAGE_ACTIVITY } from './processing-log.ts';

/** Identity's retention queries (R25): accounts without login, login history, usage history. */
export const identityRetentionStore = {
  /** Accounts not anonymised whose last own login (else activation, else creation) is before `before`. */
  dormantAccounts(db: Db, input: { before: Date; holds: LegalHolds }) {
    return db
      .selectFrom('citizens')
      .where('anonymised_at', 'is', null)
      .where(sql<Date>`coalesce(last_login_at, activated_at, created_at)`, '<', input.before)
      .$if(input.holds.citizens.length > 0, (query) => query.where('citizen_id', 'not in', input.holds.citizens));
  },

  async countDormantAccounts(db: Db, input: { before: Date; holds: LegalHolds }): Promise<number> {
    const row = await this.dormantAccounts(db, input).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
    return row.count;
  },

  async lockDormantAccounts(db: Db, input: { before: Date; holds: LegalHolds; limit: number }): Promise<string[]> {
    const rows = await this.dormantAccounts(db, input).select('citizen_id').orderBy('citizen_id').limit(input.limit).forUpdate().skipLocked().execute();
    return rows.map((row) => row.citizen_id);
  },

  /** Erases what identifies the holder: the lookup row goes, the BSN is replaced by an empty sealed value. */
  async anonymiseAccount(db: Db, input: { citizenId: string; emptyBsn: Uint8Array; now: Date }): Promise<void> {
    await db.deleteFrom('citizen_lookup').where('citizen_id', '=', input.citizenId).execute();
    await db.updateTable('citizens').set({ bsn_encrypted: input.emptyBsn, anonymised_at: input.now }).where('citizen_id', '=', input.citizenId).execute();
  },

  oldLogins(db: Db, input: { before: Date; holds: LegalHolds }) {
    return db
      .selectFrom('login_history')
      .where('started_at', '<', input.before)
      .$if(input.holds.citizens.length > 0, (query) => query.where('citizen_id', 'not in', input.holds.citizens));
  },

  async countOldLogins(db: Db, input: { before: Date; holds: LegalHolds }): Promise<number> {
    const row = await this.oldLogins(db, input).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
    return row.count;
  },

  async deleteOldLogins(db: Db, input: { before: Date; holds: LegalHolds; limit: number }): Promise<number> {
    const batch = this.oldLogins(db, input).select('login_id').limit(input.limit);
    const result = await db.deleteFrom('login_history').where('login_id', 'in', batch).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  oldUsage(db: Db, input: { before: Date; holds: LegalHolds }) {
    return db
      .selectFrom('processing_log')
      .where('processing_activity_id', '=', USAGE_ACTIVITY)
      .where('start_time', '<', input.before)
      .$if(input.holds.citizens.length > 0, (query) =>
        query.where((eb) => eb.or([eb('data_subject_id', 'is', null), eb('data_subject_id', 'not in', input.holds.citizens)])),
      );
  },

  async countOldUsage(db: Db, input: { before: Date; holds: LegalHolds }): Promise<number> {
    const row = await this.oldUsage(db, input).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
    return row.count;
  },

  async deleteOldUsage(db: Db, input: { before: Date; holds: LegalHolds; limit: number }): Promise<number> {
    const batch = this.oldUsage(db, input).select('log_id').limit(input.limit);
    const result = await db.deleteFrom('processing_log').where('log_id', 'in', batch).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
