import { sql, type Kysely } from 'kysely';

/**
 * The organisation API finds a request by its id alone. A unique index that does not lead with
 * citizen_id cannot exist on a table distributed by citizen (Citus), so the lookup index is plain:
 * the id is a random UUID, and the primary key (citizen_id, request_id) stays unique.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index rights_requests_by_id`.execute(db);
  await sql`create index rights_requests_by_id on rights_requests (request_id)`.execute(db);
}
