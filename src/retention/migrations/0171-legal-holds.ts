import { sql, type Kysely } from 'kysely';

/** Legal holds that stop a record's purge (R25; see src/retention/schema.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table legal_holds (
    hold_id uuid primary key,
    record_type text not null check (record_type in ('citizen', 'message', 'case', 'audit-month')),
    record_id text not null,
    reason text not null,
    placed_at timestamptz not null,
    placed_by text not null,
    released_at timestamptz
  )`.execute(db);
  await sql`create index legal_holds_active on legal_holds (record_type, record_id) where released_at is null`.execute(db);
}
