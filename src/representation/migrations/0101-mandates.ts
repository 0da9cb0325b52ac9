import { sql, type Kysely } from 'kysely';

/** Representation (R17): mandates between citizens and legal representations by organisations. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table mandates (
      grantor_id uuid not null references citizens (citizen_id),
      mandate_id uuid not null,
      representative_id uuid not null references citizens (citizen_id),
      kind text not null,
      services text not null,
      organisations text,
      valid_from timestamptz not null,
      valid_until timestamptz,
      status text not null,
      acceptance_code text,
      failed_attempts integer not null default 0,
      grantor_name_encrypted bytea not null,
      representative_name_encrypted bytea,
      created_at timestamptz not null,
      accepted_at timestamptz,
      ended_at timestamptz,
      end_reason text,
      first_used_at timestamptz,
      organisation_id uuid,
      reference text,
      legal_basis text,
      authentication_context_encrypted bytea,
      primary key (grantor_id, mandate_id)
    )`.execute(db);
  await sql`create unique index mandates_by_id on mandates (mandate_id)`.execute(db);
  await sql`create index mandates_by_representative on mandates (representative_id)`.execute(db);
  // An organisation registers a legal representation once per reference (idempotent API).
  await sql`create unique index mandates_by_reference on mandates (organisation_id, reference) where organisation_id is not null`.execute(db);
}
