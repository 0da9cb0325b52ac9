import { v7 as uuidv7 } from 'uuid';
import { PopulationRegisterUnavailable, type Accounts } from '../identity/index.ts';
import type { Organisation } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { Problem } from '../platform/http/problem.ts';
import { mandateStore, type MandateRow } from './mandate-store.ts';
import type { Mandates } from './mandates.ts';
import type { LegalKind, Service } from './services.ts';

export interface LegalRepresentationInput {
  represented: { bsn: string };
  representative: { bsn: string };
  kind: LegalKind;
  legalBasis: string;
  services: Service[];
  validFrom?: string;
  validUntil?: string | null;
}

export interface LegalRepresentationView {
  reference: string;
  kind: string;
  legalBasis: string;
  services: string[];
  validFrom: string;
  validUntil: string | null;
  status: string;
}

const notAccepting = () => new Problem(422, 'recipient-not-accepting', 'Person not accepted', 'One of the persons cannot take part in a representation on this portal.');

/**
 * Curatele, bewind and mentorschap registered by an organisation with the `representation`
 * capability (R17). Idempotent by reference, like messages: the same reference with the same
 * content returns the registration, other content is a 409. Active at once; the represented
 * citizen sees it and cannot end it; only the organisation ends it.
 */
export function createLegalRepresentations(deps: { db: Db; keyring: Keyring; accounts: Accounts; mandates: Mandates; now: () => Date }) {
  const { db, keyring, accounts, mandates, now } = deps;

  const view = (row: MandateRow): LegalRepresentationView => ({
    reference: row.reference ?? '',
    kind: row.kind,
    legalBasis: row.legal_basis ?? '',
    services: row.services.split(','),
    validFrom: new Date(row.valid_from).toISOString(),
    validUntil: row.valid_until ? new Date(row.valid_until).toISOString() : null,
    status: mandates.view(row, '').status,
  });

  const sameContent = (row: MandateRow, input: LegalRepresentationInput, representedId: string, representativeId: string) =>
    row.grantor_id === representedId &&
    row.representative_id === representativeId &&
    row.kind === input.kind &&
    row.legal_basis === input.legalBasis &&
    row.services === [...new Set(input.services)].join(',');

  return {
    async register(input: { organisation: Organisation; reference: string; body: LegalRepresentationInput }): Promise<{ status: 200 | 201; result: LegalRepresentationView }> {
      const { body, organisation, reference } = input;
      const register = accounts.register;
      const unavailable = () => new Problem(503, 'register-unavailable', 'Register unavailable', 'The population register could not be consulted; retry later.');
      const [represented, representativePerson] = await Promise.all([register.findByBsn(body.represented.bsn), register.findByBsn(body.representative.bsn)]).catch((error: unknown) => {
        throw error instanceof PopulationRegisterUnavailable ? unavailable() : error;
      });
      if (!represented || represented.deceased) throw notAccepting();
      return db.transaction().execute(async (trx) => {
        const representative = await mandates.representativeFor(body.representative.bsn, trx);
        if (!representative.ok) throw representative.reason === 'unavailable' ? unavailable() : notAccepting();
        const representedId = await accounts.ensureAccount(trx, body.represented.bsn);
        if (representedId === representative.citizenId) throw notAccepting();
        const existing = await mandateStore.findByReference(trx, organisation.organisationId, reference);
        if (existing) {
          if (!sameContent(existing, body, representedId, representative.citizenId)) throw new Problem(409, 'reference-conflict', 'Reference already used', `Reference "${reference}" is already used for another representation.`);
          return { status: 200 as const, result: view(existing) };
        }
        const mandateId = uuidv7();
        const at = now();
        await mandateStore.insert(trx, {
          grantor_id: representedId,
          mandate_id: mandateId,
          representative_id: representative.citizenId,
          kind: body.kind,
          services: [...new Set(body.services)].join(','),
          organisations: null,
          valid_from: body.validFrom ? new Date(body.validFrom) : at,
          valid_until: body.validUntil ? new Date(body.validUntil) : null,
          status: 'active',
          acceptance_code: null,
          failed_attempts: 0,
          grantor_name_encrypted: keyring.encryptText(represented.name, `mandate:${mandateId}:grantor-name`),
          representative_name_encrypted: keyring.encryptText(representativePerson?.name ?? '', `mandate:${mandateId}:representative-name`),
          created_at: at,
          accepted_at: at,
          ended_at: null,
          end_reason: null,
          first_used_at: null,
          organisation_id: organisation.organisationId,
          reference,
          legal_basis: body.legalBasis,
          authentication_context_encrypted: null,
        });
        await accounts.recordActivity({ citizenId: representedId, actorId: null, action: 'legal-representation-registered', detail: `${body.kind} ${mandateId}`, db: trx });
        const row = await mandateStore.find(trx, mandateId);
        if (!row) throw new Error('representation not stored');
        return { status: 201 as const, result: view(row) };
      });
    },

    async get(input: { organisation: Organisation; reference: string }): Promise<LegalRepresentationView | null> {
      const row = await mandateStore.findByReference(db, input.organisation.organisationId, input.reference);
      return row ? view(row) : null;
    },

    /** Ends a legal representation; ending an ended one again is fine (idempotent). */
    async end(input: { organisation: Organisation; reference: string }): Promise<LegalRepresentationView | null> {
      const row = await db.transaction().execute(async (trx) => {
        const found = await mandateStore.findByReference(trx, input.organisation.organisationId, input.reference);
        if (!found) return null;
        if (found.status === 'active') {
          await mandateStore.update(trx, found.mandate_id, { status: 'ended', ended_at: now(), end_reason: 'organisation' });
          await accounts.recordActivity({ citizenId: found.grantor_id, actorId: null, action: 'legal-representation-ended', detail: found.mandate_id, db: trx });
        }
        return mandateStore.find(trx, found.mandate_id);
      });
      return row ? view(row) : null;
    },
  };
}

export type LegalRepresentations = ReturnType<typeof createLegalRepresentations>;
