import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    email_verifications: EmailVerificationsTable;
    citizen_profiles: CitizenProfilesTable;
    verification_mail_log: VerificationMailLogTable;
  }
}

/** Verification mails sent in the last day, for the per-citizen and per-address limits. */
export interface VerificationMailLogTable {
  citizen_id: string;
  /** Keyed hash (HMAC) of the lower-cased address: countable, not readable. */
  address_hash: Bytes;
  sent_at: Timestamp;
}

export interface EmailVerificationsTable {
  citizen_id: string;
  token_hash: Bytes;
  email_encrypted: Bytes;
  expires_at: Timestamp;
  created_at: Timestamp;
}

/** Self-entered data (R18): encrypted, and the address counts only once verified. */
export interface CitizenProfilesTable {
  citizen_id: string;
  screen_name_encrypted: Bytes | null;
  email_encrypted: Bytes | null;
  email_verified_at: Timestamp | null;
}
