import type { ColumnType } from 'kysely';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    key_usage: KeyUsageTable;
  }
}

/** How many encryptions each data key has made (AES-GCM usage budget, see ENCRYPTION_BUDGET). */
export interface KeyUsageTable {
  key_id: string;
  encryptions: ColumnType<number, number, number>;
}
