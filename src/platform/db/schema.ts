import type { ColumnType, Generated } from 'kysely';

/** Timestamps are written as Date and read as Date on both drivers. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface CitizensTable {
  citizen_id: string;
  bsn_encrypted: Bytes;
  screen_name_encrypted: Bytes | null;
  email_encrypted: Bytes | null;
  email_verified_at: Timestamp | null;
  language: string | null;
  activated_at: Timestamp | null;
  last_login_at: Timestamp | null;
}

/** BSN lookup: keyed hash → citizen. Distributed by the hash, not by citizen. */
export interface CitizenLookupTable {
  bsn_hash: Bytes;
  citizen_id: string;
}

export interface LoginHistoryTable {
  citizen_id: string;
  login_id: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: string | null;
  assurance: string;
}

export interface CitizenActivityTable {
  citizen_id: string;
  activity_id: string;
  occurred_at: Timestamp;
  action: string;
  detail: string | null;
  login_id: string | null;
}

export interface EmailVerificationsTable {
  citizen_id: string;
  token_hash: Bytes;
  email_encrypted: Bytes;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface SessionsTable {
  session_hash: Bytes;
  citizen_id: string | null;
  login_id: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  absolute_expires_at: Timestamp;
  data: ColumnType<SessionData, string, string>;
}

/** What a session remembers besides its owner. Never personal data in the clear. */
export interface SessionData {
  csrfSecret?: string;
  language?: 'nl' | 'en';
  assurance?: string;
  login?: { state: string; nonce: string; codeVerifier: string; returnTo: string; assurance: string };
  /** Register data fetched at login, encrypted; gone with the session (R16). */
  personEncrypted?: string;
  /** Set once after the first login, to greet a newly activated account. */
  justActivated?: boolean;
}

export interface OrganisationsTable {
  organisation_id: string;
  oin: string;
  name: string;
  capabilities: string[];
  mandatory_channel: boolean;
  active: boolean;
  api_key_hash: Bytes | null;
  created_at: Timestamp;
}

export interface MessagesTable {
  citizen_id: string;
  message_id: string;
  organisation_id: string;
  reference: string;
  content_hash: Bytes;
  subject_encrypted: Bytes;
  body_encrypted: Bytes;
  legal_consequence: boolean;
  required_assurance: string;
  visible_from: Timestamp;
  due_at: Timestamp | null;
  retain_until: Timestamp | null;
  delivered_at: Timestamp;
  receipt_batch_id: string;
  receipt_index: number;
  receipt_proof: Bytes;
  read_at: Timestamp | null;
  folder: ColumnType<'inbox' | 'archive' | 'bin', 'inbox' | 'archive' | 'bin' | undefined, 'inbox' | 'archive' | 'bin'>;
  notification_id: string | null;
}

export interface ReceiptBatchesTable {
  batch_id: string;
  organisation_id: string;
  jws: string;
  created_at: Timestamp;
}

export interface MessageAttachmentsTable {
  citizen_id: string;
  message_id: string;
  position: number;
  filename_encrypted: Bytes;
  content_type: string;
  size: number;
  sha256: Bytes;
  content_encrypted: Bytes;
}

export interface MessagePreferencesTable {
  citizen_id: string;
  organisation_id: string;
  allowed: boolean;
  changed_at: Timestamp;
}

export interface NotificationOutboxTable {
  citizen_id: string;
  not_before: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  leased_until: Timestamp | null;
  notification_id: string | null;
  lease_id: string | null;
  dirty: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface NotificationLogTable {
  citizen_id: string;
  notification_id: string;
  attempt: number;
  occurred_at: Timestamp;
  outcome: string;
  detail: string | null;
}

/** Register data fetched at login (Persoonlijke Gegevens), encrypted; removed with its session (R16). */
export interface SessionRegisterDataTable {
  session_hash: Bytes;
  source: string;
  status: string;
  fetched_at: Timestamp;
  payload_encrypted: Bytes | null;
}

/** A case an organisation runs for a citizen (Lopende Zaken, R11). Titles are not secret; no BSN. */
export interface CasesTable {
  citizen_id: string;
  case_id: string;
  organisation_id: string;
  reference: string;
  source: 'api' | 'zgw';
  case_type: string;
  title: string;
  dossier_url: string;
  /** Calendar dates as 'YYYY-MM-DD' (read back as text, see the cases store). */
  opened_on: ColumnType<string, string, string>;
  expected_end_on: ColumnType<string | null, string | null, string | null>;
  next_step: string | null;
  closed: boolean;
  last_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** (organisation, reference) → case; makes a reference unique per organisation. */
export interface CaseReferencesTable {
  organisation_id: string;
  reference: string;
  citizen_id: string;
  case_id: string;
}

export interface CaseStatusesTable {
  citizen_id: string;
  case_id: string;
  sequence: number;
  code: string;
  label: string;
  occurred_at: Timestamp;
  final: boolean;
  reopens: boolean;
  received_at: Timestamp;
  notification_id: string | null;
}

export interface Database {
  organisations: OrganisationsTable;
  messages: MessagesTable;
  message_attachments: MessageAttachmentsTable;
  receipt_batches: ReceiptBatchesTable;
  message_preferences: MessagePreferencesTable;
  notification_outbox: NotificationOutboxTable;
  notification_log: NotificationLogTable;
  citizens: CitizensTable;
  citizen_lookup: CitizenLookupTable;
  login_history: LoginHistoryTable;
  citizen_activity: CitizenActivityTable;
  email_verifications: EmailVerificationsTable;
  sessions: SessionsTable;
  session_register_data: SessionRegisterDataTable;
  cases: CasesTable;
  case_references: CaseReferencesTable;
  case_statuses: CaseStatusesTable;
}

export type { Generated };
