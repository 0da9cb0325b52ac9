import type { ColumnType } from 'kysely';
import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    cases: CasesTable;
    case_references: CaseReferencesTable;
    case_statuses: CaseStatusesTable;
  }
}

/**
 * A case an organisation runs for a citizen (Lopende Zaken, R11). Type, title, dossier URL and next
 * step are stored encrypted (associated data: citizen, case and field); the plaintext columns are
 * only read for rows from before migration 0023 until the case-encryption job has sealed them.
 */
export interface CasesTable {
  citizen_id: string;
  case_id: string;
  organisation_id: string;
  reference: string;
  source: 'api' | 'zgw';
  case_type: string | null;
  title: string | null;
  dossier_url: string | null;
  case_type_encrypted: Bytes | null;
  title_encrypted: Bytes | null;
  dossier_url_encrypted: Bytes | null;
  next_step_encrypted: Bytes | null;
  /** Calendar dates as 'YYYY-MM-DD' (read back as text, see the cases store). */
  opened_on: ColumnType<string, string, string>;
  expected_end_on: ColumnType<string | null, string | null, string | null>;
  next_step: string | null;
  closed: boolean;
  last_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** (organisation, reference) → case; makes a reference unique per organisation. */
export interface CaseReferencesTable {
  organisation_id: string;
  reference: string;
  citizen_id: string;
  case_id: string;
}

export interface CaseStatusesTable {
  citizen_id: string;
  case_id: string;
  sequence: number;
  code: string;
  /** Plaintext only in rows from before migration 0023 (see CasesTable). */
  label: string | null;
  label_encrypted: Bytes | null;
  occurred_at: Timestamp;
  final: boolean;
  reopens: boolean;
  received_at: Timestamp;
  notification_id: string | null;
}
