import { sql, type Kysely } from 'kysely';

/** R17: a representative may ask to be mailed when the represented citizen gets a new message. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table mandates add column notify_representative boolean not null default false`.execute(db);
}
