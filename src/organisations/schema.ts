import type { ColumnType } from 'kysely';
import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    organisations: OrganisationsTable;
  }
}

export interface OrganisationsTable {
  organisation_id: string;
  oin: string;
  name: string;
  capabilities: string[];
  mandatory_channel: boolean;
  active: boolean;
  api_key_hash: Bytes | null;
  created_at: Timestamp;
  /** Days its messages without a retain-until are kept (R25); null: the portal's default. */
  message_retention_days: ColumnType<number | null, number | null | undefined, number | null>;
}
