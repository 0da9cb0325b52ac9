import type { Generated } from 'kysely';
import type { Bytes, Timestamp } from '../platform/db/schema.ts';

// This module's table, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    mandates: MandatesTable;
  }
}

/**
 * One representation (R17): a mandate one citizen gave another, or a legal representation
 * (curatele, bewind, mentorschap) an organisation registered. Keyed by the represented citizen
 * (the grantor), so it distributes with their data; the representative is indexed for login.
 */
export interface MandatesTable {
  grantor_id: string;
  mandate_id: string;
  representative_id: string;
  /** 'mandate' | 'curatele' | 'bewind' | 'mentorschap'. */
  kind: string;
  /** Comma-separated service ids. */
  services: string;
  /** Comma-separated organisation ids the mandate is limited to; null for all. */
  organisations: string | null;
  valid_from: Timestamp;
  valid_until: Timestamp | null;
  /** 'pending' | 'active' | 'revoked' | 'rejected' | 'ended'; expiry is read from valid_until. */
  status: string;
  /** The code the grantor passes on and the representative types to accept; null once used. */
  acceptance_code: string | null;
  failed_attempts: number;
  /** The names both sides see, encrypted (the grantor's at grant, the representative's at acceptance). */
  grantor_name_encrypted: Bytes;
  representative_name_encrypted: Bytes | null;
  created_at: Timestamp;
  accepted_at: Timestamp | null;
  ended_at: Timestamp | null;
  /** 'grantor' | 'representative' | 'deceased' | 'organisation'. */
  end_reason: string | null;
  first_used_at: Timestamp | null;
  /** Legal representation: the registering organisation, its reference and the legal basis. */
  organisation_id: string | null;
  reference: string | null;
  legal_basis: string | null;
  /**
   * DigiD Machtigen: the login context in the shape of ZGW `Rol.authenticatieContext` (source,
   * level of assurance, representee, mandate services), encrypted: it holds the representee's BSN.
   */
  authentication_context_encrypted: Bytes | null;
  /** The representative asked to be mailed when the represented citizen gets a new message. */
  notify_representative: Generated<boolean>;
}

// Representation's field in the session: the mandate the citizen currently acts under.
declare module '../platform/http/sessions.ts' {
  interface SessionData {
    /** The mandate id while acting for someone; gone when the session ends or the citizen stops. */
    actingFor?: string;
  }
}
