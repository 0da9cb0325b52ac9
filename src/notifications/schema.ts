import type { ColumnType } from 'kysely';
import type { Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    notification_outbox: NotificationOutboxTable;
    notification_log: NotificationLogTable;
  }
}

export interface NotificationOutboxTable {
  citizen_id: string;
  not_before: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  leased_until: Timestamp | null;
  notification_id: string | null;
  lease_id: string | null;
  dirty: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface NotificationLogTable {
  citizen_id: string;
  notification_id: string;
  attempt: number;
  occurred_at: Timestamp;
  outcome: string;
  detail: string | null;
}
