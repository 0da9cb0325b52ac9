import { sql, type Kysely } from 'kysely';

/**
 * Self-entered contact data moves from identity's `citizens` into profile's own table, so each
 * module owns its tables. The ciphertexts move unchanged: their associated data names the citizen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table citizen_profiles (
      citizen_id uuid primary key references citizens (citizen_id),
      screen_name_encrypted bytea,
      email_encrypted bytea,
      email_verified_at timestamptz
    )`.execute(db);
  await sql`
    insert into citizen_profiles (citizen_id, screen_name_encrypted, email_encrypted, email_verified_at)
    select citizen_id, screen_name_encrypted, email_encrypted, email_verified_at from citizens
    where screen_name_encrypted is not null or email_encrypted is not null`.execute(db);
  await sql`alter table citizens drop column screen_name_encrypted, drop column email_encrypted, drop column email_verified_at, drop column language`.execute(db);
}
