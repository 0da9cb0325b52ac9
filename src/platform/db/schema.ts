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
  activated_at: Timestamp;
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

export interface Database {
  citizens: CitizensTable;
  citizen_lookup: CitizenLookupTable;
  login_history: LoginHistoryTable;
  citizen_activity: CitizenActivityTable;
  email_verifications: EmailVerificationsTable;
  sessions: SessionsTable;
}

export type { Generated };
