import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    citizens: CitizensTable;
    citizen_lookup: CitizenLookupTable;
    login_history: LoginHistoryTable;
    citizen_activity: CitizenActivityTable;
  }
}

export interface CitizensTable {
  citizen_id: string;
  bsn_encrypted: Bytes;
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
  /** Who acted: the citizen, a representative, or null for the system. */
  actor_citizen_id: string | null;
}

// Identity's fields in the session: the pending OIDC login, the register name, a first-login flag.
declare module '../platform/http/sessions.ts' {
  interface SessionData {
    login?: { state: string; nonce: string; codeVerifier: string; returnTo: string; assurance: string };
    /** The register's name for the person, encrypted; gone with the session (R16). */
    personEncrypted?: string;
    /** When the previous login started (ISO), for "what changed since you last logged in". */
    previousLoginAt?: string;
    /** Set once after the first login, to greet a newly activated account. */
    justActivated?: boolean;
  }
}
