import { sql, type Kysely } from 'kysely';

/**
 * Register changes reach accounts (R2): a death closes the account for delivery without asking the
 * register during a wave. The date comes from the register's change file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table citizens add column deceased_at timestamptz`.execute(db);
}
