import { sql, type Kysely } from 'kysely';

/** Access exports (R20): encrypted JSON and PDF, kept until `expires_at`; pending ones are built by a job. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table access_exports (
      citizen_id uuid not null,
      export_id uuid not null,
      status text not null check (status in ('pending', 'ready')),
      assurance text not null,
      language text not null,
      include_attachments boolean not null,
      json_encrypted bytea,
      pdf_encrypted bytea,
      requested_at timestamptz not null,
      leased_until timestamptz,
      ready_at timestamptz,
      expires_at timestamptz not null,
      primary key (citizen_id, export_id)
    )`.execute(db);
  await sql`create index access_exports_pending on access_exports (requested_at) where status = 'pending'`.execute(db);
  await sql`create index access_exports_expiry on access_exports (expires_at)`.execute(db);
}
