import type { Db } from '../platform/db/database.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import { createCaseStore, type CaseRow, type StatusRow } from './case-store.ts';
import { currentStatus } from './status-rules.ts';

export interface CitizenCase extends CaseRow {
  current: StatusRow | null;
}

export interface CitizenCaseDetail extends CitizenCase {
  /** Oldest first, placed by sequence. */
  timeline: StatusRow[];
}

/** A representative's mandate limited to these organisations (R17); null: every organisation. */
export type OrganisationScope = readonly string[] | null | undefined;

function covered(row: CaseRow, organisationIds: OrganisationScope): boolean {
  return !organisationIds || organisationIds.includes(row.organisationId);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a citizen sees of their own cases; every read is scoped to the citizen's id. */
export function createCitizenCases(deps: { db: Db; keyring: Keyring }) {
  const { db } = deps;
  const caseStore = createCaseStore(deps.keyring);
  return {
    /** All the citizen's cases, open ones first, closed ones still listed (R12). */
    async list(citizenId: string, organisationIds?: OrganisationScope): Promise<CitizenCase[]> {
      const cases = (await caseStore.listCases(db, citizenId)).filter((row) => covered(row, organisationIds));
      const statuses = await caseStore.listStatuses(db, citizenId, cases.map((c) => c.caseId));
      return cases.map((row) => ({ ...row, current: currentStatus(statuses.get(row.caseId) ?? []) }));
    },

    /** The citizen's own case with its whole timeline; null for another citizen's or an unknown id. */
    async get(citizenId: string, caseId: string, organisationIds?: OrganisationScope): Promise<CitizenCaseDetail | null> {
      if (!UUID.test(caseId)) return null;
      const row = await caseStore.getCase(db, citizenId, caseId);
      if (!row || !covered(row, organisationIds)) return null;
      const timeline = (await caseStore.listStatuses(db, citizenId, [caseId])).get(caseId) ?? [];
      return { ...row, current: currentStatus(timeline), timeline };
    },

    /** Every status change of the citizen's cases with its case, newest first, at most `limit` (the timeline). */
    async statusChanges(citizenId: string, limit: number, organisationIds?: OrganisationScope): Promise<{ item: CaseRow; status: StatusRow }[]> {
      const cases = (await caseStore.listCases(db, citizenId)).filter((row) => covered(row, organisationIds));
      const statuses = await caseStore.listStatuses(db, citizenId, cases.map((c) => c.caseId));
      return cases
        .flatMap((item) => (statuses.get(item.caseId) ?? []).map((status) => ({ item, status })))
        .sort((a, b) => b.status.occurredAt.getTime() - a.status.occurredAt.getTime())
        .slice(0, limit);
    },

    /** Every case with its whole timeline (the access export, R20). */
    async listWithTimelines(citizenId: string): Promise<CitizenCaseDetail[]> {
      const cases = await caseStore.listCases(db, citizenId);
      const statuses = await caseStore.listStatuses(db, citizenId, cases.map((c) => c.caseId));
      return cases.map((row) => {
        const timeline = statuses.get(row.caseId) ?? [];
        return { ...row, current: currentStatus(timeline), timeline };
      });
    },

    /** How many open cases the citizen has. */
    async openCount(citizenId: string): Promise<number> {
      return (await caseStore.listCases(db, citizenId)).filter((c) => !c.closed).length;
    },
  };
}

export type CitizenCases = ReturnType<typeof createCitizenCases>;
