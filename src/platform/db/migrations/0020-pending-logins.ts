import { sql, type Kysely } from 'kysely';

/** Pending logins (sessions without a citizen) are trimmed newest-first; this index keeps that cheap. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index sessions_pending_created on sessions (created_at) where citizen_id is null`.execute(db);
}
