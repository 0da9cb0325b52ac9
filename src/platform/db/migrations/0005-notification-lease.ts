import { sql, type Kysely } from 'kysely';

// A worker only removes an outbox row it still holds and that nothing was added to meanwhile:
// news that arrives while a mail is being sent marks the row dirty and gets its own mail.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notification_outbox add column lease_id uuid`.execute(db);
  await sql`alter table notification_outbox add column dirty boolean not null default false`.execute(db);
}
