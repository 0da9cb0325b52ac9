import type { ColumnType, Generated } from 'kysely';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    audit_log: AuditLogTable;
  }
}

/**
 * The append-only audit log of console users' mutations and system purges (R24, R32). Each row is
 * one leaf of a Merkle tree (RFC 6962 hashing) in `seq` order; `entry` holds the exact bytes hashed.
 */
export interface AuditLogTable {
  seq: Generated<string>;
  /** 'YYYY-MM' (UTC) of appended_at: checkpoints close months, retention drops whole months. */
  month: string;
  appended_at: ColumnType<Date, Date, never>;
  /** The canonical JSON text of the entry (what the leaf hash commits to). */
  entry: string;
  /** sha256(0x00 ‖ entry), hex. */
  leaf_hash: string;
}
