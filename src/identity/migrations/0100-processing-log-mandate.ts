import { sql, type Kysely } from 'kysely';

/**
 * Representation (R17): a record of what a representative did keeps the mandate it was done under
 * and the service it belongs to, so the ledger of actions for someone is a view of this one log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table processing_log add column mandate_id uuid`.execute(db);
  await sql`alter table processing_log add column mandate_service text`.execute(db);
  // The two ledger pages: what was done for a subject, and what an actor did for others.
  await sql`create index processing_log_by_mandate on processing_log (mandate_id, start_time) where mandate_id is not null`.execute(db);
  await sql`create index processing_log_represented_actor on processing_log (actor_citizen_id, start_time) where mandate_id is not null`.execute(db);
}
