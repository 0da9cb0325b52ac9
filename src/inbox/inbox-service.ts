import type { AssuranceLevel } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { organisationsInScope, type CitizenContext } from '../platform/module.ts';
import { asAssuranceLevel, mayRead } from './assurance-check.ts';
import { inboxStore, type Folder, type FolderFilter } from './inbox-store.ts';
import { messageContext } from './message-crypto.ts';

export const PAGE_SIZE = 20;
/** Subjects are encrypted, so a search decrypts at most this many of the newest in a folder. */
export const SEARCH_CAP = 1000;
export const MAX_QUERY_LENGTH = 100;

export interface InboxServiceDeps {
  db: Db;
  keyring: Keyring;
  organisations: OrganisationRegistry;
  now: () => Date;
}

/** One row of a folder; `subject` is null when the session's assurance level is too low. */
export interface ListItem {
  id: string;
  sender: string;
  subject: string | null;
  requiredAssurance: AssuranceLevel;
  receivedAt: Date;
  dueAt: Date | null;
  legalConsequence: boolean;
  unread: boolean;
  folder: Folder;
}

/** Narrowing a list: only unread, only from one sender, only with a respond-by date. */
export interface ListFilters {
  unreadOnly: boolean;
  organisationId: string | null;
  withDueDate: boolean;
}

export const NO_FILTERS: ListFilters = { unreadOnly: false, organisationId: null, withDueDate: false };

export interface FolderPage {
  items: ListItem[];
  page: number;
  pageCount: number;
  total: number;
  /** True when the folder holds more messages than a subject search covers. */
  searchCapped: boolean;
  /** The header's unread count, read in the same statement as the page. */
  unread: number;
}

/**
 * Reading a citizen's own folders: paged lists, search over decrypted subjects and sender names,
 * and the unread count. Every result belongs to the given citizen and is visible now.
 */
export function createInboxLists(deps: InboxServiceDeps) {
  const { db, keyring } = deps;
  /**
   * Unread counts a page already read on this request, keyed by the request's citizen context (a
   * new object per request), so the header does not count again. Nothing outlives the request.
   */
  const unreadOnRequest = new WeakMap<CitizenContext, number>();

  const subjectOf = (citizenId: string, messageId: string, encrypted: Uint8Array) =>
    keyring.decryptText(encrypted, `${messageContext(citizenId, messageId)}:subject`);

  async function senderNames(): Promise<Map<string, string>> {
    return new Map((await deps.organisations.list()).map((organisation) => [organisation.organisationId, organisation.name]));
  }

  /** Narrows a folder to messages whose readable subject or sender contains the query. */
  async function searchFilter(base: FolderFilter, query: string, level: AssuranceLevel, names: Map<string, string>) {
    const needle = query.toLocaleLowerCase('nl');
    const candidates = await inboxStore.subjectsForSearch(db, base, SEARCH_CAP + 1);
    const searchable = candidates.slice(0, SEARCH_CAP);
    // A subject the session may not read is not searched either: a hit would reveal it.
    const messageIds = searchable
      .filter((row) => mayRead(level, row.required_assurance) && subjectOf(base.citizenId, row.message_id, row.subject_encrypted).toLocaleLowerCase('nl').includes(needle))
      .map((row) => row.message_id);
    const organisationIds = [...names].filter(([, name]) => name.toLocaleLowerCase('nl').includes(needle)).map(([id]) => id);
    return { filter: { ...base, match: { organisationIds, messageIds } }, capped: candidates.length > SEARCH_CAP };
  }

  function toItem(row: Awaited<ReturnType<typeof inboxStore.listPage>>[number], citizenId: string, level: AssuranceLevel, names: Map<string, string>): ListItem {
    const readable = mayRead(level, row.required_assurance);
    return {
      id: row.message_id,
      sender: names.get(row.organisation_id) ?? '—',
      subject: readable ? subjectOf(citizenId, row.message_id, row.subject_encrypted) : null,
      requiredAssurance: asAssuranceLevel(row.required_assurance),
      receivedAt: new Date(row.visible_from),
      dueAt: row.due_at ? new Date(row.due_at) : null,
      legalConsequence: row.legal_consequence,
      unread: row.read_at === null,
      folder: row.folder,
    };
  }

  return {
    /** Unread messages that ask for a response (outside the bin), the earliest respond-by date first. */
    async awaitingResponse(input: { citizenId: string; level: AssuranceLevel; limit: number; organisationIds?: readonly string[] | null }): Promise<ListItem[]> {
      const [rows, names] = await Promise.all([inboxStore.listUnreadWithDueDate(db, input.citizenId, deps.now(), input.limit, input.organisationIds), senderNames()]);
      return rows.map((row) => toItem(row, input.citizenId, input.level, names));
    },

    /** The organisations a citizen can filter on, by name. */
    async senders(): Promise<{ id: string; name: string }[]> {
      return [...(await senderNames())].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    },

    /** The newest messages outside the bin, any folder, newest first (the timeline). */
    async recent(input: { citizenId: string; level: AssuranceLevel; limit: number; organisationIds?: readonly string[] | null }): Promise<ListItem[]> {
      const [rows, names] = await Promise.all([inboxStore.listRecent(db, input.citizenId, deps.now(), input.limit, input.organisationIds), senderNames()]);
      return rows.map((row) => toItem(row, input.citizenId, input.level, names));
    },

    /** The header's count (R4): unread, visible, not in the bin. */
    async unreadCount(citizenId: string, organisationIds?: readonly string[] | null): Promise<number> {
      return inboxStore.countUnread(db, citizenId, deps.now(), organisationIds);
    },

    /** The header's count for this request's subject: the one a page of this request read, else a query. */
    async unreadCountFor(context: CitizenContext): Promise<number> {
      return unreadOnRequest.get(context) ?? inboxStore.countUnread(db, context.subject.citizenId, deps.now(), organisationsInScope(context));
    },

    /** Keeps a page's unread count of this request's subject for the header (`unreadCountFor`). */
    rememberUnread(context: CitizenContext, page: FolderPage): void {
      unreadOnRequest.set(context, page.unread);
    },

    /** One page of a folder, newest first; pages past the end show the last page. */
    async listFolder(input: { citizenId: string; folder: Folder | 'all'; page: number; query: string; level: AssuranceLevel; filters?: ListFilters; organisationIds?: readonly string[] | null }): Promise<FolderPage> {
      const base: FolderFilter = { citizenId: input.citizenId, folder: input.folder, now: deps.now(), ...(input.filters ?? NO_FILTERS), organisationIds: input.organisationIds };
      const names = await senderNames();
      const query = input.query.trim().slice(0, MAX_QUERY_LENGTH);
      const { filter, capped } = query ? await searchFilter(base, query, input.level, names) : { filter: base, capped: false };
      // The page, its total and the unread count in one query; only a page past the end needs the count and a second look.
      const requested = Math.max(1, input.page);
      const first = await inboxStore.listPageWithTotalAndUnread(db, filter, { limit: PAGE_SIZE, offset: (requested - 1) * PAGE_SIZE });
      let rows = first.rows;
      const total = rows.length > 0 ? Number(rows[0]?.total ?? 0) : requested > 1 ? await inboxStore.countInFolder(db, filter) : 0;
      const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const page = Math.min(requested, pageCount);
      if (page !== requested) rows = await inboxStore.listPageWithTotal(db, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const items = rows.map((row) => toItem(row, input.citizenId, input.level, names));
      return { items, page, pageCount, total, searchCapped: capped, unread: first.unread };
    },
  };
}

export type InboxLists = ReturnType<typeof createInboxLists>;
