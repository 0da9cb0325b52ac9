import { formatDate, pluralKey, type Language, type Translate } from '../platform/i18n.ts';
import { ALL_FOLDERS_SLUG, FOLDER_SLUGS, folderUrl, isFiltered } from './inbox-params.ts';
import type { FolderPage, ListFilters, ListItem } from './inbox-service.ts';
import type { Folder } from './inbox-store.ts';
import { SEARCH_CAP } from './inbox-service.ts';

const FOLDERS: Folder[] = ['inbox', 'archive', 'bin'];
export const NOTICES = { ongelezen: 'inbox.notice.unread', gearchiveerd: 'inbox.notice.archived', verwijderd: 'inbox.notice.deleted', teruggezet: 'inbox.notice.restored' } as const;
export type NoticeSlug = keyof typeof NOTICES;

export interface InboxListProps {
  t: Translate;
  language: Language;
  folder: Folder | 'all';
  result: FolderPage;
  query: string;
  filters: ListFilters;
  senders: { id: string; name: string }[];
  notice: NoticeSlug | null;
}

function scopeName(t: Translate, folder: Folder | 'all'): string {
  return folder === 'all' ? t('inbox.folder.all') : t(`inbox.folder.${folder}`);
}

/**
 * The page title and heading: where the citizen is. "Berichten: Archief", with the page number
 * past page 1, or for a search "Zoeken in alle mappen: "aanslag"".
 */
export function listTitle(props: { t: Translate; folder: Folder | 'all'; query: string; filters: ListFilters; page: number }): string {
  const { t, folder, query } = props;
  const searching = query !== '' || isFiltered(props.filters) || folder === 'all';
  const base = searching
    ? query
      ? t('inbox.title.searchFor', { scope: scopeName(t, folder), query })
      : t('inbox.title.search', { scope: scopeName(t, folder) })
    : `${t('inbox.title')}: ${scopeName(t, folder)}`;
  return props.page > 1 ? t('inbox.title.page', { title: base, page: props.page }) : base;
}

/** The folder list (R4, R7): newest first, unread marked in text, hidden subjects for a too-low level; search across folders with filters. */
export function InboxListPage(props: InboxListProps) {
  const { t, language, folder, result, query } = props;
  const searching = query !== '' || isFiltered(props.filters) || folder === 'all';
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{listTitle({ t, folder, query, filters: props.filters, page: result.page })}</h1>
      {props.notice ? (
        <p class="bp-notice bp-notice--ok utrecht-paragraph" role="status" data-testid="notice">
          {t(NOTICES[props.notice])}
        </p>
      ) : null}
      <nav aria-label={t('inbox.folders')}>
        <ul class="bp-folders">
          {FOLDERS.map((candidate) => (
            <li>
              <a class="utrecht-link" href={folderUrl(candidate)} aria-current={candidate === folder && !searching ? 'page' : undefined} data-testid={`folder-${FOLDER_SLUGS[candidate]}`}>
                {t(`inbox.folder.${candidate}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/instellingen/berichtvoorkeuren">
          {t('inbox.preferencesLink')}
        </a>
      </p>
      <SearchForm {...props} />
      {searching ? (
        <p class="utrecht-paragraph" role="status" data-testid="search-result">
          {query
            ? t(pluralKey(language, 'inbox.search.results', result.total), { count: result.total, query })
            : t(pluralKey(language, 'inbox.search.filtered', result.total), { count: result.total })}{' '}
          {result.searchCapped ? t('inbox.search.capped', { cap: SEARCH_CAP }) : null}{' '}
          <a class="utrecht-link" href={folderUrl(folder === 'all' ? 'inbox' : folder)}>
            {t('inbox.search.clear')}
          </a>
        </p>
      ) : null}
      {result.items.length === 0 ? (
        <p class="utrecht-paragraph" data-testid="empty">
          {searching ? t('inbox.empty.search') : t('inbox.empty')}
        </p>
      ) : (
        <MessageTable {...props} caption={t('inbox.caption', { folder: scopeName(t, folder), page: result.page, pages: result.pageCount })} />
      )}
      <Pagination {...props} />
    </div>
  );
}

function SearchForm(props: InboxListProps) {
  const { t, query, filters } = props;
  // A new search looks in all folders; a search already made keeps its folder.
  const searching = query !== '' || isFiltered(filters) || props.folder === 'all';
  const folder = searching ? props.folder : 'all';
  return (
    <form method="get" action="/berichten" role="search" class="bp-search" aria-label={t('inbox.search.form')}>
      <div class="bp-field">
        <label for="zoek">{t('inbox.search.label')}</label>
        <input id="zoek" name="zoek" type="search" value={query} maxlength={100} />
      </div>
      <div class="bp-field">
        <label for="map">{t('inbox.search.folder')}</label>
        <select id="map" name="map">
          <option value={ALL_FOLDERS_SLUG} selected={folder === 'all'}>
            {t('inbox.folder.all')}
          </option>
          {FOLDERS.map((candidate) => (
            <option value={FOLDER_SLUGS[candidate]} selected={candidate === folder}>
              {t(`inbox.folder.${candidate}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="bp-field">
        <label for="afzender">{t('inbox.search.sender')}</label>
        <select id="afzender" name="afzender">
          <option value="">{t('inbox.search.sender.all')}</option>
          {props.senders.map((sender) => (
            <option value={sender.id} selected={sender.id === filters.organisationId}>
              {sender.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('inbox.search.only')}</legend>
        <label class="bp-check">
          <input type="checkbox" name="ongelezen" value="ja" checked={filters.unreadOnly} />
          {t('inbox.search.unread')}
        </label>
        <label class="bp-check">
          <input type="checkbox" name="termijn" value="ja" checked={filters.withDueDate} />
          {t('inbox.search.due')}
        </label>
      </fieldset>
      <button type="submit" class="utrecht-button utrecht-button--secondary-action">
        {t('inbox.search.button')}
      </button>
    </form>
  );
}

function MessageTable(props: InboxListProps & { caption: string }) {
  const { t, language } = props;
  return (
    <table class="utrecht-table bp-table bp-table--stack" data-testid="message-list">
      <caption class="utrecht-table__caption">{props.caption}</caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          <th scope="col" class="utrecht-table__header-cell">{t('inbox.column.subject')}</th>
          <th scope="col" class="utrecht-table__header-cell">{t('inbox.column.sender')}</th>
          <th scope="col" class="utrecht-table__header-cell">{t('inbox.column.date')}</th>
          <th scope="col" class="utrecht-table__header-cell">{t('inbox.column.due')}</th>
          {props.folder === 'all' ? <th scope="col" class="utrecht-table__header-cell">{t('message.folder')}</th> : null}
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {props.result.items.map((item) => (
          <MessageRow item={item} t={t} language={language} showFolder={props.folder === 'all'} />
        ))}
      </tbody>
    </table>
  );
}

function MessageRow(props: { item: ListItem; t: Translate; language: Language; showFolder: boolean }) {
  const { item, t, language } = props;
  const title = item.subject ?? t('inbox.hidden', { sender: item.sender, level: t(`level.${item.requiredAssurance}`) });
  return (
    <tr class={`utrecht-table__row${item.unread ? ' bp-row--unread' : ''}`} data-testid="message-row" data-unread={item.unread ? 'true' : 'false'}>
      <td class="utrecht-table__cell">
        {item.unread ? (
          <span class="bp-badge" data-testid="unread-badge">
            {t('inbox.unread')}
          </span>
        ) : null}
        {item.unread ? ' ' : null}
        <a class="utrecht-link" href={`/berichten/${item.id}`} data-testid="message-link">
          {item.unread ? <strong>{title}</strong> : title}
        </a>
        {item.legalConsequence ? (
          <>
            {' '}
            <span class="bp-badge bp-badge--legal">{t('message.legal')}</span>
          </>
        ) : null}
      </td>
      <td class="utrecht-table__cell" data-testid="message-sender" data-label={t('inbox.column.sender')}>{item.sender}</td>
      <td class="utrecht-table__cell" data-label={t('inbox.column.date')}>{formatDate(item.receivedAt, language)}</td>
      <td class="utrecht-table__cell" data-testid="message-due" data-label={t('inbox.column.due')}>
        {item.dueAt ? <strong>{formatDate(item.dueAt, language)}</strong> : '—'}
      </td>
      {props.showFolder ? (
        <td class="utrecht-table__cell" data-testid="message-folder" data-label={t('message.folder')}>
          {t(`inbox.folder.${item.folder}`)}
        </td>
      ) : null}
    </tr>
  );
}

function Pagination(props: InboxListProps) {
  const { t, folder, query, result, filters } = props;
  if (result.pageCount <= 1) return null;
  return (
    <nav aria-label={t('inbox.pagination')} class="bp-pagination" data-testid="pagination">
      {result.page > 1 ? (
        <a class="utrecht-link" rel="prev" href={folderUrl(folder, { query, filters, page: result.page - 1 })}>
          {t('inbox.pagination.previous')}
        </a>
      ) : null}
      <span aria-current="page">{t('inbox.pagination.status', { page: result.page, pages: result.pageCount })}</span>
      {result.page < result.pageCount ? (
        <a class="utrecht-link" rel="next" href={folderUrl(folder, { query, filters, page: result.page + 1 })}>
          {t('inbox.pagination.next')}
        </a>
      ) : null}
    </nav>
  );
}
