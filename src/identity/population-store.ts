import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { USAGE_ACTIVITY } from './processing-log.ts';

/**
 * Staging columns of a population import: one row per person and lookup-hash version (`current`
 * marks the version new accounts use), so accounts hashed under an older lookup key are found too.
 */
export const STAGING_COLUMNS = ['citizen_id', 'bsn_hash', 'current', 'bsn_encrypted', 'log_id', 'deceased_at'];

/** SQL of the bulk population import (R2): staging tables filled with COPY, merged in one transaction. */
export const populationStore = {
  async createStaging(db: Db, name: string): Promise<void> {
    // Unlogged: the staging rows are rebuilt from the file when an import is repeated.
    await sql`create unlogged table ${sql.table(name)} (citizen_id uuid not null, bsn_hash bytea not null, current boolean not null, bsn_encrypted bytea, log_id uuid, deceased_at timestamptz)`.execute(db);
  },

  async dropStaging(db: Db, name: string): Promise<void> {
    await sql`drop table if exists ${sql.table(name)}`.execute(db);
  },

  /**
   * Merges the staged people into the accounts: existing accounts stay as they are (a death in the
   * extract is recorded on them), the others get an account, not activated, and one processing
   * record each. Safe to repeat and against concurrent account creation (ON CONFLICT on the hash).
   */
  async merge(db: Db, input: { name: string; traceId: string; operationId: string; at: Date }): Promise<{ created: number; existing: number; deceasedMarked: number }> {
    const staging = sql.table(input.name);
    return db.transaction().execute(async (trx) => {
      await sql`create index on ${staging} (bsn_hash)`.execute(trx);
      await sql`analyze ${staging}`.execute(trx);
      // The staged id of each person who already has an account, with the account's id.
      await sql`create temporary table population_existing on commit drop as
        select distinct h.citizen_id as staged_id, l.citizen_id from ${staging} h join citizen_lookup l on l.bsn_hash = h.bsn_hash`.execute(trx);
      const marked = await sql`update citizens c set deceased_at = s.deceased_at
        from population_existing e join ${staging} s on s.citizen_id = e.staged_id and s.current
        where c.citizen_id = e.citizen_id and s.deceased_at is not null and c.deceased_at is null`.execute(trx);
      const existing = await sql<{ count: number }>`select count(*)::int as count from population_existing`.execute(trx);
      const created = await sql<{ count: number }>`
        with fresh as (
          select s.* from ${staging} s
          where s.current and s.deceased_at is null and not exists (select 1 from population_existing e where e.staged_id = s.citizen_id)
        ), lookup as (
          insert into citizen_lookup (bsn_hash, citizen_id) select bsn_hash, citizen_id from fresh
          on conflict (bsn_hash) do nothing returning citizen_id
        ), accounts as (
          insert into citizens (citizen_id, bsn_encrypted) select f.citizen_id, f.bsn_encrypted from fresh f join lookup using (citizen_id)
          returning citizen_id
        ), logged as (
          insert into processing_log (log_id, trace_id, operation_id, operation_name, status_code, start_time, end_time, processing_activity_id, data_subject_id)
          select f.log_id, ${input.traceId}, ${input.operationId}, 'account-created', 1, ${input.at}, ${input.at}, ${USAGE_ACTIVITY}, f.citizen_id
          from fresh f join accounts using (citizen_id)
          returning 1
        )
        select count(*)::int as count from logged`.execute(trx);
      return {
        created: created.rows[0]?.count ?? 0,
        existing: existing.rows[0]?.count ?? 0,
        deceasedMarked: Number(marked.numAffectedRows ?? 0),
      };
    });
  },

  async markDeceased(db: Db, citizenId: string, at: Date): Promise<boolean> {
    const result = await db.updateTable('citizens').set({ deceased_at: at }).where('citizen_id', '=', citizenId).where('deceased_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Moves an account to a new BSN: the new lookup hash in, every old one out, the stored BSN replaced. */
  async changeBsn(db: Db, input: { citizenId: string; oldHashes: Uint8Array[]; newHash: Uint8Array; bsnEncrypted: Uint8Array }): Promise<void> {
    await db.insertInto('citizen_lookup').values({ bsn_hash: input.newHash, citizen_id: input.citizenId }).execute();
    await db.deleteFrom('citizen_lookup').where('bsn_hash', 'in', input.oldHashes).where('citizen_id', '=', input.citizenId).execute();
    await db.updateTable('citizens').set({ bsn_encrypted: input.bsnEncrypted }).where('citizen_id', '=', input.citizenId).execute();
  },
};
