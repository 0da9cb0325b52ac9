import { sql, type Kysely } from 'kysely';

/**
 * The clock of user data's retention (R25): when an account was created (an account made at a
 * delivery may never log in), and when it was anonymised (then it is not selected again).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table citizens add column created_at timestamptz not null default now(), add column anonymised_at timestamptz`.execute(db);
}
