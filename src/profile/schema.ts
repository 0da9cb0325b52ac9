import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    email_verifications: EmailVerificationsTable;
    citizen_profiles: CitizenProfilesTable;
    verification_mail_log: VerificationMailLogTable;
    profile_photos: ProfilePhotosTable;
    saved_addresses: SavedAddressesTable;
    self_entered_data_warnings: SelfEnteredDataWarningsTable;
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
  phone_encrypted: Bytes | null;
}

/** The profile photo (R18): re-encoded without metadata, encrypted; one per citizen, replaced in place. */
export interface ProfilePhotosTable {
  citizen_id: string;
  photo_encrypted: Bytes;
  content_type: string;
  byte_size: number;
  width: number;
  height: number;
  updated_at: Timestamp;
}

/** Addresses the citizen saved (a holiday or care address), each with its own label; both encrypted. */
export interface SavedAddressesTable {
  citizen_id: string;
  address_id: string;
  label_encrypted: Bytes;
  /** JSON of street, postcode and city. */
  address_encrypted: Bytes;
  created_at: Timestamp;
}

/** Inactivity warnings already mailed, counted from the own login in `login_basis`. */
export interface SelfEnteredDataWarningsTable {
  citizen_id: string;
  days_before: number;
  login_basis: Timestamp;
  sent_at: Timestamp;
}
