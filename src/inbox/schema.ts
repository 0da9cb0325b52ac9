import type { ColumnType } from 'kysely';
import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    messages: MessagesTable;
    message_attachments: MessageAttachmentsTable;
    receipt_batches: ReceiptBatchesTable;
    message_preferences: MessagePreferencesTable;
    delivery_refusals: DeliveryRefusalsTable;
  }
}

export interface MessagesTable {
  citizen_id: string;
  message_id: string;
  organisation_id: string;
  reference: string;
  content_hash: Bytes;
  subject_encrypted: Bytes;
  body_encrypted: Bytes;
  legal_consequence: boolean;
  required_assurance: string;
  visible_from: Timestamp;
  due_at: Timestamp | null;
  retain_until: Timestamp | null;
  delivered_at: Timestamp;
  receipt_batch_id: string;
  receipt_index: number;
  receipt_proof: Bytes;
  read_at: Timestamp | null;
  folder: ColumnType<'inbox' | 'archive' | 'bin', 'inbox' | 'archive' | 'bin' | undefined, 'inbox' | 'archive' | 'bin'>;
  notification_id: string | null;
}

export interface MessageAttachmentsTable {
  citizen_id: string;
  message_id: string;
  position: number;
  filename_encrypted: Bytes;
  content_type: string;
  size: number;
  sha256: Bytes;
  content_encrypted: Bytes;
}

export interface ReceiptBatchesTable {
  batch_id: string;
  organisation_id: string;
  jws: string;
  created_at: Timestamp;
}

export interface MessagePreferencesTable {
  citizen_id: string;
  organisation_id: string;
  allowed: boolean;
  changed_at: Timestamp;
}

/** How many deliveries an organisation had refused, per day (UTC) and reason class; nothing about whom. */
export interface DeliveryRefusalsTable {
  organisation_id: string;
  day: ColumnType<string, string, string>;
  reason: string;
  count: number;
}
