import { sql, type Kysely } from 'kysely';

/** Refused deliveries counted per organisation, day and reason class (no recipient, no content). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table delivery_refusals (
      organisation_id uuid not null,
      day date not null,
      reason text not null,
      count integer not null,
      primary key (organisation_id, day, reason)
    )`.execute(db);
}
