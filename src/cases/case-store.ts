import { sql } from 'kysely';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { TimelineStatus } from './status-rules.ts';

export interface CaseRow extends CaseFields {
  citizenId: string;
  caseId: string;
  organisationId: string;
  organisationName: string;
  reference: string;
  closed: boolean;
  lastChangedAt: Date;
}

export interface StatusRow extends TimelineStatus {
  receivedAt: Date;
}

export interface CaseFields {
  caseType: string;
  title: string;
  dossierUrl: string;
  openedOn: string;
  expectedEndOn: string | null;
  nextStep: string | null;
}

function caseQuery(db: Db) {
  return db
    .selectFrom('cases')
    .innerJoin('organisations', 'organisations.organisation_id', 'cases.organisation_id')
    .select([
      'cases.citizen_id as citizenId',
      'cases.case_id as caseId',
      'cases.organisation_id as organisationId',
      'organisations.name as organisationName',
      'cases.reference',
      'cases.case_type',
      'cases.title',
      'cases.dossier_url',
      'cases.next_step',
      'cases.case_type_encrypted',
      'cases.title_encrypted',
      'cases.dossier_url_encrypted',
      'cases.next_step_encrypted',
      sql<string>`to_char(cases.opened_on, 'YYYY-MM-DD')`.as('openedOn'),
      sql<string | null>`to_char(cases.expected_end_on, 'YYYY-MM-DD')`.as('expectedEndOn'),
      'cases.closed',
      'cases.last_changed_at as lastChangedAt',
    ]);
}

const statusColumns = ['sequence', 'code', 'label', 'label_encrypted', 'occurred_at as occurredAt', 'final', 'reopens', 'received_at as receivedAt'] as const;

/** The associated data of one encrypted case field: bound to its citizen, case and field. */
export function caseFieldContext(citizenId: string, caseId: string, field: string): string {
  return `citizen:${citizenId}:case:${caseId}:${field}`;
}

/** SQL for cases, their reference index and their statuses that needs no key; nothing here decides rules. */
export const caseStore = {
  async findReference(db: Db, organisationId: string, reference: string): Promise<{ citizenId: string; caseId: string } | null> {
    const row = await db
      .selectFrom('case_references')
      .select(['citizen_id as citizenId', 'case_id as caseId'])
      .where('organisation_id', '=', organisationId)
      .where('reference', '=', reference)
      .executeTakeFirst();
    return row ?? null;
  },

  /** Claims a reference for a new case; false when another transaction claimed it first. */
  async claimReference(db: Db, input: { organisationId: string; reference: string; citizenId: string; caseId: string }): Promise<boolean> {
    const inserted = await db
      .insertInto('case_references')
      .values({ organisation_id: input.organisationId, reference: input.reference, citizen_id: input.citizenId, case_id: input.caseId })
      .onConflict((oc) => oc.columns(['organisation_id', 'reference']).doNothing())
      .returning('case_id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  /** The case, locked until the end of the transaction so status changes to it are serialised. */
  async lockCase(db: Db, citizenId: string, caseId: string): Promise<void> {
    await db.selectFrom('cases').select('case_id').where('citizen_id', '=', citizenId).where('case_id', '=', caseId).forUpdate().execute();
  },

  async setState(db: Db, input: { citizenId: string; caseId: string; closed: boolean; lastChangedAt: Date; now: Date }): Promise<void> {
    await db
      .updateTable('cases')
      .set({ closed: input.closed, last_changed_at: input.lastChangedAt, updated_at: input.now })
      .where('citizen_id', '=', input.citizenId)
      .where('case_id', '=', input.caseId)
      .execute();
  },

  /** Per citizen, statuses not yet in any notification, oldest first, with the organisation's name. */
  async unnotifiedStatuses(db: Db, citizenIds: string[]) {
    return db
      .selectFrom('case_statuses')
      .innerJoin('cases', (join) => join.onRef('cases.citizen_id', '=', 'case_statuses.citizen_id').onRef('cases.case_id', '=', 'case_statuses.case_id'))
      .innerJoin('organisations', 'organisations.organisation_id', 'cases.organisation_id')
      .select(['case_statuses.citizen_id', 'case_statuses.case_id', 'case_statuses.sequence', 'organisations.name'])
      .where('case_statuses.citizen_id', 'in', citizenIds)
      .where('case_statuses.notification_id', 'is', null)
      .orderBy('case_statuses.received_at')
      .execute();
  },

  /** Sets the notification of these statuses of one citizen; `keys` must not be empty. */
  async setNotificationId(db: Db, input: { citizenId: string; keys: { caseId: string; sequence: number }[]; notificationId: string }): Promise<void> {
    await db
      .updateTable('case_statuses')
      .set({ notification_id: input.notificationId })
      .where('citizen_id', '=', input.citizenId)
      .where((eb) => eb.or(input.keys.map((key) => eb.and([eb('case_id', '=', key.caseId), eb('sequence', '=', key.sequence)]))))
      .execute();
  },
};

/**
 * The case store with its key: case type, title, dossier URL, next step and status labels are
 * sealed on write and opened on read (R7, R32); rows from before migration 0023 are read from
 * their plaintext until `sealPlaintext` has encrypted them.
 */
export function createCaseStore(keyring: Keyring) {
  const seal = (citizenId: string, caseId: string, field: string, value: string) => keyring.encryptText(value, caseFieldContext(citizenId, caseId, field));
  const open = (citizenId: string, caseId: string, field: string, sealed: Uint8Array | null, plain: string | null): string | null =>
    sealed ? keyring.decryptText(sealed, caseFieldContext(citizenId, caseId, field)) : plain;
  const sealedFields = (citizenId: string, caseId: string, fields: CaseFields) => ({
    case_type: null,
    title: null,
    dossier_url: null,
    next_step: null,
    case_type_encrypted: seal(citizenId, caseId, 'case-type', fields.caseType),
    title_encrypted: seal(citizenId, caseId, 'title', fields.title),
    dossier_url_encrypted: seal(citizenId, caseId, 'dossier-url', fields.dossierUrl),
    next_step_encrypted: fields.nextStep === null ? null : seal(citizenId, caseId, 'next-step', fields.nextStep),
  });
  const statusLabel = (caseId: string, sequence: number) => `status:${sequence}:label`;
  type SealedCaseRow = Awaited<ReturnType<ReturnType<typeof caseQuery>['executeTakeFirstOrThrow']>>;
  const toCase = (row: SealedCaseRow): CaseRow => {
    const { case_type, title, dossier_url, next_step, case_type_encrypted, title_encrypted, dossier_url_encrypted, next_step_encrypted, ...rest } = row;
    const field = (name: string, sealed: Uint8Array | null, plain: string | null) => open(row.citizenId, row.caseId, name, sealed, plain);
    return {
      ...rest,
      caseType: field('case-type', case_type_encrypted, case_type) ?? '',
      title: field('title', title_encrypted, title) ?? '',
      dossierUrl: field('dossier-url', dossier_url_encrypted, dossier_url) ?? '',
      nextStep: field('next-step', next_step_encrypted, next_step),
      lastChangedAt: new Date(row.lastChangedAt),
    };
  };
  const toStatus = (citizenId: string, caseId: string, row: { sequence: number; code: string; label: string | null; label_encrypted: Uint8Array | null; occurredAt: Date; final: boolean; reopens: boolean; receivedAt: Date }): StatusRow => {
    const { label, label_encrypted, ...rest } = row;
    return { ...rest, label: open(citizenId, caseId, statusLabel(caseId, row.sequence), label_encrypted, label) ?? '', occurredAt: new Date(row.occurredAt), receivedAt: new Date(row.receivedAt) };
  };

  return {
    ...caseStore,
    async insertCase(db: Db, input: { citizenId: string; caseId: string; organisationId: string; reference: string; source: 'api' | 'zgw'; fields: CaseFields; now: Date }): Promise<void> {
      const { fields } = input;
      await db
        .insertInto('cases')
        .values({
          citizen_id: input.citizenId,
          case_id: input.caseId,
          organisation_id: input.organisationId,
          reference: input.reference,
          source: input.source,
          ...sealedFields(input.citizenId, input.caseId, fields),
          opened_on: fields.openedOn,
          expected_end_on: fields.expectedEndOn,
          closed: false,
          last_changed_at: input.now,
          created_at: input.now,
          updated_at: input.now,
        })
        .execute();
    },

    async updateFields(db: Db, input: { citizenId: string; caseId: string; fields: CaseFields; now: Date }): Promise<void> {
      const { fields } = input;
      await db
        .updateTable('cases')
        .set({ ...sealedFields(input.citizenId, input.caseId, fields), opened_on: fields.openedOn, expected_end_on: fields.expectedEndOn, updated_at: input.now })
        .where('citizen_id', '=', input.citizenId)
        .where('case_id', '=', input.caseId)
        .execute();
    },

    async getCase(db: Db, citizenId: string, caseId: string): Promise<CaseRow | null> {
      const row = await caseQuery(db).where('cases.citizen_id', '=', citizenId).where('cases.case_id', '=', caseId).executeTakeFirst();
      return row ? toCase(row) : null;
    },

    /** A citizen's cases: open ones first, then closed; most recently changed first within each. */
    async listCases(db: Db, citizenId: string): Promise<CaseRow[]> {
      const rows = await caseQuery(db).where('cases.citizen_id', '=', citizenId).orderBy('cases.closed').orderBy('cases.last_changed_at', 'desc').execute();
      return rows.map(toCase);
    },

    async listStatuses(db: Db, citizenId: string, caseIds: string[]): Promise<Map<string, StatusRow[]>> {
      const result = new Map<string, StatusRow[]>(caseIds.map((id) => [id, []]));
      if (caseIds.length === 0) return result;
      const rows = await db
        .selectFrom('case_statuses')
        .select(['case_id', ...statusColumns])
        .where('citizen_id', '=', citizenId)
        .where('case_id', 'in', caseIds)
        .orderBy('sequence')
        .execute();
      for (const row of rows) result.get(row.case_id)?.push(toStatus(citizenId, row.case_id, row));
      return result;
    },

    async insertStatus(db: Db, input: { citizenId: string; caseId: string; status: Omit<StatusRow, 'receivedAt'>; now: Date }): Promise<void> {
      const { status } = input;
      await db
        .insertInto('case_statuses')
        .values({
          citizen_id: input.citizenId,
          case_id: input.caseId,
          sequence: status.sequence,
          code: status.code,
          label: null,
          label_encrypted: seal(input.citizenId, input.caseId, statusLabel(input.caseId, status.sequence), status.label),
          occurred_at: status.occurredAt,
          final: status.final,
          reopens: status.reopens,
          received_at: input.now,
        })
        .execute();
    },

    /**
     * Encrypts up to `limit` cases and statuses still in plaintext (from before migration 0023) and
     * clears their plaintext; returns how many rows it sealed. Safe to repeat and to interrupt.
     */
    async sealPlaintext(db: Db, limit: number): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const cases = await trx
          .selectFrom('cases')
          .select(['citizen_id', 'case_id', 'case_type', 'title', 'dossier_url', 'next_step'])
          .where('title', 'is not', null)
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const row of cases) {
          // Only the sealed fields are written; the dates are not part of them.
          const fields = { caseType: row.case_type ?? '', title: row.title ?? '', dossierUrl: row.dossier_url ?? '', nextStep: row.next_step, openedOn: '', expectedEndOn: null };
          await trx.updateTable('cases').set(sealedFields(row.citizen_id, row.case_id, fields)).where('citizen_id', '=', row.citizen_id).where('case_id', '=', row.case_id).execute();
        }
        const statuses = await trx
          .selectFrom('case_statuses')
          .select(['citizen_id', 'case_id', 'sequence', 'label'])
          .where('label', 'is not', null)
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const row of statuses) {
          await trx
            .updateTable('case_statuses')
            .set({ label: null, label_encrypted: seal(row.citizen_id, row.case_id, statusLabel(row.case_id, row.sequence), row.label ?? '') })
            .where('citizen_id', '=', row.citizen_id)
            .where('case_id', '=', row.case_id)
            .where('sequence', '=', row.sequence)
            .execute();
        }
        return cases.length + statuses.length;
      });
    },
  };
}

export type CaseStore = ReturnType<typeof createCaseStore>;
