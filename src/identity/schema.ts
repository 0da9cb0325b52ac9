import type { ColumnType } from 'kysely';
import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    citizens: CitizensTable;
    citizen_lookup: CitizenLookupTable;
    login_history: LoginHistoryTable;
    processing_log: ProcessingLogTable;
  }
}

export interface CitizensTable {
  citizen_id: string;
  bsn_encrypted: Bytes;
  activated_at: Timestamp | null;
  last_login_at: Timestamp | null;
  /** Retention clock (R25) for accounts that never logged in. */
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Set when the retention run anonymised the account (BSN and lookup key erased). */
  anonymised_at: Timestamp | null;
  /** Set from the register's change file (R2): no delivery to this account any more. */
  deceased_at: Timestamp | null;
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

/**
 * One record per processing, in the shape of Logius' Logboek Dataverwerkingen, plus actor and the
 * security attributes. The usage history (R5) and the security log (R23) are views of it.
 */
export interface ProcessingLogTable {
  /** UUIDv7: unique and ordered by time. */
  log_id: string;
  /** W3C trace id (32 hex) and operation (span) id (16 hex). */
  trace_id: string;
  operation_id: string;
  parent_operation_id: string | null;
  /** e.g. 'login', 'logout', 'email-change-requested', 'csrf-refused'. */
  operation_name: string;
  /** 0 unknown, 1 ok, 2 error (the Logboek's status codes). */
  status_code: number;
  start_time: Timestamp;
  end_time: Timestamp;
  /** Which processing activity (register entry) this belongs to: usage or security. */
  processing_activity_id: string;
  /** The data subject: the citizen whose data the processing concerns, by internal id (never the BSN). */
  data_subject_id: string | null;
  /** Who acted: the citizen, a representative, or null for the system or an unknown visitor. */
  actor_citizen_id: string | null;
  login_id: string | null;
  detail: string | null;
  /** The client address truncated to its network (/24 for IPv4, /48 for IPv6). */
  client_address: string | null;
  user_agent_class: string | null;
  /** The route pattern, never the raw path. */
  route: string | null;
  /** The mandate a representative acted under (R17); null for one's own actions and the system's. */
  mandate_id: string | null;
  /** The representation service the action belongs to, e.g. 'berichtenbox-read'. */
  mandate_service: string | null;
}

// Identity's fields in the session: the pending OIDC login, the register name, a first-login flag.
declare module '../platform/http/sessions.ts' {
  interface SessionData {
    login?: { state: string; nonce: string; codeVerifier: string; returnTo: string; assurance: string };
    /** The register's name for the person, encrypted; gone with the session (R16). */
    personEncrypted?: string;
    /** The class of device the session was started from ('mobile-browser', …), shown in the session list. */
    deviceClass?: string;
    /** When the previous login started (ISO), for "what changed since you last logged in". */
    previousLoginAt?: string;
    /** Set once after the first login, to greet a newly activated account. */
    justActivated?: boolean;
  }
}
