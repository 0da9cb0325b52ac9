import { sql, type Kysely } from 'kysely';

/** An organisation's own retention period for its messages without a retain-until (R25); null: the portal's default. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisations add column message_retention_days integer check (message_retention_days > 0)`.execute(db);
}
