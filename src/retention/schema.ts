import type { Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    legal_holds: LegalHoldsTable;
  }
}

/**
 * Legal holds (R25): while a hold is active (not released) the retention run keeps the record. A
 * hold on a citizen keeps all their records; on a message, case or audit month only that record.
 */
export interface LegalHoldsTable {
  hold_id: string;
  record_type: 'citizen' | 'message' | 'case' | 'audit-month';
  /** The internal id (citizen id, message id, case id) or the month 'YYYY-MM'; never a BSN. */
  record_id: string;
  reason: string;
  placed_at: Timestamp;
  placed_by: string;
  released_at: Timestamp | null;
}
