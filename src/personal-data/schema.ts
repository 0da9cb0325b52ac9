import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    session_register_data: SessionRegisterDataTable;
  }
}

/** Register data fetched at login (Persoonlijke Gegevens), encrypted; removed with its session (R16). */
export interface SessionRegisterDataTable {
  session_hash: Bytes;
  source: string;
  status: string;
  fetched_at: Timestamp;
  payload_encrypted: Bytes | null;
}
