import { v7 as uuidv7 } from 'uuid';
import type { Accounts } from '../identity/index.ts';
import { enqueueNotifications } from '../notifications/index.ts';
import type { Organisation } from '../organisations/index.ts';
import type { Db } from '../platform/db/database.ts';
import { parseDateTime } from '../platform/http/api-schema.ts';
import { Problem } from '../platform/http/problem.ts';
import { validateCaseInput, validateStatusInput } from './case-input.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import { createCaseStore, type CaseFields, type StatusRow } from './case-store.ts';
import { currentStatus, placeStatus } from './status-rules.ts';

export interface ReportCasesDeps {
  db: Db;
  /** Case fields and status labels are stored encrypted (R7, R32). */
  keyring: Keyring;
  accounts: Accounts;
  now: () => Date;
  /** How long a notification waits for more news for the same citizen. */
  notificationDelayMs: number;
}

export interface CaseView extends CaseFields {
  reference: string;
  closed: boolean;
  statuses: StatusView[];
}

export interface StatusView {
  sequence: number;
  code: string;
  label: string;
  occurredAt: string;
  final: boolean;
  reopens: boolean;
}

type Source = 'api' | 'zgw';

const caseNotFound = () => new Problem(404, 'case-not-found', 'Case not found', 'Your organisation has no case with this reference.');
const toStatusView = (status: Omit<StatusRow, 'receivedAt'>): StatusView => ({ ...status, occurredAt: status.occurredAt.toISOString() });

/**
 * The organisation side of Lopende Zaken (R11): create or update a case and record status
 * changes. Every refusal is a Problem thrown before or inside one transaction, so a refused
 * request stores nothing (not even an account). A recorded status enqueues the citizen's
 * notification in the same transaction (R13).
 */
export function createCaseReporting(deps: ReportCasesDeps) {
  const { db, accounts } = deps;
  const caseStore = createCaseStore(deps.keyring);

  async function resolveCitizen(trx: Db, bsn: string): Promise<string> {
    // The case waits for the citizen's first login, like a mandatory-channel message.
    const recipient = (await accounts.resolveRecipients({ bsns: [bsn], createMissing: true, db: trx })).get(bsn);
    if (recipient?.kind === 'account') return recipient.citizenId;
    if (recipient?.kind === 'unavailable') {
      throw new Problem(503, 'register-unavailable', 'Population register unavailable', 'The population register could not be consulted. Try again later.', undefined, { retryAfterSeconds: 30 });
    }
    // R9: one neutral refusal, whether the person is unknown, under 14 or deceased.
    throw new Problem(422, 'recipient-not-accepting', 'Recipient does not accept cases', 'This recipient cannot receive cases from your organisation.');
  }

  async function view(trx: Db, citizenId: string, caseId: string): Promise<CaseView> {
    const row = await caseStore.getCase(trx, citizenId, caseId);
    if (!row) throw caseNotFound();
    const statuses = (await caseStore.listStatuses(trx, citizenId, [caseId])).get(caseId) ?? [];
    const { reference, caseType, title, dossierUrl, openedOn, expectedEndOn, nextStep, closed } = row;
    return { reference, caseType, title, dossierUrl, openedOn, expectedEndOn, nextStep, closed, statuses: statuses.map(toStatusView) };
  }

  return {
    /** Creates (201) or updates (200) the organisation's case with this reference; the recipient of a case never changes (409). */
    async putCase(input: { organisation: Organisation; reference: string; body: unknown; source?: Source }): Promise<{ status: 200 | 201; result: CaseView }> {
      const valid = validateCaseInput(input.body);
      const fields = { caseType: valid.caseType, title: valid.title, dossierUrl: valid.dossierUrl, openedOn: valid.openedOn, expectedEndOn: valid.expectedEndOn ?? null, nextStep: valid.nextStep ?? null };
      const { organisationId } = input.organisation;
      return db.transaction().execute(async (trx) => {
        const now = deps.now();
        const citizenId = await resolveCitizen(trx, valid.recipient.bsn);
        let existing = await caseStore.findReference(trx, organisationId, input.reference);
        let created = false;
        if (!existing) {
          const caseId = uuidv7({ msecs: now.getTime() });
          if (await caseStore.claimReference(trx, { organisationId, reference: input.reference, citizenId, caseId })) {
            await caseStore.insertCase(trx, { citizenId, caseId, organisationId, reference: input.reference, source: input.source ?? 'api', fields, now });
            existing = { citizenId, caseId };
            created = true;
          } else {
            existing = await caseStore.findReference(trx, organisationId, input.reference);
          }
        }
        if (!existing) throw new Problem(500, 'internal-error', 'Internal error', 'The case reference could not be resolved.');
        if (existing.citizenId !== citizenId) {
          throw new Problem(409, 'recipient-conflict', 'Reference belongs to another recipient', `Reference "${input.reference}" is already used for a case of another citizen.`);
        }
        if (!created) await caseStore.updateFields(trx, { citizenId, caseId: existing.caseId, fields, now });
        return { status: created ? 201 : 200, result: await view(trx, citizenId, existing.caseId) };
      });
    },

    /**
     * Records one status change, placed by its sequence whatever the arrival order: 201 when new,
     * 200 for an identical repeat; 409 for a conflicting repeat or a status after a final one
     * that does not reopen. Only a new status enqueues a notification.
     */
    async addStatus(input: { organisation: Organisation; reference: string; body: unknown }): Promise<{ status: 200 | 201; result: StatusView }> {
      const valid = validateStatusInput(input.body);
      const occurredAt = parseDateTime(valid.occurredAt);
      if (!occurredAt) throw new Problem(400, 'invalid-fields', 'Invalid fields', '1 field(s) are invalid: occurredAt', [{ field: 'occurredAt', message: 'must be an RFC 3339 date-time' }]);
      const incoming = { sequence: valid.sequence, code: valid.code, label: valid.label, occurredAt, final: valid.final, reopens: valid.reopens ?? false };
      return db.transaction().execute(async (trx) => {
        const now = deps.now();
        const ref = await caseStore.findReference(trx, input.organisation.organisationId, input.reference);
        if (!ref) throw caseNotFound();
        await caseStore.lockCase(trx, ref.citizenId, ref.caseId);
        const timeline = (await caseStore.listStatuses(trx, ref.citizenId, [ref.caseId])).get(ref.caseId) ?? [];
        const placement = placeStatus(timeline, incoming);
        switch (placement.kind) {
          case 'repeat':
            return { status: 200, result: toStatusView(placement.existing) };
          case 'conflict':
            throw new Problem(409, 'status-conflict', 'Sequence already used', `Status ${incoming.sequence} of this case was already reported with other content.`);
          case 'after-final':
            throw new Problem(409, 'case-closed', 'Case is closed', `Status ${placement.final.sequence} closed this case; a later status must set "reopens": true.`);
          case 'final-before-later':
            throw new Problem(409, 'case-continues', 'Later status exists', `Status ${placement.later.sequence} follows without reopening the case, so status ${incoming.sequence} cannot be final.`);
          case 'insert':
            break;
        }
        await caseStore.insertStatus(trx, { citizenId: ref.citizenId, caseId: ref.caseId, status: incoming, now });
        const current = currentStatus([...timeline, incoming]) ?? incoming;
        await caseStore.setState(trx, { citizenId: ref.citizenId, caseId: ref.caseId, closed: current.final, lastChangedAt: current.occurredAt, now });
        await enqueueNotifications(trx, [{ citizenId: ref.citizenId, notBefore: new Date(now.getTime() + deps.notificationDelayMs) }], now);
        return { status: 201, result: toStatusView(incoming) };
      });
    },

    /** The organisation's own case with its timeline; another organisation's reference is 404. */
    async getCase(organisation: Organisation, reference: string): Promise<CaseView> {
      const ref = await caseStore.findReference(db, organisation.organisationId, reference);
      if (!ref) throw caseNotFound();
      return view(db, ref.citizenId, ref.caseId);
    },
  };
}

export type CaseReporting = ReturnType<typeof createCaseReporting>;
