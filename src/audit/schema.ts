import type { ColumnType, Generated } from 'kysely';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    audit_log: AuditLogTable;
    audit_checkpoints: AuditCheckpointsTable;
    audit_anchor: AuditAnchorTable;
  }
}

/**
 * The append-only audit log of console users' mutations and system purges (R24, R32). Each row is
 * one leaf of a Merkle tree (RFC 6962 hashing) in `seq` order; `entry` holds the exact bytes hashed.
 */
export interface AuditLogTable {
  seq: Generated<string>;
  /** The leaf's position in the tree (0-based, counting dropped leaves); also inside `entry`. */
  leaf_index: ColumnType<string, number, never>;
  /** 'YYYY-MM' (UTC) of appended_at: checkpoints close months, retention drops whole months. */
  month: string;
  appended_at: ColumnType<Date, Date, never>;
  /** The canonical JSON text of the entry (what the leaf hash commits to). */
  entry: string;
  /** sha256(0x00 ‖ entry), hex. */
  leaf_hash: string;
}

/** One signed checkpoint per closed month: the tree of every leaf up to that month's end. */
export interface AuditCheckpointsTable {
  month: string;
  tree_size: ColumnType<string, number, never>;
  /** The C2SP signed note (tlog-checkpoint text plus the Ed25519 signature line). */
  note: string;
  /** JSON array of base64 hashes: RFC 9162 consistency proof from the previous checkpoint. */
  consistency_proof: string;
  /** JSON array of base64 hashes: the tree's right edge at this size, to continue after a drop. */
  frontier: string;
  created_at: ColumnType<Date, Date, never>;
}

/** After the five-year drop: where the retained tree starts (one row). */
export interface AuditAnchorTable {
  id: number;
  /** The last dropped month; its checkpoint (size, root, frontier) is kept as the chain's anchor. */
  dropped_through: string;
  /** The leaves dropped so far (= that checkpoint's tree size). */
  tree_size: ColumnType<string, number, number>;
  dropped_at: Date;
}
