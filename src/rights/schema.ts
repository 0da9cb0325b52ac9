import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    access_exports: AccessExportsTable;
    rights_requests: RightsRequestsTable;
  }
}

/** A citizen's "Download mijn gegevens" (R20): built at once or by the job, kept encrypted for a short time. */
export interface AccessExportsTable {
  citizen_id: string;
  export_id: string;
  status: 'pending' | 'ready';
  /** The assurance level of the login that asked: the job withholds content above it, as the page would. */
  assurance: string;
  language: 'nl' | 'en';
  include_attachments: boolean;
  json_encrypted: Bytes | null;
  pdf_encrypted: Bytes | null;
  requested_at: Timestamp;
  /** While a builder holds it; an expired lease lets the job take over (a crashed web process). */
  leased_until: Timestamp | null;
  ready_at: Timestamp | null;
  /** Deleted after this moment, ready or not. */
  expires_at: Timestamp;
}

/** A request about data another authority holds (R21), forwarded to it, with its status and legal deadline. */
export interface RightsRequestsTable {
  citizen_id: string;
  request_id: string;
  /** 'rectification' | 'erasure' | 'objection' | 'restriction'. */
  right: string;
  /** The kind of data: a register source or 'messages' / 'cases'. */
  data_kind: string;
  /** The organisation in the registry that may set the status (the sender, or the contact's OIN); null: only by the portal's desk. */
  authority_organisation_id: string | null;
  authority_name: string;
  /** The citizen's explanation, encrypted. */
  explanation_encrypted: Bytes;
  status: 'received' | 'forwarded' | 'handled' | 'refused';
  /** Why it was refused or extended, encrypted (it is about the citizen). */
  reason_encrypted: Bytes | null;
  extension_reason_encrypted: Bytes | null;
  /** Where it was forwarded: an e-mail address or an endpoint (the authority's, no personal data). */
  forwarded_to: string | null;
  received_at: Timestamp;
  forwarded_at: Timestamp | null;
  decided_at: Timestamp | null;
  /** One month after receipt; three months after an extension (GDPR Article 12(3)). */
  deadline: Timestamp;
  updated_at: Timestamp;
}
