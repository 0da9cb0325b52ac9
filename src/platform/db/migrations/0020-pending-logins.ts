import { sql, type Kysely } from 'kysely';

/**
 * Pending logins (sessions without a citizen) are trimmed newest-first, and a citizen sees and ends
 * their own sessions; these indexes keep both cheap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index sessions_pending_created on sessions (created_at) where citizen_id is null`.execute(db);
  await sql`create index sessions_by_citizen on sessions (citizen_id) where citizen_id is not null`.execute(db);
}
