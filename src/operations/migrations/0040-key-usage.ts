import { sql, type Kysely } from 'kysely';

/** Encryptions per data key, so the AES-GCM usage budget survives restarts and counts every process. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table key_usage (key_id text primary key, encryptions bigint not null)`.execute(db);
}
