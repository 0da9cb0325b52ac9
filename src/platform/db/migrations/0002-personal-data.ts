import { sql, type Kysely } from 'kysely';

// Register data lives only as long as its session: the cascade removes it with the sessions row
// at logout, idle or absolute expiry and in the sweeper (R16).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table session_register_data (
      session_hash bytea not null references sessions (session_hash) on delete cascade,
      source text not null,
      status text not null,
      fetched_at timestamptz not null,
      payload_encrypted bytea,
      primary key (session_hash, source)
    )`.execute(db);
}
