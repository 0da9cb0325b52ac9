import { sql, type Kysely } from 'kysely';

// Cases and their statuses lead with citizen_id so Lopende Zaken can be distributed by citizen.
// An organisation addresses a case by its own reference alone, so case_references maps
// (organisation, reference) to the owning citizen; like citizen_lookup it is distributed by its
// own key, and it makes a reference unique per organisation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cases (
      citizen_id uuid not null,
      case_id uuid not null,
      organisation_id uuid not null,
      reference text not null,
      source text not null,
      case_type text not null,
      title text not null,
      dossier_url text not null,
      opened_on date not null,
      expected_end_on date,
      next_step text,
      closed boolean not null default false,
      last_changed_at timestamptz not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (citizen_id, case_id),
      unique (citizen_id, organisation_id, reference)
    )`.execute(db);
  await sql`create index cases_by_citizen on cases (citizen_id, closed, last_changed_at desc)`.execute(db);
  await sql`
    create table case_references (
      organisation_id uuid not null,
      reference text not null,
      citizen_id uuid not null,
      case_id uuid not null,
      primary key (organisation_id, reference)
    )`.execute(db);
  await sql`
    create table case_statuses (
      citizen_id uuid not null,
      case_id uuid not null,
      sequence integer not null,
      code text not null,
      label text not null,
      occurred_at timestamptz not null,
      final boolean not null,
      reopens boolean not null default false,
      received_at timestamptz not null,
      notification_id uuid,
      primary key (citizen_id, case_id, sequence)
    )`.execute(db);
  await sql`create index case_statuses_unnotified on case_statuses (citizen_id) where notification_id is null`.execute(db);
}
