import { sql, type Kysely } from 'kysely';

/** Requests about data other authorities hold (R21), with their status and deadline. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table rights_requests (
      citizen_id uuid not null,
      request_id uuid not null,
      "right" text not null,
      data_kind text not null,
      authority_organisation_id uuid,
      authority_name text not null,
      explanation_encrypted bytea not null,
      status text not null check (status in ('received', 'forwarded', 'handled', 'refused')),
      reason_encrypted bytea,
      extension_reason_encrypted bytea,
      forwarded_to text,
      received_at timestamptz not null,
      forwarded_at timestamptz,
      decided_at timestamptz,
      deadline timestamptz not null,
      updated_at timestamptz not null,
      primary key (citizen_id, request_id)
    )`.execute(db);
  // The API finds a request by its id alone (the organisation does not know the citizen id).
  await sql`create unique index rights_requests_by_id on rights_requests (request_id)`.execute(db);
}
