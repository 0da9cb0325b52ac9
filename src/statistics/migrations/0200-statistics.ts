import { sql, type Kysely } from 'kysely';

/** Daily usage figures (R28): exact counts and their published, noised or suppressed, form. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table statistics_daily (
      day text not null,
      metric text not null,
      dimension text not null,
      count integer not null,
      published integer,
      published_at timestamptz not null,
      primary key (day, metric, dimension)
    )`.execute(db);
}
