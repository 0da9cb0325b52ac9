import { sql, type Kysely } from 'kysely';

/**
 * Consent per citizen and external message store, and the session-scoped cache of fetched message
 * lists. The cache hangs off its session (cascade), so logout and expiry remove it; withdrawing a
 * consent deletes the citizen's rows for that store in every session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table external_mailbox_consents (
      citizen_id uuid not null references citizens (citizen_id) on delete cascade,
      store_id text not null,
      granted_at timestamptz not null,
      primary key (citizen_id, store_id)
    )`.execute(db);
  await sql`
    create table external_mailbox_cache (
      citizen_id uuid not null,
      store_id text not null,
      session_hash bytea not null references sessions (session_hash) on delete cascade,
      fetched_at timestamptz not null,
      list_encrypted bytea not null,
      primary key (citizen_id, store_id, session_hash)
    )`.execute(db);
  await sql`create index external_mailbox_cache_session on external_mailbox_cache (session_hash)`.execute(db);
}
