import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    external_mailbox_consents: ExternalMailboxConsentsTable;
    external_mailbox_cache: ExternalMailboxCacheTable;
  }
}

/** The citizen's consent to read one external message store (R19); a withdrawn consent is deleted. */
export interface ExternalMailboxConsentsTable {
  citizen_id: string;
  store_id: string;
  granted_at: Timestamp;
}

/** A message list fetched from a store, encrypted, kept with its session only (deleted with it). */
export interface ExternalMailboxCacheTable {
  citizen_id: string;
  store_id: string;
  session_hash: Bytes;
  fetched_at: Timestamp;
  list_encrypted: Bytes;
}
