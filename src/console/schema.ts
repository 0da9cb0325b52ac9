import type { ColumnType, Generated } from 'kysely';
import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    console_accounts: ConsoleAccountsTable;
    console_login_attempts: ConsoleLoginAttemptsTable;
    console_sessions: ConsoleSessionsTable;
  }
}

/** A console account: exactly the fields the processing register lists (R26). */
export interface ConsoleAccountsTable {
  account_id: string;
  /** The organisation a contact person works for; null for the operator's own staff. */
  organisation_id: string | null;
  /** Lower-cased; unique. */
  username: string;
  full_name: string;
  status: 'active' | 'blocked';
  business_phone: string | null;
  business_email: string | null;
  /** Truncated (/24, /48) like the processing log's. */
  last_ip_address: string | null;
  contact_person: boolean;
  operator_staff: boolean;
  last_login_at: Timestamp | null;
  failed_logins: ColumnType<number, number | undefined, number>;
  /** argon2id PHC string. */
  password_hash: string;
  password_changed_at: Timestamp;
  /** The TOTP secret (base32), encrypted under the keyring. */
  totp_secret_encrypted: Bytes;
  /** The time step of the last accepted code: a code is accepted once (no replay). */
  totp_last_step: number | null;
  roles: string[];
  created_at: Timestamp;
}

/** Every login attempt of a known account; unknown usernames are counted nowhere (nothing to tie them to). */
export interface ConsoleLoginAttemptsTable {
  attempt_id: Generated<string>;
  account_id: string;
  attempted_at: Timestamp;
  /** 'success' | 'wrong-password' | 'wrong-code' | 'blocked' */
  outcome: string;
  client_address: string | null;
}

/** The console's own sessions (not the citizens'): the cookie holds a token, the table its hash. */
export interface ConsoleSessionsTable {
  session_hash: Bytes;
  /** null before the password step; set with stage 'second-factor' after it. */
  account_id: string | null;
  stage: 'anonymous' | 'second-factor' | 'active';
  csrf_secret: string;
  language: 'nl' | 'en';
  created_at: Timestamp;
  last_seen_at: Timestamp;
  absolute_expires_at: Timestamp;
}
