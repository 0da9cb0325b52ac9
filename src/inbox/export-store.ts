import type { Db } from '../platform/db/database.ts';

/** SQL for the inbox's part of the access export (R20): every visible message, its attachments, the stored choices. */
export const inboxExportStore = {
  async messages(db: Db, citizenId: string, now: Date) {
    return db
      .selectFrom('messages')
      .select(['message_id', 'organisation_id', 'reference', 'subject_encrypted', 'body_encrypted', 'legal_consequence', 'required_assurance', 'visible_from', 'due_at', 'retain_until', 'delivered_at', 'read_at', 'folder'])
      .where('citizen_id', '=', citizenId)
      .where('visible_from', '<=', now)
      .orderBy('visible_from')
      .orderBy('message_id')
      .execute();
  },

  /** Attachments of the citizen's messages; contents only when asked for. */
  async attachments(db: Db, citizenId: string, withContent: boolean) {
    const columns = ['message_id', 'position', 'filename_encrypted', 'content_type', 'size'] as const;
    if (!withContent) return (await db.selectFrom('message_attachments').select([...columns]).where('citizen_id', '=', citizenId).orderBy('message_id').orderBy('position').execute()).map((row) => ({ ...row, content_encrypted: null }));
    return db.selectFrom('message_attachments').select([...columns, 'content_encrypted']).where('citizen_id', '=', citizenId).orderBy('message_id').orderBy('position').execute();
  },

  async choices(db: Db, citizenId: string) {
    return db.selectFrom('message_preferences').select(['organisation_id', 'allowed', 'changed_at']).where('citizen_id', '=', citizenId).orderBy('changed_at').execute();
  },
};
