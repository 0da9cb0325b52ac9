import { v7 as uuidv7 } from 'uuid';
import type { AuditEntry, AuditLog } from '../audit/index.ts';
import type { Db } from '../platform/db/database.ts';
import type { LegalHolds } from '../platform/retention-purge.ts';
import { legalHoldStore, type HoldRecordType } from './legal-hold-store.ts';

export const HOLD_RECORD_TYPES: readonly HoldRecordType[] = ['citizen', 'message', 'case', 'audit-month'];

export class LegalHoldInputError extends Error {}

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** Places a hold (R25), audited in the same transaction. Ids are internal ids (or 'YYYY-MM'), never a BSN. */
export async function placeLegalHold(
  deps: { db: Db; audit: AuditLog; now: () => Date },
  input: { recordType: HoldRecordType; recordId: string; reason: string; actor: AuditEntry['actor'] },
): Promise<string> {
  if (!HOLD_RECORD_TYPES.includes(input.recordType)) throw new LegalHoldInputError(`record type must be one of ${HOLD_RECORD_TYPES.join(', ')}`);
  const valid = input.recordType === 'audit-month' ? /^\d{4}-(0[1-9]|1[0-2])$/.test(input.recordId) : UUID.test(input.recordId);
  if (!valid) throw new LegalHoldInputError(input.recordType === 'audit-month' ? 'an audit month is written YYYY-MM' : `a ${input.recordType} is named by its internal id (a UUID)`);
  if (input.reason.trim() === '') throw new LegalHoldInputError('a hold needs a reason (e.g. the case number of the court or the investigation)');
  const holdId = uuidv7();
  const recordId = input.recordId.toLowerCase();
  await deps.db.transaction().execute(async (trx) => {
    await legalHoldStore.insert(trx, { holdId, recordType: input.recordType, recordId, reason: input.reason.trim(), placedAt: deps.now(), placedBy: input.actor.name });
    await deps.audit.append(trx, { actor: input.actor, action: 'legal-hold.place', target: { type: 'legal-hold', id: holdId }, after: { recordType: input.recordType, recordId, reason: input.reason.trim() } });
  });
  return holdId;
}

/** Releases a hold, audited; false when no active hold has this id. */
export async function releaseLegalHold(deps: { db: Db; audit: AuditLog; now: () => Date }, input: { holdId: string; actor: AuditEntry['actor'] }): Promise<boolean> {
  if (!UUID.test(input.holdId)) return false;
  return deps.db.transaction().execute(async (trx) => {
    const released = await legalHoldStore.release(trx, { holdId: input.holdId, at: deps.now() });
    if (!released) return false;
    await deps.audit.append(trx, { actor: input.actor, action: 'legal-hold.release', target: { type: 'legal-hold', id: input.holdId }, before: { recordType: released.record_type, recordId: released.record_id } });
    return true;
  });
}

export function activeLegalHolds(db: Db) {
  return legalHoldStore.active(db);
}

/** The active holds as the purges take them: held citizens, and held record ids of any other type. */
export async function loadLegalHolds(db: Db): Promise<LegalHolds> {
  const holds = await legalHoldStore.active(db);
  return {
    citizens: holds.filter((hold) => hold.record_type === 'citizen').map((hold) => hold.record_id),
    records: holds.filter((hold) => hold.record_type !== 'citizen').map((hold) => hold.record_id),
  };
}
