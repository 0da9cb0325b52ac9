import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { ageOn, dutchDate, isValidBsn, PopulationRegisterUnavailable, type Accounts } from '../identity/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { mandateStore, type MandateRow } from './mandate-store.ts';
import type { MessageWatcher } from '../platform/module.ts';
import { isService, LEGAL_KINDS, MINIMUM_REPRESENTATIVE_AGE, type Service } from './services.ts';

export type MandateStatus = 'pending' | 'active' | 'expired' | 'revoked' | 'rejected' | 'ended';

/** A representation as both sides see it. */
export interface MandateView {
  id: string;
  kind: string;
  grantorId: string;
  representativeId: string;
  grantorName: string;
  /** Known once the representative accepted. */
  representativeName: string | null;
  services: string[];
  organisations: string[] | null;
  validFrom: Date;
  validUntil: Date | null;
  status: MandateStatus;
  /** Only for the grantor, while pending. */
  code: string | null;
  endReason: string | null;
  legalBasis: string | null;
  /** The organisation that registered a legal representation. */
  organisationId: string | null;
  /** The representative asked to be mailed about the represented citizen's new messages. */
  notifyRepresentative: boolean;
}

export type GrantOutcome =
  | { ok: true; mandateId: string; code: string }
  | { ok: false; reason: 'bsn-invalid' | 'self' | 'not-eligible' | 'unavailable' | 'no-services' | 'dates' };

export type MandateEvent = 'created' | 'accepted' | 'first-use' | 'ended';

export interface MandatesDeps {
  db: Db;
  keyring: Keyring;
  accounts: Accounts;
  now: () => Date;
  /** Told after commit about every change the represented citizen hears of (mail). */
  onEvent?: (event: { kind: MandateEvent; mandate: MandateRow }) => Promise<void>;
}

const MAX_CODE_ATTEMPTS = 5;

/** DigiD levels as ZGW `authenticatieContext.levelOfAssurance` names them. */
const LEVEL_OF_ASSURANCE: Record<string, string> = {
  basis: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  midden: 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
  substantieel: 'urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard',
  hoog: 'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI',
};
/** Six digits, without a leading-zero ambiguity for the eye: shown as "123 456". */
function newCode(): string {
  return String(randomInt(100_000, 1_000_000));
}

function nameContext(mandateId: string, side: 'grantor' | 'representative'): string {
  return `mandate:${mandateId}:${side}-name`;
}

/** The status as of `now`: an active mandate past its end date is expired, at once (R17). */
export function effectiveStatus(row: Pick<MandateRow, 'status' | 'valid_until'>, now: Date): MandateStatus {
  if (row.status === 'active' && row.valid_until && new Date(row.valid_until).getTime() <= now.getTime()) return 'expired';
  return row.status as MandateStatus;
}

/** Whether a representative may act under this mandate right now. */
export function usable(row: MandateRow, now: Date): boolean {
  return effectiveStatus(row, now) === 'active' && new Date(row.valid_from).getTime() <= now.getTime();
}

/** Whether a mandate covers reading the represented citizen's messages. */
export function coversMessages(row: Pick<MandateRow, 'services'>): boolean {
  const services = row.services.split(',');
  return services.includes('berichtenbox-read') || services.includes('berichtenbox-manage');
}

/**
 * Mandates between citizens and legal representations (R17): grant, accept with the code, reject,
 * end by either side, and the rules on who can be a representative.
 */
export function createMandates(deps: MandatesDeps) {
  const { db, keyring, accounts, now } = deps;

  const emit = async (kind: MandateEvent, mandate: MandateRow | undefined) => {
    if (mandate) await deps.onEvent?.({ kind, mandate });
  };

  const view = (row: MandateRow, viewerId: string): MandateView => ({
    id: row.mandate_id,
    kind: row.kind,
    grantorId: row.grantor_id,
    representativeId: row.representative_id,
    grantorName: keyring.decryptText(row.grantor_name_encrypted, nameContext(row.mandate_id, 'grantor')),
    representativeName: row.representative_name_encrypted ? keyring.decryptText(row.representative_name_encrypted, nameContext(row.mandate_id, 'representative')) : null,
    services: row.services.split(',').filter(Boolean),
    organisations: row.organisations ? row.organisations.split(',') : null,
    validFrom: new Date(row.valid_from),
    validUntil: row.valid_until ? new Date(row.valid_until) : null,
    status: effectiveStatus(row, now()),
    code: row.grantor_id === viewerId && row.status === 'pending' ? row.acceptance_code : null,
    endReason: row.end_reason,
    legalBasis: row.legal_basis,
    organisationId: row.organisation_id,
    notifyRepresentative: row.notify_representative,
  });

  /**
   * Who can be a representative: in the register, alive and 18 or older. The answer the grantor
   * gets does not say which rule refused, so a typed BSN reveals nothing about a stranger.
   */
  async function representativeFor(bsn: string, trx: Db): Promise<{ ok: true; citizenId: string } | { ok: false; reason: 'not-eligible' | 'unavailable' }> {
    let person;
    try {
      person = await accounts.register.findByBsn(bsn);
    } catch (error) {
      if (error instanceof PopulationRegisterUnavailable) return { ok: false, reason: 'unavailable' };
      throw error;
    }
    if (!person || person.deceased) return { ok: false, reason: 'not-eligible' };
    // An unknown birth date cannot show the person is an adult: refused.
    if (!person.birthDate || ageOn(person.birthDate, dutchDate(now())) < MINIMUM_REPRESENTATIVE_AGE) return { ok: false, reason: 'not-eligible' };
    return { ok: true, citizenId: await accounts.ensureAccount(trx, bsn) };
  }

  return {
    representativeFor,

    /** A citizen grants another adult a mandate; pending until the representative accepts it with the code. */
    async grant(input: { grantorId: string; grantorName: string; representativeBsn: string; services: Service[]; organisations?: string[]; validFrom?: Date; validUntil?: Date | null }): Promise<GrantOutcome> {
      const bsn = input.representativeBsn.replace(/\s/g, '');
      if (!isValidBsn(bsn)) return { ok: false, reason: 'bsn-invalid' };
      if (input.services.length === 0) return { ok: false, reason: 'no-services' };
      const at = now();
      const validFrom = input.validFrom ?? at;
      if (input.validUntil && input.validUntil.getTime() <= Math.max(validFrom.getTime(), at.getTime())) return { ok: false, reason: 'dates' };
      const mandateId = uuidv7();
      const code = newCode();
      const outcome = await db.transaction().execute(async (trx): Promise<GrantOutcome> => {
        const representative = await representativeFor(bsn, trx);
        if (!representative.ok) return representative;
        if (representative.citizenId === input.grantorId) return { ok: false, reason: 'self' };
        await mandateStore.insert(trx, {
          grantor_id: input.grantorId,
          mandate_id: mandateId,
          representative_id: representative.citizenId,
          kind: 'mandate',
          services: [...new Set(input.services)].join(','),
          organisations: input.organisations && input.organisations.length > 0 ? input.organisations.join(',') : null,
          valid_from: validFrom,
          valid_until: input.validUntil ?? null,
          status: 'pending',
          acceptance_code: code,
          failed_attempts: 0,
          grantor_name_encrypted: keyring.encryptText(input.grantorName, nameContext(mandateId, 'grantor')),
          representative_name_encrypted: null,
          created_at: at,
          accepted_at: null,
          ended_at: null,
          end_reason: null,
          first_used_at: null,
          organisation_id: null,
          reference: null,
          legal_basis: null,
          authentication_context_encrypted: null,
        });
        await accounts.recordActivity({ citizenId: input.grantorId, actorId: input.grantorId, action: 'mandate-granted', detail: mandateId, db: trx });
        return { ok: true, mandateId, code };
      });
      if (outcome.ok) await emit('created', await mandateStore.find(db, mandateId));
      return outcome;
    },

    /** The representative accepts with the code the grantor passed on; too many wrong codes reject it. */
    async accept(input: { representativeId: string; representativeName: string; mandateId: string; code: string }): Promise<'accepted' | 'wrong-code' | 'not-found'> {
      const result = await db.transaction().execute(async (trx) => {
        const row = await mandateStore.findForUpdate(trx, input.mandateId);
        if (!row || row.representative_id !== input.representativeId || row.status !== 'pending') return 'not-found' as const;
        if (row.acceptance_code !== input.code.replace(/\s/g, '')) {
          const attempts = row.failed_attempts + 1;
          await mandateStore.update(trx, row.mandate_id, attempts >= MAX_CODE_ATTEMPTS ? { failed_attempts: attempts, status: 'rejected', ended_at: now(), end_reason: 'wrong-code', acceptance_code: null } : { failed_attempts: attempts });
          return 'wrong-code' as const;
        }
        await mandateStore.update(trx, row.mandate_id, {
          status: 'active',
          accepted_at: now(),
          acceptance_code: null,
          representative_name_encrypted: keyring.encryptText(input.representativeName, nameContext(row.mandate_id, 'representative')),
        });
        await accounts.recordActivity({ citizenId: row.grantor_id, actorId: input.representativeId, action: 'mandate-accepted', detail: row.mandate_id, db: trx });
        return 'accepted' as const;
      });
      if (result === 'accepted') await emit('accepted', await mandateStore.find(db, input.mandateId));
      return result;
    },

    /** The representative declines a pending mandate. */
    async reject(input: { representativeId: string; mandateId: string }): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await mandateStore.findForUpdate(trx, input.mandateId);
        if (!row || row.representative_id !== input.representativeId || row.status !== 'pending') return false;
        await mandateStore.update(trx, row.mandate_id, { status: 'rejected', ended_at: now(), end_reason: 'representative', acceptance_code: null });
        await accounts.recordActivity({ citizenId: row.grantor_id, actorId: input.representativeId, action: 'mandate-rejected', detail: row.mandate_id, db: trx });
        return true;
      });
    },

    /**
     * Either side ends a mandate at any time; it stops working on the representative's next request.
     * A legal representation is ended only by its organisation.
     */
    async end(input: { citizenId: string; mandateId: string }): Promise<boolean> {
      const ended = await db.transaction().execute(async (trx) => {
        const row = await mandateStore.findForUpdate(trx, input.mandateId);
        if (!row || (row.grantor_id !== input.citizenId && row.representative_id !== input.citizenId)) return false;
        if ((LEGAL_KINDS as readonly string[]).includes(row.kind)) return false;
        if (row.status !== 'pending' && row.status !== 'active') return false;
        const side = row.grantor_id === input.citizenId ? 'grantor' : 'representative';
        await mandateStore.update(trx, row.mandate_id, { status: side === 'grantor' ? 'revoked' : 'ended', ended_at: now(), end_reason: side, acceptance_code: null });
        await accounts.recordActivity({ citizenId: row.grantor_id, actorId: input.citizenId, action: 'mandate-ended', detail: row.mandate_id, db: trx });
        return true;
      });
      if (ended) await emit('ended', await mandateStore.find(db, input.mandateId));
      return ended;
    },

    /** A deceased citizen's representations end, on both sides (R17). */
    async endForDeceased(citizenId: string): Promise<number> {
      const rows = await db.transaction().execute(async (trx) => {
        const ended = await mandateStore.endAllOf(trx, { citizenId, at: now(), reason: 'deceased' });
        for (const row of ended) await accounts.recordActivity({ citizenId: row.grantor_id, actorId: null, action: 'mandate-ended', detail: `${row.mandate_id} deceased`, db: trx });
        return ended;
      });
      for (const row of rows) await emit('ended', row);
      return rows.length;
    },

    /** Whether this citizen is alive according to the register; ends their mandates when not. */
    async checkAlive(citizenId: string): Promise<'alive' | 'deceased' | 'unavailable'> {
      try {
        const person = await accounts.register.findByBsn(await accounts.revealBsn(citizenId));
        if (person && !person.deceased) return 'alive';
      } catch (error) {
        if (error instanceof PopulationRegisterUnavailable) return 'unavailable';
        throw error;
      }
      await this.endForDeceased(citizenId);
      return 'deceased';
    },

    /**
     * DigiD Machtigen (R17): the identity provider asserted that the representative acts for the
     * representee for these services. Recorded as a mandate for this login only (until `until`),
     * with the login context in the ZGW `authenticatieContext` shape. Null when nothing is usable.
     */
    async fromDigidMachtigen(input: { representativeBsn: string; representeeBsn: string; serviceIds: string[]; assurance: string; until: Date }): Promise<string | null> {
      const services = input.serviceIds.filter(isService);
      if (services.length === 0 || !isValidBsn(input.representeeBsn)) return null;
      let representee;
      try {
        representee = await accounts.register.findByBsn(input.representeeBsn);
      } catch (error) {
        if (error instanceof PopulationRegisterUnavailable) return null;
        throw error;
      }
      if (!representee || representee.deceased) return null;
      const mandateId = uuidv7();
      const at = now();
      const context = {
        source: 'digid',
        levelOfAssurance: LEVEL_OF_ASSURANCE[input.assurance] ?? LEVEL_OF_ASSURANCE.basis,
        representee: { identifierType: 'bsn', identifier: input.representeeBsn },
        mandate: { services: input.serviceIds.map((id) => ({ id })) },
      };
      return db.transaction().execute(async (trx) => {
        const representative = await representativeFor(input.representativeBsn, trx);
        if (!representative.ok) return null;
        const grantorId = await accounts.ensureAccount(trx, input.representeeBsn);
        if (grantorId === representative.citizenId) return null;
        await mandateStore.insert(trx, {
          grantor_id: grantorId,
          mandate_id: mandateId,
          representative_id: representative.citizenId,
          kind: 'digid-machtigen',
          services: services.join(','),
          organisations: null,
          valid_from: at,
          valid_until: input.until,
          status: 'active',
          acceptance_code: null,
          failed_attempts: 0,
          grantor_name_encrypted: keyring.encryptText(representee.name, nameContext(mandateId, 'grantor')),
          representative_name_encrypted: null,
          created_at: at,
          accepted_at: at,
          ended_at: null,
          end_reason: null,
          first_used_at: null,
          organisation_id: null,
          reference: null,
          legal_basis: null,
          authentication_context_encrypted: keyring.encryptText(JSON.stringify(context), `mandate:${mandateId}:authentication-context`),
        });
        await accounts.recordActivity({ citizenId: grantorId, actorId: representative.citizenId, action: 'digid-machtigen-login', detail: mandateId, db: trx });
        return mandateId;
      });
    },

    /** The login context of a DigiD Machtigen mandate, as ZGW `Rol.authenticatieContext` takes it unchanged. */
    async authenticationContext(mandateId: string): Promise<Record<string, unknown> | null> {
      const row = await mandateStore.find(db, mandateId);
      if (!row?.authentication_context_encrypted) return null;
      return JSON.parse(keyring.decryptText(row.authentication_context_encrypted, `mandate:${mandateId}:authentication-context`)) as Record<string, unknown>;
    },

    /** Deletes representations that ended more than `days` ago (retention, see the processing catalogue). */
    async pruneEnded(days: number): Promise<number> {
      return mandateStore.deleteEndedBefore(db, new Date(now().getTime() - days * 24 * 60 * 60 * 1000));
    },

    /**
     * The representative switches mail about the represented citizen's new messages on or off
     * (R17): only on a live mandate (not a DigiD Machtigen login) that covers reading messages.
     */
    async setMessageNotifications(input: { representativeId: string; mandateId: string; on: boolean }): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await mandateStore.findForUpdate(trx, input.mandateId);
        if (!row || row.representative_id !== input.representativeId || row.kind === 'digid-machtigen' || !usable(row, now()) || !coversMessages(row)) return false;
        await mandateStore.update(trx, row.mandate_id, { notify_representative: input.on });
        await accounts.recordActivity({ citizenId: row.grantor_id, actorId: input.representativeId, action: input.on ? 'mandate-notifications-on' : 'mandate-notifications-off', detail: row.mandate_id, db: trx });
        return true;
      });
    },

    /**
     * Per represented citizen: the representatives to mail about a new message, checked now, so a
     * revoked or expired mandate stops it at once (R17). With the represented citizen's name.
     */
    async messageWatchers(citizenIds: string[]): Promise<Map<string, MessageWatcher[]>> {
      const at = now();
      const result = new Map<string, MessageWatcher[]>();
      for (const row of await mandateStore.withMessageNotifications(db, citizenIds)) {
        if (row.kind === 'digid-machtigen' || !usable(row, at) || !coversMessages(row)) continue;
        const watcher = { recipientId: row.representative_id, subjectName: view(row, row.representative_id).grantorName, reference: row.mandate_id };
        result.set(row.grantor_id, [...(result.get(row.grantor_id) ?? []), watcher]);
      }
      return result;
    },

    async find(mandateId: string): Promise<MandateRow | undefined> {
      return mandateStore.find(db, mandateId);
    },

    view,

    /** Every representation of this citizen, as grantor and as representative. */
    async listFor(citizenId: string): Promise<{ given: MandateView[]; received: MandateView[] }> {
      const rows = await mandateStore.listOf(db, citizenId);
      return {
        given: rows.filter((row) => row.grantor_id === citizenId).map((row) => view(row, citizenId)),
        received: rows.filter((row) => row.representative_id === citizenId).map((row) => view(row, citizenId)),
      };
    },

    /** Records the first use of a mandate (once), and tells the represented citizen. */
    async markUsed(mandateId: string): Promise<void> {
      const first = await db.transaction().execute(async (trx) => {
        const row = await mandateStore.findForUpdate(trx, mandateId);
        if (!row || row.first_used_at) return false;
        await mandateStore.update(trx, mandateId, { first_used_at: now() });
        return true;
      });
      if (first) await emit('first-use', await mandateStore.find(db, mandateId));
    },

  };
}

export type Mandates = ReturnType<typeof createMandates>;
