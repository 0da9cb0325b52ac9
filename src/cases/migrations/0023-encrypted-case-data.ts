import { sql, type Kysely } from 'kysely';

/**
 * Case title, type, next step, dossier URL and status labels move to encrypted columns (R7, R32).
 * A migration holds no key, so rows written before it keep their plaintext until the cases
 * module's `case-encryption` job seals them (in batches, resumable) and clears the plaintext.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases
      add column case_type_encrypted bytea,
      add column title_encrypted bytea,
      add column dossier_url_encrypted bytea,
      add column next_step_encrypted bytea,
      alter column case_type drop not null,
      alter column title drop not null,
      alter column dossier_url drop not null`.execute(db);
  await sql`alter table case_statuses add column label_encrypted bytea, alter column label drop not null`.execute(db);
  await sql`create index cases_plaintext on cases (citizen_id) where title is not null`.execute(db);
  await sql`create index case_statuses_plaintext on case_statuses (citizen_id) where label is not null`.execute(db);
}
