import { sql, type Kysely } from 'kysely';

/**
 * The helpdesk (R22) in the shape of VNG Klantinteracties: a klantcontact (the question or
 * complaint), its betrokkene (the citizen who asked, with contact details), an interne taak (the
 * work for the helpdesk), the thread, the citizen's access links, and the logged account lookups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence helpdesk_nummer`.execute(db);
  await sql`create table helpdesk_klantcontacten (
    uuid uuid primary key,
    nummer text not null unique default ('HD-' || lpad(nextval('helpdesk_nummer')::text, 6, '0')),
    soort text not null check (soort in ('vraag', 'klacht')),
    kanaal text not null,
    onderwerp_encrypted bytea not null,
    taal text not null,
    vertrouwelijk boolean not null,
    plaatsgevonden_op timestamptz not null,
    citizen_id uuid,
    deadline_at timestamptz,
    deferred_until timestamptz,
    deferral_reason text,
    handled_at timestamptz,
    contact_erased_at timestamptz
  )`.execute(db);
  await sql`create index helpdesk_klantcontacten_citizen on helpdesk_klantcontacten (citizen_id, plaatsgevonden_op)`.execute(db);
  await sql`create table helpdesk_betrokkenen (
    uuid uuid primary key,
    klantcontact_uuid uuid not null references helpdesk_klantcontacten (uuid) on delete cascade,
    rol text not null,
    initiator boolean not null,
    citizen_id uuid,
    naam_encrypted bytea,
    email_encrypted bytea,
    telefoon_encrypted bytea
  )`.execute(db);
  await sql`create index helpdesk_betrokkenen_klantcontact on helpdesk_betrokkenen (klantcontact_uuid)`.execute(db);
  await sql`create table helpdesk_interne_taken (
    uuid uuid primary key,
    klantcontact_uuid uuid not null references helpdesk_klantcontacten (uuid) on delete cascade,
    gevraagde_handeling text not null,
    status text not null check (status in ('te_verwerken', 'verwerkt')),
    toegewezen_op timestamptz not null,
    afgehandeld_op timestamptz
  )`.execute(db);
  await sql`create index helpdesk_interne_taken_klantcontact on helpdesk_interne_taken (klantcontact_uuid)`.execute(db);
  await sql`create table helpdesk_berichten (
    uuid uuid primary key,
    klantcontact_uuid uuid not null references helpdesk_klantcontacten (uuid) on delete cascade,
    author text not null check (author in ('burger', 'medewerker')),
    body_encrypted bytea not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index helpdesk_berichten_klantcontact on helpdesk_berichten (klantcontact_uuid, created_at)`.execute(db);
  await sql`create table helpdesk_access_tokens (
    token_hash text primary key,
    klantcontact_uuid uuid not null references helpdesk_klantcontacten (uuid) on delete cascade,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create table helpdesk_lookups (
    citizen_id uuid not null,
    uuid uuid not null,
    console_account_id text not null,
    console_user_name text not null,
    reason text not null,
    looked_up_at timestamptz not null,
    primary key (citizen_id, uuid)
  )`.execute(db);
}
