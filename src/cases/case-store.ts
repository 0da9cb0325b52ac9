import { sql } from 'kysely';
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
      'cases.case_type as caseType',
      'cases.title',
      'cases.dossier_url as dossierUrl',
      sql<string>`to_char(cases.opened_on, 'YYYY-MM-DD')`.as('openedOn'),
      sql<string | null>`to_char(cases.expected_end_on, 'YYYY-MM-DD')`.as('expectedEndOn'),
      'cases.next_step as nextStep',
      'cases.closed',
      'cases.last_changed_at as lastChangedAt',
    ]);
}

const toCase = (row: CaseRow): CaseRow => ({ ...row, lastChangedAt: new Date(row.lastChangedAt) });
const statusColumns = ['sequence', 'code', 'label', 'occurred_at as occurredAt', 'final', 'reopens', 'received_at as receivedAt'] as const;
const toStatus = (row: StatusRow): StatusRow => ({ ...row, occurredAt: new Date(row.occurredAt), receivedAt: new Date(row.receivedAt) });

/** SQL for cases, their reference index and their statuses; nothing here decides rules. */
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
        case_type: fields.caseType,
        title: fields.title,
        dossier_url: fields.dossierUrl,
        opened_on: fields.openedOn,
        expected_end_on: fields.expectedEndOn,
        next_step: fields.nextStep,
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
      .set({ case_type: fields.caseType, title: fields.title, dossier_url: fields.dossierUrl, opened_on: fields.openedOn, expected_end_on: fields.expectedEndOn, next_step: fields.nextStep, updated_at: input.now })
      .where('citizen_id', '=', input.citizenId)
      .where('case_id', '=', input.caseId)
      .execute();
  },

  /** The case, locked until the end of the transaction so status changes to it are serialised. */
  async lockCase(db: Db, citizenId: string, caseId: string): Promise<void> {
    await db.selectFrom('cases').select('case_id').where('citizen_id', '=', citizenId).where('case_id', '=', caseId).forUpdate().execute();
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
    for (const row of rows) result.get(row.case_id)?.push(toStatus(row));
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
        label: status.label,
        occurred_at: status.occurredAt,
        final: status.final,
        reopens: status.reopens,
        received_at: input.now,
      })
      .execute();
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
