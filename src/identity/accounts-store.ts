import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../platform/db/database.ts';
import { SECURITY_ACTIVITY, USAGE_ACTIVITY } from './processing-log.ts';

/** One processing as the log stores it. */
export interface ProcessingRecord {
  traceId: string;
  operationId: string;
  name: string;
  /** 0 unknown, 1 ok, 2 error. */
  status: 0 | 1 | 2;
  startTime: Date;
  endTime: Date;
  activity: string;
  subjectId: string | null;
  actorId: string | null;
  loginId: string | null;
  detail: string | null;
  clientAddress: string | null;
  userAgentClass: string | null;
  route: string | null;
  /** The mandate and service a representative acted under (R17). */
  mandateId?: string | null;
  mandateService?: string | null;
  /** A log id chosen by the caller (to finish the record later); a new UUIDv7 otherwise. */
  logId?: string;
}

/** SQL for accounts, login history and the processing log (usage history and security log). */
export const accountsStore = {
  /** By the BSN's hash under any lookup key version (see Keyring.lookupHashes). */
  async findCitizenIdByBsnHash(db: Db, bsnHashes: Uint8Array[]): Promise<string | null> {
    const row = await db.selectFrom('citizen_lookup').select('citizen_id').where('bsn_hash', 'in', bsnHashes).executeTakeFirst();
    return row?.citizen_id ?? null;
  },

  async lastLogins(db: Db, citizenIds: string[]) {
    return db.selectFrom('citizens').select(['citizen_id', 'last_login_at', 'activated_at']).where('citizen_id', 'in', citizenIds).execute();
  },

  async findCitizen(db: Db, citizenId: string) {
    return db.selectFrom('citizens').selectAll().where('citizen_id', '=', citizenId).executeTakeFirst();
  },

  /** Inserts the account and its lookup row; a concurrent first login for the same BSN loses cleanly. */
  async insertCitizen(db: Db, input: { citizenId: string; bsnHash: Uint8Array; bsnEncrypted: Uint8Array; activatedAt: Date | null }): Promise<boolean> {
    const inserted = await db
      .insertInto('citizen_lookup')
      .values({ bsn_hash: input.bsnHash, citizen_id: input.citizenId })
      .onConflict((oc) => oc.column('bsn_hash').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await db
      .insertInto('citizens')
      .values({ citizen_id: input.citizenId, bsn_encrypted: input.bsnEncrypted, activated_at: input.activatedAt })
      .execute();
    return true;
  },

  /** Accounts for many BSN hashes at once: citizen id and whether the account is activated. */
  async findByBsnHashes(db: Db, hashes: Uint8Array[]) {
    if (hashes.length === 0) return [];
    return db
      .selectFrom('citizen_lookup')
      .innerJoin('citizens', 'citizens.citizen_id', 'citizen_lookup.citizen_id')
      .select(['citizen_lookup.bsn_hash', 'citizens.citizen_id', 'citizens.activated_at', 'citizens.deceased_at'])
      .where('citizen_lookup.bsn_hash', 'in', hashes)
      .execute();
  },

  async activate(db: Db, citizenId: string, now: Date): Promise<boolean> {
    const result = await db.updateTable('citizens').set({ activated_at: now }).where('citizen_id', '=', citizenId).where('activated_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async startLogin(db: Db, input: { citizenId: string; loginId: string; assurance: string; now: Date }): Promise<void> {
    await db
      .insertInto('login_history')
      .values({ citizen_id: input.citizenId, login_id: input.loginId, started_at: input.now, assurance: input.assurance })
      .execute();
    await db.updateTable('citizens').set({ last_login_at: input.now }).where('citizen_id', '=', input.citizenId).execute();
  },

  async endLogin(db: Db, input: { citizenId: string; loginId: string; endedAt: Date; reason: string }): Promise<void> {
    await db
      .updateTable('login_history')
      .set({ ended_at: input.endedAt, end_reason: input.reason })
      .where('citizen_id', '=', input.citizenId)
      .where('login_id', '=', input.loginId)
      .where('ended_at', 'is', null)
      .execute();
  },

  /** Writes processing records (one per data subject, as the Logboek asks). */
  async insertProcessings(db: Db, records: ProcessingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await db
      .insertInto('processing_log')
      .values(
        records.map((record) => ({
          log_id: record.logId ?? uuidv7({ msecs: record.startTime.getTime() }),
          trace_id: record.traceId,
          operation_id: record.operationId,
          parent_operation_id: null,
          operation_name: record.name,
          status_code: record.status,
          start_time: record.startTime,
          end_time: record.endTime,
          processing_activity_id: record.activity,
          data_subject_id: record.subjectId,
          actor_citizen_id: record.actorId,
          login_id: record.loginId,
          detail: record.detail,
          client_address: record.clientAddress,
          user_agent_class: record.userAgentClass,
          mandate_id: record.mandateId ?? null,
          mandate_service: record.mandateService ?? null,
          route: record.route,
        })),
      )
      .execute();
  },

  async listLogins(db: Db, citizenId: string, limit: number) {
    return db
      .selectFrom('login_history')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
  },

  /** The usage history: this citizen's records of the usage activity, newest first, in the shape the page reads. */
  async listActivity(db: Db, citizenId: string, limit: number) {
    return db
      .selectFrom('processing_log')
      .select(['data_subject_id as citizen_id', 'log_id as activity_id', 'start_time as occurred_at', 'operation_name as action', 'detail', 'login_id', 'actor_citizen_id'])
      .where('data_subject_id', '=', citizenId)
      .where('processing_activity_id', '=', USAGE_ACTIVITY)
      .orderBy('start_time', 'desc')
      .orderBy('log_id', 'desc')
      .limit(limit)
      .execute();
  },

  /**
   * The representation ledger (R17): records made under a mandate, newest first, of one subject
   * (what was done for them) or of one actor (what they did for others).
   */
  async listRepresented(db: Db, input: { subjectId?: string; actorId?: string; limit: number }) {
    let query = db
      .selectFrom('processing_log')
      .select(['log_id', 'start_time', 'operation_name', 'status_code', 'data_subject_id', 'actor_citizen_id', 'mandate_id', 'mandate_service', 'route', 'detail'])
      .where('mandate_id', 'is not', null);
    if (input.subjectId) query = query.where('data_subject_id', '=', input.subjectId);
    if (input.actorId) query = query.where('actor_citizen_id', '=', input.actorId);
    return query.orderBy('start_time', 'desc').orderBy('log_id', 'desc').limit(input.limit).execute();
  },

  /** Finishes a record written before its outcome was known (status 0 → 1 or 2). */
  async finishProcessing(db: Db, input: { logId: string; status: 1 | 2; endTime: Date }): Promise<void> {
    await db.updateTable('processing_log').set({ status_code: input.status, end_time: input.endTime }).where('log_id', '=', input.logId).where('status_code', '=', 0).execute();
  },

  /** Whether any record was made under this mandate (its first use). */
  async mandateUsed(db: Db, mandateId: string): Promise<boolean> {
    const row = await db.selectFrom('processing_log').select('log_id').where('mandate_id', '=', mandateId).limit(1).executeTakeFirst();
    return row !== undefined;
  },

  /** Every usage record of this citizen, oldest first, for the access export (R20). */
  async listAllActivity(db: Db, citizenId: string) {
    return db
      .selectFrom('processing_log')
      .select(['log_id', 'start_time', 'operation_name', 'detail', 'actor_citizen_id', 'login_id', 'status_code', 'user_agent_class'])
      .where('data_subject_id', '=', citizenId)
      .where('processing_activity_id', '=', USAGE_ACTIVITY)
      .orderBy('start_time')
      .orderBy('log_id')
      .execute();
  },

  /** Every login of this citizen, oldest first, for the access export (R20). */
  async listAllLogins(db: Db, citizenId: string) {
    return db.selectFrom('login_history').selectAll().where('citizen_id', '=', citizenId).orderBy('started_at').execute();
  },

  /** The security log: security records and session starts and ends, newest first, since `since`. */
  async listSecurityEvents(db: Db, input: { since: Date; limit: number; names: readonly string[] }) {
    return db
      .selectFrom('processing_log')
      .selectAll()
      .where('start_time', '>=', input.since)
      .where((eb) => eb.or([eb('processing_activity_id', '=', SECURITY_ACTIVITY), eb('operation_name', 'in', [...input.names])]))
      .orderBy('start_time', 'desc')
      .limit(input.limit)
      .execute();
  },

  /** Retention of the security activity: deletes its records before `before`; the usage history keeps its own. */
  async deleteSecurityEventsBefore(db: Db, before: Date): Promise<number> {
    const result = await db.deleteFrom('processing_log').where('processing_activity_id', '=', SECURITY_ACTIVITY).where('start_time', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
