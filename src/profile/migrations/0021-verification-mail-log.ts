import { sql, type Kysely } from 'kysely';

/**
 * Every verification mail sent, so the portal can refuse more than a few per citizen per hour
 * and per e-mail address per day. The address is kept only as a keyed hash; rows older than a
 * day are deleted when the next mail is sent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table verification_mail_log (
      citizen_id uuid not null,
      address_hash bytea not null,
      sent_at timestamptz not null
    )`.execute(db);
  await sql`create index verification_mail_log_citizen on verification_mail_log (citizen_id, sent_at)`.execute(db);
  await sql`create index verification_mail_log_address on verification_mail_log (address_hash, sent_at)`.execute(db);
  await sql`create index verification_mail_log_sent on verification_mail_log (sent_at)`.execute(db);
}
