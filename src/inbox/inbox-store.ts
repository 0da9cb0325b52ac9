import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

export type Folder = 'inbox' | 'archive' | 'bin';

/** Which of a citizen's visible messages in one folder (or all); optionally narrowed by sender, id, unread or respond-by date. */
export interface FolderFilter {
  citizenId: string;
  folder: Folder | 'all';
  now: Date;
  unreadOnly?: boolean;
  organisationId?: string | null;
  withDueDate?: boolean;
  /** When set, only messages from these organisations or with these ids. */
  match?: { organisationIds: string[]; messageIds: string[] };
  /** A representative's mandate limited to these organisations (R17); null or unset: all. */
  organisationIds?: readonly string[] | null;
}

/** Only the organisations a mandate covers (R17); an empty list matches nothing. */
function inOrganisations(organisationIds: readonly string[] | null | undefined) {
  return sql<boolean>`${organisationIds ? sql`organisation_id = any(${[...organisationIds]}::uuid[])` : sql`true`}`;
}

const listColumns = [
  'message_id',
  'organisation_id',
  'subject_encrypted',
  'legal_consequence',
  'required_assurance',
  'visible_from',
  'due_at',
  'read_at',
  'folder',
] as const;

/** A citizen's messages that are visible now and not in the bin: what the unread count, the start page and the timeline read. */
function outsideBinQuery(db: Db, citizenId: string, now: Date, organisationIds?: readonly string[] | null) {
  return db.selectFrom('messages').where('citizen_id', '=', citizenId).where('folder', '!=', 'bin').where('visible_from', '<=', now).where(inOrganisations(organisationIds));
}

function folderQuery(db: Db, filter: FolderFilter) {
  let query = db.selectFrom('messages').where('citizen_id', '=', filter.citizenId).where('visible_from', '<=', filter.now).where(inOrganisations(filter.organisationIds));
  if (filter.folder !== 'all') query = query.where('folder', '=', filter.folder);
  if (filter.unreadOnly) query = query.where('read_at', 'is', null);
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  if (filter.withDueDate) query = query.where('due_at', 'is not', null);
  const match = filter.match;
  if (match) {
    query = query.where((eb) =>
      eb.or([
        ...(match.organisationIds.length > 0 ? [eb('organisation_id', 'in', match.organisationIds)] : []),
        ...(match.messageIds.length > 0 ? [eb('message_id', 'in', match.messageIds)] : []),
        // Nothing matched: an always-false condition keeps the query valid.
        eb.val(false),
      ]),
    );
  }
  return query;
}

/**
 * The inbox's SQL. Every query for a citizen is bounded by citizen_id, so no query can reach another
 * citizen's rows; every query for an organisation is bounded by its organisation_id.
 */
export const inboxStore = {
  /** One page of a folder, newest visible first. */
  async listPage(db: Db, filter: FolderFilter, page: { limit: number; offset: number }) {
    return folderQuery(db, filter)
      .select(listColumns)
      .orderBy('visible_from', 'desc')
      .orderBy('message_id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
  },

  /**
   * One page with the folder's total in the same round trip (`count(*) over ()` is computed before
   * the limit). An empty page (past the end, or an empty folder) carries no total: count apart then.
   */
  async listPageWithTotal(db: Db, filter: FolderFilter, page: { limit: number; offset: number }) {
    return folderQuery(db, filter)
      .select(listColumns)
      .select(sql<number>`count(*) over ()`.as('total'))
      .orderBy('visible_from', 'desc')
      .orderBy('message_id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
  },

  /**
   * `listPageWithTotal` and the header's unread count (`countUnread`) in one statement: the count
   * is a one-row derived table the page is joined to, so an empty page still carries it.
   */
  async listPageWithTotalAndUnread(db: Db, filter: FolderFilter, page: { limit: number; offset: number }) {
    const unread = outsideBinQuery(db, filter.citizenId, filter.now, filter.organisationIds)
      .where('read_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('unread'));
    const pageRows = folderQuery(db, filter)
      .select(listColumns)
      .select(sql<number>`count(*) over ()`.as('total'))
      .orderBy('visible_from', 'desc')
      .orderBy('message_id', 'desc')
      .limit(page.limit)
      .offset(page.offset);
    const joined = await db
      .selectFrom(unread.as('counts'))
      .leftJoin(pageRows.as('page'), (join) => join.onTrue())
      .select(['counts.unread', ...listColumns.map((column) => `page.${column}` as const), 'page.total'])
      .orderBy('page.visible_from', 'desc')
      .orderBy('page.message_id', 'desc')
      .execute();
    type PageRow = Awaited<ReturnType<typeof inboxStore.listPageWithTotal>>[number];
    // The page's own columns: a left join with no page rows gives one row of nulls besides the count.
    const rows = joined.filter((row) => row.message_id !== null) as unknown as PageRow[];
    return { rows, unread: Number(joined[0]?.unread ?? 0) };
  },

  async countInFolder(db: Db, filter: FolderFilter): Promise<number> {
    const row = await folderQuery(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /** The newest `cap` messages of a folder with their encrypted subjects, for searching. */
  async subjectsForSearch(db: Db, filter: FolderFilter, cap: number) {
    return folderQuery(db, filter)
      .select(['message_id', 'subject_encrypted', 'required_assurance'])
      .orderBy('visible_from', 'desc')
      .orderBy('message_id', 'desc')
      .limit(cap)
      .execute();
  },

  /** The newest visible messages outside the bin, in any folder (the timeline). */
  async listRecent(db: Db, citizenId: string, now: Date, limit: number, organisationIds?: readonly string[] | null) {
    return outsideBinQuery(db, citizenId, now, organisationIds)
      .select(listColumns)
      .orderBy('visible_from', 'desc')
      .orderBy('message_id', 'desc')
      .limit(limit)
      .execute();
  },

  /** Unread, visible messages outside the bin that ask for a response, the earliest respond-by date first. */
  async listUnreadWithDueDate(db: Db, citizenId: string, now: Date, limit: number, organisationIds?: readonly string[] | null) {
    return outsideBinQuery(db, citizenId, now, organisationIds)
      .select(listColumns)
      .where('read_at', 'is', null)
      .where('due_at', 'is not', null)
      .orderBy('due_at', 'asc')
      .orderBy('message_id', 'asc')
      .limit(limit)
      .execute();
  },

  /** Unread, visible messages outside the bin. */
  async countUnread(db: Db, citizenId: string, now: Date, organisationIds?: readonly string[] | null): Promise<number> {
    const row = await outsideBinQuery(db, citizenId, now, organisationIds)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /** One visible message of this citizen, or undefined. */
  async findMessage(db: Db, input: { citizenId: string; messageId: string; now: Date; organisationIds?: readonly string[] | null }) {
    return db
      .selectFrom('messages')
      .select([...listColumns, 'body_encrypted', 'notification_id', 'delivered_at'])
      .where('citizen_id', '=', input.citizenId)
      .where('message_id', '=', input.messageId)
      .where('visible_from', '<=', input.now)
      .where(inOrganisations(input.organisationIds))
      .executeTakeFirst();
  },

  async listAttachments(db: Db, citizenId: string, messageId: string) {
    return db
      .selectFrom('message_attachments')
      .select(['position', 'filename_encrypted', 'content_type', 'size'])
      .where('citizen_id', '=', citizenId)
      .where('message_id', '=', messageId)
      .orderBy('position')
      .execute();
  },

  async findAttachment(db: Db, input: { citizenId: string; messageId: string; position: number }) {
    return db
      .selectFrom('message_attachments')
      .select(['position', 'filename_encrypted', 'content_type', 'size', 'content_encrypted'])
      .where('citizen_id', '=', input.citizenId)
      .where('message_id', '=', input.messageId)
      .where('position', '=', input.position)
      .executeTakeFirst();
  },

  /** Sets read_at once: a message read earlier keeps its first reading time. */
  async markRead(db: Db, input: { citizenId: string; messageId: string; at: Date }): Promise<void> {
    await db
      .updateTable('messages')
      .set({ read_at: input.at })
      .where('citizen_id', '=', input.citizenId)
      .where('message_id', '=', input.messageId)
      .where('read_at', 'is', null)
      .execute();
  },

  /** Returns whether a visible message of this citizen was changed. */
  async markUnread(db: Db, input: { citizenId: string; messageId: string; now: Date }): Promise<boolean> {
    const result = await db
      .updateTable('messages')
      .set({ read_at: null })
      .where('citizen_id', '=', input.citizenId)
      .where('message_id', '=', input.messageId)
      .where('visible_from', '<=', input.now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Returns whether a visible message of this citizen was found (and moved). */
  async moveTo(db: Db, input: { citizenId: string; messageId: string; folder: Folder; now: Date }): Promise<boolean> {
    const result = await db
      .updateTable('messages')
      .set({ folder: input.folder })
      .where('citizen_id', '=', input.citizenId)
      .where('message_id', '=', input.messageId)
      .where('visible_from', '<=', input.now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

    /** Per citizen, messages not yet in any notification: visible at `now` and not in the bin, with the sender's name. */
  async unnotifiedMessages(db: Db, citizenIds: string[], now: Date) {
    return db
      .selectFrom('messages')
      .innerJoin('organisations', 'organisations.organisation_id', 'messages.organisation_id')
      .select(['messages.citizen_id', 'messages.message_id', 'organisations.name'])
      .where('messages.citizen_id', 'in', citizenIds)
      .where('messages.notification_id', 'is', null)
      .where('messages.visible_from', '<=', now)
      .where('messages.folder', '!=', 'bin')
      .execute();
  },

  /** Sets the notification of each (citizen, message) pair, in one statement. */
  async setNotificationIds(db: Db, entries: { citizenId: string; messageId: string; notificationId: string }[]): Promise<void> {
    await sql`
      update messages set notification_id = x.notification_id
      from (select unnest(${entries.map((e) => e.citizenId)}::uuid[]) as citizen_id, unnest(${entries.map((e) => e.messageId)}::uuid[]) as message_id,
                   unnest(${entries.map((e) => e.notificationId)}::uuid[]) as notification_id) x
      where messages.citizen_id = x.citizen_id and messages.message_id = x.message_id`.execute(db);
  },

  /** Per citizen, the earliest time an unnotified message that is still hidden at `now` becomes visible. */
  async nextUnnotifiedVisibleFrom(db: Db, citizenIds: string[], now: Date) {
    return db
      .selectFrom('messages')
      .select((eb) => ['citizen_id', eb.fn.min('visible_from').as('next')])
      .where('citizen_id', 'in', citizenIds)
      .where('notification_id', 'is', null)
      .where('visible_from', '>', now)
      .groupBy('citizen_id')
      .execute();
  },

  /** Delivery status of a message this organisation delivered, with its receipt; undefined for anyone else's. */
  async findDelivered(db: Db, organisationId: string, messageId: string) {
    return db
      .selectFrom('messages')
      .innerJoin('receipt_batches', 'receipt_batches.batch_id', 'messages.receipt_batch_id')
      .select(['message_id', 'reference', 'delivered_at', 'receipt_batches.jws', 'receipt_index', 'receipt_proof', 'read_at'])
      .where('message_id', '=', messageId)
      .where('messages.organisation_id', '=', organisationId)
      .executeTakeFirst();
  },
};
