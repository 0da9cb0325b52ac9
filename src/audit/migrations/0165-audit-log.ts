import { sql, type Kysely } from 'kysely';

/** The append-only audit log (one row per leaf; see src/audit/schema.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table audit_log (
    seq bigserial primary key,
    month text not null,
    appended_at timestamptz not null,
    entry text not null,
    leaf_hash text not null
  )`.execute(db);
  await sql`create index audit_log_month on audit_log (month, seq)`.execute(db);
}
