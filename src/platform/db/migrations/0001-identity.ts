import { sql, type Kysely } from 'kysely';

// Citizen-owned tables lead their keys with citizen_id so the schema can be sharded by citizen.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table citizens (
      citizen_id uuid primary key,
      bsn_encrypted bytea not null,
      screen_name_encrypted bytea,
      email_encrypted bytea,
      email_verified_at timestamptz,
      language text,
      activated_at timestamptz not null,
      last_login_at timestamptz
    )`.execute(db);
  await sql`
    create table citizen_lookup (
      bsn_hash bytea primary key,
      citizen_id uuid not null
    )`.execute(db);
  await sql`
    create table login_history (
      citizen_id uuid not null,
      login_id uuid not null,
      started_at timestamptz not null,
      ended_at timestamptz,
      end_reason text,
      assurance text not null,
      primary key (citizen_id, login_id)
    )`.execute(db);
  await sql`
    create table citizen_activity (
      citizen_id uuid not null,
      activity_id uuid not null,
      occurred_at timestamptz not null,
      action text not null,
      detail text,
      login_id uuid,
      primary key (citizen_id, activity_id)
    )`.execute(db);
  await sql`
    create table email_verifications (
      citizen_id uuid not null,
      token_hash bytea not null,
      email_encrypted bytea not null,
      expires_at timestamptz not null,
      created_at timestamptz not null,
      primary key (citizen_id, token_hash)
    )`.execute(db);
  await sql`create index email_verifications_token on email_verifications (token_hash)`.execute(db);
  await sql`
    create table sessions (
      session_hash bytea primary key,
      citizen_id uuid,
      login_id uuid,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      data jsonb not null default '{}'
    )`.execute(db);
  await sql`create index sessions_last_seen on sessions (last_seen_at)`.execute(db);
}
