import type { Db } from '../platform/db/database.ts';
import type { Insertable, Updateable } from 'kysely';
import type { RightsRequestsTable } from './schema.ts';

type Changes = Partial<Pick<Updateable<RightsRequestsTable>, 'status' | 'reason_encrypted' | 'extension_reason_encrypted' | 'forwarded_to' | 'forwarded_at' | 'decided_at' | 'deadline'>>;

/** SQL for requests about data other authorities hold (R21). */
export const requestStore = {
  async insert(db: Db, row: Insertable<RightsRequestsTable>): Promise<void> {
    await db.insertInto('rights_requests').values(row).execute();
  },

  async list(db: Db, citizenId: string) {
    return db.selectFrom('rights_requests').selectAll().where('citizen_id', '=', citizenId).orderBy('received_at', 'desc').execute();
  },

  async find(db: Db, citizenId: string, requestId: string) {
    return db.selectFrom('rights_requests').selectAll().where('citizen_id', '=', citizenId).where('request_id', '=', requestId).executeTakeFirst();
  },

  /** A request by id, for the authority it was forwarded to (locked when `forUpdate`, inside a transaction). */
  async findForAuthority(db: Db, requestId: string, organisationId: string, forUpdate = false) {
    const query = db.selectFrom('rights_requests').selectAll().where('request_id', '=', requestId).where('authority_organisation_id', '=', organisationId);
    return forUpdate ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
  },

  /** Requests not yet forwarded that were made before `before`, oldest first. */
  async listUnforwarded(db: Db, before: Date, limit: number) {
    return db.selectFrom('rights_requests').selectAll().where('status', '=', 'received').where('received_at', '<', before).orderBy('received_at').limit(limit).execute();
  },

  async update(db: Db, citizenId: string, requestId: string, changes: Changes & { updated_at: Date }): Promise<void> {
    await db.updateTable('rights_requests').set(changes).where('citizen_id', '=', citizenId).where('request_id', '=', requestId).execute();
  },
};
