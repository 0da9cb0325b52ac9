import { sql, type Kysely } from 'kysely';

/**
 * Every recorded action keeps who acted as well as whose account it concerns: the citizen, a
 * representative (later), or null for the system (a notification mail, an expired session).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table citizen_activity add column actor_citizen_id uuid`.execute(db);
  // Until now every recorded action with a login was the citizen's own.
  await sql`update citizen_activity set actor_citizen_id = citizen_id where login_id is not null`.execute(db);
}
