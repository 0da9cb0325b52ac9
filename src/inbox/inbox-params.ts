import type { ListFilters } from './inbox-service.ts';
import type { Folder } from './inbox-store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The folder names in URLs (Dutch, as citizens see them). */
export const FOLDER_SLUGS: Record<Folder, string> = { inbox: 'inbox', archive: 'archief', bin: 'prullenbak' };

/** An id (message or organisation) from a URL or form, lower-cased, or null for anything that is not a UUID. */
export function parseUuid(value: unknown): string | null {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null;
}

export const parseMessageId = parseUuid;

/** An attachment position from a URL (0–999), or null. */
export function parsePosition(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : null;
}

/** The folder a `map` query names; the Inbox for anything else. */
export function parseFolder(value: unknown): Folder {
  const found = (Object.entries(FOLDER_SLUGS) as [Folder, string][]).find(([, slug]) => slug === value);
  return found ? found[0] : 'inbox';
}

/** A page number from a query; 1 for anything that is not a positive integer. */
export function parsePage(value: unknown): number {
  return typeof value === 'string' && /^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : 1;
}

/** Searching all folders at once: `map=alle`. */
export const ALL_FOLDERS_SLUG = 'alle';

/** The folder (or all folders) a `map` query names; the Inbox for anything else. */
export function parseScope(value: unknown): Folder | 'all' {
  return value === ALL_FOLDERS_SLUG ? 'all' : parseFolder(value);
}

/** The list filters from a query: `ongelezen=ja`, `termijn=ja`, `afzender=<organisation id>`. */
export function parseFilters(query: { ongelezen?: unknown; termijn?: unknown; afzender?: unknown }): ListFilters {
  return { unreadOnly: query.ongelezen === 'ja', withDueDate: query.termijn === 'ja', organisationId: parseUuid(query.afzender) };
}

/** Whether any filter narrows the list. */
export function isFiltered(filters: ListFilters): boolean {
  return filters.unreadOnly || filters.withDueDate || filters.organisationId !== null;
}

/** The list URL of a folder (or all folders), with optional page, search, filters and notice. */
export function folderUrl(folder: Folder | 'all', options: { page?: number; query?: string; notice?: string; filters?: ListFilters } = {}): string {
  const params = new URLSearchParams();
  if (folder !== 'inbox') params.set('map', folder === 'all' ? ALL_FOLDERS_SLUG : FOLDER_SLUGS[folder]);
  if (options.query) params.set('zoek', options.query);
  if (options.filters?.unreadOnly) params.set('ongelezen', 'ja');
  if (options.filters?.withDueDate) params.set('termijn', 'ja');
  if (options.filters?.organisationId) params.set('afzender', options.filters.organisationId);
  if (options.page && options.page > 1) params.set('pagina', String(options.page));
  if (options.notice) params.set('melding', options.notice);
  const search = params.toString();
  return search ? `/berichten?${search}` : '/berichten';
}
