import type { ColumnType, Generated } from 'kysely';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    helpdesk_klantcontacten: HelpdeskKlantcontactenTable;
    helpdesk_betrokkenen: HelpdeskBetrokkenenTable;
    helpdesk_interne_taken: HelpdeskInterneTakenTable;
    helpdesk_berichten: HelpdeskBerichtenTable;
    helpdesk_access_tokens: HelpdeskAccessTokensTable;
    helpdesk_lookups: HelpdeskLookupsTable;
  }
}

/** A question or complaint (VNG Klantinteracties: Klantcontact), with the Awb 9:11 clock for complaints. */
export interface HelpdeskKlantcontactenTable {
  uuid: string;
  /** 'HD-000123': the reference the citizen and staff quote. */
  nummer: Generated<string>;
  soort: 'vraag' | 'klacht';
  kanaal: string;
  /** The subject line the citizen wrote (encrypted; AAD `helpdesk:<uuid>:onderwerp`). */
  onderwerp_encrypted: Uint8Array;
  taal: string;
  vertrouwelijk: boolean;
  plaatsgevonden_op: ColumnType<Date, Date, never>;
  /** The logged-in citizen who asked; null for a visitor. */
  citizen_id: string | null;
  /** Complaints: six weeks after receipt (Awb 9:11 lid 1). */
  deadline_at: Date | null;
  /** The one deferral (Awb 9:11 lid 2), at most four weeks past the deadline, with its reason. */
  deferred_until: Date | null;
  deferral_reason: string | null;
  handled_at: Date | null;
  /** When the contact details were erased (handled + retention period). */
  contact_erased_at: Date | null;
}

/** The person who asked (Betrokkene, rol 'klant', initiator), with the digital addresses to reply to. */
export interface HelpdeskBetrokkenenTable {
  uuid: string;
  klantcontact_uuid: string;
  rol: 'klant';
  initiator: boolean;
  citizen_id: string | null;
  /** Contact details, encrypted; set to null once the retention period after handling passed. */
  naam_encrypted: Uint8Array | null;
  email_encrypted: Uint8Array | null;
  telefoon_encrypted: Uint8Array | null;
}

/** The helpdesk's work on a contact (InterneTaak): te_verwerken until handled, then verwerkt. */
export interface HelpdeskInterneTakenTable {
  uuid: string;
  klantcontact_uuid: string;
  gevraagde_handeling: string;
  status: 'te_verwerken' | 'verwerkt';
  toegewezen_op: ColumnType<Date, Date, never>;
  afgehandeld_op: Date | null;
}

/** The thread: the citizen's question and the helpdesk's answers, in order. */
export interface HelpdeskBerichtenTable {
  uuid: string;
  klantcontact_uuid: string;
  author: 'burger' | 'medewerker';
  body_encrypted: Uint8Array;
  created_at: ColumnType<Date, Date, never>;
}

/** Links mailed to the citizen: sha256 of an unguessable token, one per mail. */
export interface HelpdeskAccessTokensTable {
  token_hash: string;
  klantcontact_uuid: string;
  created_at: ColumnType<Date, Date, never>;
}

/** A helpdesk employee's reasoned lookup of a citizen's account; shown to that citizen. */
export interface HelpdeskLookupsTable {
  citizen_id: string;
  uuid: string;
  console_account_id: string;
  console_user_name: string;
  reason: string;
  looked_up_at: ColumnType<Date, Date, never>;
}
