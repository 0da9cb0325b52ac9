import { sql, type Kysely } from 'kysely';

/**
 * Self-entered data beyond name and e-mail (R18): a phone number, a profile photo and saved
 * addresses, all encrypted; and which inactivity warnings were mailed, so each is sent once.
 * Values are updated in place or deleted: no table keeps an earlier value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table citizen_profiles add column phone_encrypted bytea`.execute(db);
  await sql`
    create table profile_photos (
      citizen_id uuid primary key references citizens (citizen_id),
      photo_encrypted bytea not null,
      content_type text not null,
      byte_size integer not null,
      width integer not null,
      height integer not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`
    create table saved_addresses (
      citizen_id uuid not null references citizens (citizen_id),
      address_id uuid not null,
      label_encrypted bytea not null,
      address_encrypted bytea not null,
      created_at timestamptz not null,
      primary key (citizen_id, address_id)
    )`.execute(db);
  // One row per warning sent; `login_basis` is the own login the warning counted from, so a later
  // login makes earlier warnings stale (the clock restarts) and they can be sent again next time.
  await sql`
    create table self_entered_data_warnings (
      citizen_id uuid not null references citizens (citizen_id),
      days_before integer not null,
      login_basis timestamptz not null,
      sent_at timestamptz not null,
      primary key (citizen_id, days_before)
    )`.execute(db);
}
