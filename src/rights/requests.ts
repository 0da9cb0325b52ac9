import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Logger } from 'pino';
import type { RightsContact } from '../config.ts';
import type { Accounts } from '../identity/index.ts';
import type { Organisation, OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Acting } from '../platform/module.ts';
import { ORGANISATION_KINDS, type Right } from './data-kinds.ts';
import { addMonths, DEADLINE_MONTHS, EXTENSION_MONTHS } from './deadline.ts';
import { requestStore } from './request-store.ts';
import type { RightsRequestsTable } from './schema.ts';

type RequestRow = Selectable<RightsRequestsTable>;

/** The associated data of a request's encrypted fields: bound to its citizen, request and field. */
export function requestContext(citizenId: string, requestId: string, field: string): string {
  return `citizen:${citizenId}:rights-request:${requestId}:${field}`;
}

export interface RequestsDeps {
  db: Db;
  keyring: Keyring;
  mailer: Mailer;
  accounts: Accounts;
  organisations: OrganisationRegistry;
  logger: Logger;
  now: () => Date;
  contacts: Record<string, RightsContact>;
}

export interface RightsRequestView {
  id: string;
  right: string;
  dataKind: string;
  /** Null: not configured by name; pages name it by its role for this kind of data. */
  authorityName: string | null;
  explanation: string;
  status: RequestRow['status'];
  reason: string | null;
  extensionReason: string | null;
  receivedAt: Date;
  forwardedAt: Date | null;
  decidedAt: Date | null;
  deadline: Date;
}

/** What an authority may set (the API), and what the citizen sees: handled, refused with reason, or extended with reason. */
export type StatusChange = { status: 'handled' } | { status: 'refused'; reason: string } | { status: 'extended'; reason: string };

/**
 * Requests about data another authority is responsible for (R21): stored, forwarded to that
 * authority (mail or endpoint), and followed against the legal deadline. The authority sets the
 * outcome through the organisation API. Every step is recorded in the citizen's usage history.
 */
export function createRightsRequests(deps: RequestsDeps) {
  const { db, keyring, now } = deps;
  const seal = (citizenId: string, requestId: string, field: string, value: string) => keyring.encryptText(value, requestContext(citizenId, requestId, field));
  const open = (citizenId: string, requestId: string, field: string, value: Uint8Array | null) => (value ? keyring.decryptText(value, requestContext(citizenId, requestId, field)) : null);

  function view(row: RequestRow): RightsRequestView {
    return {
      id: row.request_id,
      right: row.right,
      dataKind: row.data_kind,
      authorityName: row.authority_name || null,
      explanation: open(row.citizen_id, row.request_id, 'explanation', row.explanation_encrypted) ?? '',
      status: row.status,
      reason: open(row.citizen_id, row.request_id, 'reason', row.reason_encrypted),
      extensionReason: open(row.citizen_id, row.request_id, 'extension-reason', row.extension_reason_encrypted),
      receivedAt: new Date(row.received_at),
      forwardedAt: row.forwarded_at ? new Date(row.forwarded_at) : null,
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
      deadline: new Date(row.deadline),
    };
  }

  /** Who answers for this kind of data: the chosen organisation, or the register's configured authority. */
  async function authorityFor(dataKind: string, organisation: Organisation | null): Promise<{ name: string; contact: RightsContact; organisationId: string | null } | null> {
    const fallback = deps.contacts['*'] ?? {};
    if (ORGANISATION_KINDS.includes(dataKind)) {
      if (!organisation) return null;
      return { name: organisation.name, contact: deps.contacts[organisation.oin] ?? fallback, organisationId: organisation.organisationId };
    }
    const contact = deps.contacts[dataKind] ?? fallback;
    const registered = contact.oin ? await deps.organisations.findByOin(contact.oin) : null;
    // Without a configured name the pages name the authority by its role ("the municipality where you are registered").
    return { name: contact.name ?? registered?.name ?? '', contact, organisationId: registered?.organisationId ?? null };
  }

  /** The document an authority receives (API or endpoint): who, what, and by when. */
  async function documentOf(row: RequestRow, bsn?: string) {
    const request = view(row);
    return {
      id: request.id,
      right: request.right,
      dataKind: request.dataKind,
      bsn: bsn ?? (await deps.accounts.revealBsn(row.citizen_id)),
      explanation: request.explanation,
      status: request.status,
      receivedAt: request.receivedAt.toISOString(),
      deadline: request.deadline.toISOString(),
      extended: request.extensionReason !== null,
      reason: request.reason ?? request.extensionReason,
    };
  }

  async function forward(row: RequestRow, authority: { contact: RightsContact; organisationId: string | null }): Promise<string> {
    const { contact } = authority;
    if (contact.endpoint) {
      const response = await fetch(contact.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await documentOf(row)), redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`endpoint answered ${response.status}`);
      return contact.endpoint;
    }
    if (!contact.email) throw new Error('no contact');
    // With API access the mail carries no personal data; otherwise it is the only way the request arrives.
    const details = authority.organisationId
      ? `U leest het verzoek (met het BSN en de toelichting) via de organisatie-API van Burgerportaal:\nGET /api/v1/rights-requests/${row.request_id}\nDe uitkomst geeft u door met PUT /api/v1/rights-requests/${row.request_id}/status.`
      : `Het verzoek:\n${JSON.stringify(await documentOf(row), null, 2)}\nGeef de uitkomst door aan ${deps.contacts['*']?.email ?? 'de beheerder van Burgerportaal'}.`;
    await deps.mailer.send({
      to: contact.email,
      subject: `Verzoek over persoonsgegevens (AVG) ${row.request_id}`,
      text: `Een inwoner heeft via Burgerportaal een verzoek gedaan over gegevens waarvoor uw organisatie verantwoordelijk is.\n\nSoort verzoek: ${row.right}\nGegevens: ${row.data_kind}\nOntvangen: ${new Date(row.received_at).toISOString()}\nUiterste datum voor een antwoord: ${new Date(row.deadline).toISOString()} (AVG artikel 12 lid 3; met redenen te verlengen met twee maanden)\n\n${details}\n`,
    });
    return contact.email;
  }

  /** Forwards and marks it forwarded; on failure it stays 'received' (shown to the citizen) and the job retries. */
  async function forwardAndRecord(row: RequestRow, authority: { contact: RightsContact; organisationId: string | null }): Promise<boolean> {
    try {
      const forwardedTo = await forward(row, authority);
      await db.transaction().execute(async (trx) => {
        await requestStore.update(trx, row.citizen_id, row.request_id, { status: 'forwarded', forwarded_to: forwardedTo, forwarded_at: now(), updated_at: now() });
        await deps.accounts.recordActivity({ citizenId: row.citizen_id, actorId: null, action: 'rights-request-forwarded', detail: `${row.right}:${row.data_kind}`, db: trx });
      });
      return true;
    } catch (error) {
      deps.logger.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'rights request not forwarded');
      return false;
    }
  }

  return {
    /** Stores the request, forwards it to the responsible authority and records both steps; returns its id, or null for an unknown organisation. */
    async create(input: { acting: Acting; right: Right; dataKind: string; organisationId: string | null; explanation: string }): Promise<string | null> {
      const citizenId = input.acting.subject.citizenId;
      const organisation = input.organisationId ? await deps.organisations.get(input.organisationId) : null;
      const authority = await authorityFor(input.dataKind, organisation);
      if (!authority) return null;
      const at = now();
      const requestId = uuidv7();
      const row: RequestRow = {
        citizen_id: citizenId,
        request_id: requestId,
        right: input.right,
        data_kind: input.dataKind,
        authority_organisation_id: authority.organisationId,
        authority_name: authority.name,
        explanation_encrypted: seal(citizenId, requestId, 'explanation', input.explanation),
        status: 'received',
        reason_encrypted: null,
        extension_reason_encrypted: null,
        forwarded_to: null,
        received_at: at,
        forwarded_at: null,
        decided_at: null,
        deadline: addMonths(at, DEADLINE_MONTHS),
        updated_at: at,
      };
      const record = (action: string, trx: Db, actorId: string | null = input.acting.actor.citizenId) =>
        deps.accounts.recordActivity({ citizenId, actorId, loginId: actorId ? input.acting.loginId : null, action, detail: `${input.right}:${input.dataKind}`, db: trx });
      await db.transaction().execute(async (trx) => {
        await requestStore.insert(trx, row);
        await record('rights-request-received', trx);
      });
      await forwardAndRecord(row, authority);
      return requestId;
    },

    /** The job: forwards requests still 'received' (the authority was unreachable when they were made). */
    async retryForwarding(): Promise<number> {
      let forwarded = 0;
      for (const row of await requestStore.listUnforwarded(db, new Date(now().getTime() - 60_000), 50)) {
        const organisation = row.authority_organisation_id ? await deps.organisations.get(row.authority_organisation_id) : null;
        const authority = await authorityFor(row.data_kind, organisation);
        if (authority && (await forwardAndRecord(row, authority))) forwarded += 1;
      }
      return forwarded;
    },

    async list(citizenId: string): Promise<RightsRequestView[]> {
      return (await requestStore.list(db, citizenId)).map(view);
    },

    async get(citizenId: string, requestId: string): Promise<RightsRequestView | null> {
      const row = await requestStore.find(db, citizenId, requestId);
      return row ? view(row) : null;
    },

    /** The request as its authority reads it, or null when it is not addressed to this organisation. */
    async forAuthority(requestId: string, organisationId: string) {
      const row = await requestStore.findForAuthority(db, requestId, organisationId);
      return row ? documentOf(row) : null;
    },

    /**
     * Sets the outcome an authority reports. Idempotent: the same change again answers the same; a
     * decided request cannot change to another outcome, and an extension happens once (409 otherwise).
     */
    async setStatus(input: { requestId: string; organisationId: string; change: StatusChange }) {
      const outcome = await db.transaction().execute(async (trx) => {
        const row = await requestStore.findForAuthority(trx, input.requestId, input.organisationId, true);
        if (!row) return { kind: 'not-found' as const };
        const current = view(row);
        const { change } = input;
        const at = now();
        const same = (done: RequestRow) => ({ kind: 'done' as const, row: done });
        if (change.status === 'extended') {
          if (current.extensionReason !== null) return current.extensionReason === change.reason ? same(row) : { kind: 'conflict' as const, detail: 'This request was already extended, with another reason.' };
          if (current.status === 'handled' || current.status === 'refused') return { kind: 'conflict' as const, detail: 'This request is already decided.' };
          const deadline = addMonths(new Date(row.received_at), DEADLINE_MONTHS + EXTENSION_MONTHS);
          const sealed = seal(row.citizen_id, row.request_id, 'extension-reason', change.reason);
          await requestStore.update(trx, row.citizen_id, row.request_id, { extension_reason_encrypted: sealed, deadline, updated_at: at });
          await deps.accounts.recordActivity({ citizenId: row.citizen_id, actorId: null, action: 'rights-request-extended', detail: `${row.right}:${row.data_kind}`, db: trx });
          return same({ ...row, extension_reason_encrypted: sealed, deadline });
        }
        if (current.status === change.status) {
          const sameReason = change.status === 'handled' || current.reason === change.reason;
          return sameReason ? same(row) : { kind: 'conflict' as const, detail: 'This request was already refused, with another reason.' };
        }
        if (current.status === 'handled' || current.status === 'refused') return { kind: 'conflict' as const, detail: `This request is already ${current.status}.` };
        const reason = change.status === 'refused' ? seal(row.citizen_id, row.request_id, 'reason', change.reason) : null;
        await requestStore.update(trx, row.citizen_id, row.request_id, { status: change.status, reason_encrypted: reason, decided_at: at, updated_at: at });
        await deps.accounts.recordActivity({ citizenId: row.citizen_id, actorId: null, action: `rights-request-${change.status}`, detail: `${row.right}:${row.data_kind}`, db: trx });
        return same({ ...row, status: change.status, reason_encrypted: reason, decided_at: at });
      });
      return outcome.kind === 'done' ? { kind: 'done' as const, document: await documentOf(outcome.row) } : outcome;
    },
  };
}

export type RightsRequests = ReturnType<typeof createRightsRequests>;
