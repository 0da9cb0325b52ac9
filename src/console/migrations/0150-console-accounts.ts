import { sql, type Kysely } from 'kysely';

/** Console accounts, their login attempts and the console's own sessions (see src/console/schema.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table console_accounts (
      account_id uuid primary key,
      organisation_id uuid references organisations (organisation_id),
      username text not null unique,
      full_name text not null,
      status text not null check (status in ('active', 'blocked')),
      business_phone text,
      business_email text,
      last_ip_address text,
      contact_person boolean not null,
      operator_staff boolean not null,
      last_login_at timestamptz,
      failed_logins integer not null default 0,
      password_hash text not null,
      password_changed_at timestamptz not null,
      totp_secret_encrypted bytea not null,
      totp_last_step integer,
      roles text[] not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`
    create table console_login_attempts (
      attempt_id bigserial primary key,
      account_id uuid not null references console_accounts (account_id) on delete cascade,
      attempted_at timestamptz not null,
      outcome text not null,
      client_address text
    )`.execute(db);
  await sql`create index console_login_attempts_account on console_login_attempts (account_id, attempted_at)`.execute(db);
  await sql`create index console_login_attempts_at on console_login_attempts (attempted_at)`.execute(db);
  await sql`
    create table console_sessions (
      session_hash bytea primary key,
      account_id uuid references console_accounts (account_id) on delete cascade,
      stage text not null,
      csrf_secret text not null,
      language text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      absolute_expires_at timestamptz not null
    )`.execute(db);
  await sql`create index console_sessions_expiry on console_sessions (last_seen_at)`.execute(db);
}
