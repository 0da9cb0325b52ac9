import { sql, type Kysely } from 'kysely';

/** Capacity planning (R27): announced waves and admitted deliveries per organisation and minute. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table wave_plans (
      plan_id uuid primary key,
      organisation_id uuid not null,
      window_start timestamptz not null,
      window_end timestamptz not null,
      expected_messages integer not null,
      announced_by text not null,
      announced_at timestamptz not null,
      cancelled_at timestamptz
    )`.execute(db);
  await sql`create index wave_plans_window on wave_plans (window_end, window_start)`.execute(db);
  await sql`
    create table delivery_minutes (
      organisation_id uuid not null,
      minute timestamptz not null,
      messages integer not null,
      primary key (organisation_id, minute)
    )`.execute(db);
  await sql`create index delivery_minutes_minute on delivery_minutes (minute)`.execute(db);
}
