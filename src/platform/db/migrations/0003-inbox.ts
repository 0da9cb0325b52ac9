import { sql, type Kysely } from 'kysely';

// Organisations are a small reference table; messages and everything hanging off them lead with
// citizen_id so the inbox can be distributed by citizen.
export async function up(db: Kysely<unknown>): Promise<void> {
  // An account exists from the first delivery by a mandatory-channel sender; login activates it.
  await sql`alter table citizens alter column activated_at drop not null`.execute(db);
  await sql`
    create table organisations (
      organisation_id uuid primary key,
      oin text not null unique,
      name text not null,
      capabilities text[] not null,
      mandatory_channel boolean not null default false,
      active boolean not null default true,
      api_key_hash bytea,
      created_at timestamptz not null
    )`.execute(db);
  await sql`
    create table messages (
      citizen_id uuid not null,
      message_id uuid not null,
      organisation_id uuid not null,
      reference text not null,
      content_hash bytea not null,
      subject_encrypted bytea not null,
      body_encrypted bytea not null,
      legal_consequence boolean not null default false,
      required_assurance text not null default 'basis',
      visible_from timestamptz not null,
      due_at timestamptz,
      retain_until timestamptz,
      delivered_at timestamptz not null,
      receipt_batch_id uuid not null,
      receipt_index integer not null,
      receipt_proof bytea not null,
      read_at timestamptz,
      folder text not null default 'inbox',
      notification_id uuid,
      primary key (citizen_id, message_id),
      unique (citizen_id, organisation_id, reference)
    )`.execute(db);
  // Matches the inbox page's order, so the first page is an index range scan however big the table.
  await sql`create index messages_by_folder on messages (citizen_id, folder, visible_from desc, message_id desc)`.execute(db);
  await sql`create index messages_by_id on messages (message_id)`.execute(db);
  // One signature per delivered batch: the JWS signs a Merkle root, each message keeps its proof.
  await sql`
    create table receipt_batches (
      batch_id uuid primary key,
      organisation_id uuid not null,
      jws text not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`
    create table message_attachments (
      citizen_id uuid not null,
      message_id uuid not null,
      position integer not null,
      filename_encrypted bytea not null,
      content_type text not null,
      size integer not null,
      sha256 bytea not null,
      content_encrypted bytea not null,
      primary key (citizen_id, message_id, position)
    )`.execute(db);
  await sql`
    create table message_preferences (
      citizen_id uuid not null,
      organisation_id uuid not null,
      allowed boolean not null,
      changed_at timestamptz not null,
      primary key (citizen_id, organisation_id)
    )`.execute(db);
  await sql`
    create table notification_outbox (
      citizen_id uuid primary key,
      not_before timestamptz not null,
      attempts integer not null default 0,
      leased_until timestamptz,
      notification_id uuid,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index notification_outbox_due on notification_outbox (not_before)`.execute(db);
  await sql`
    create table notification_log (
      citizen_id uuid not null,
      notification_id uuid not null,
      attempt integer not null,
      occurred_at timestamptz not null,
      outcome text not null,
      detail text,
      primary key (citizen_id, notification_id, attempt)
    )`.execute(db);
}
