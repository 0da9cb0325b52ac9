import { formatDate, type Language, type Translate } from '../platform/i18n.ts';
import { FOLDER_SLUGS, folderUrl } from './inbox-params.ts';
import type { FolderPage, ListItem } from './inbox-service.ts';
import type { Folder } from './inbox-store.ts';
import { SEARCH_CAP } from './inbox-service.ts';

const FOLDERS: Folder[] = ['inbox', 'archive', 'bin'];
export const NOTICES = { ongelezen: 'inbox.notice.unread', gearchiveerd: 'inbox.notice.archived', verwijderd: 'inbox.notice.deleted', teruggezet: 'inbox.notice.restored' } as const;
export type NoticeSlug = keyof typeof NOTICES;

export interface InboxListProps {
  t: Translate;
  language: Language;
  folder: Folder;
  result: FolderPage;
  query: string;
  notice: NoticeSlug | null;
}

/** The folder list (R4, R7): newest first, unread marked in text, hidden subjects for a too-low level. */
export function InboxListPage(props: InboxListProps) {
  const { t, folder, result, query } = props;
  const folderName = t(`inbox.folder.${folder}`);
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{`${t('inbox.title')}: ${folderName}`}</h1>
      {props.notice ? (
        <p class="bp-notice bp-notice--ok utrecht-paragraph" role="status" data-testid="notice">
          {t(NOTICES[props.notice])}
        </p>
      ) : null}
      <nav aria-label={t('inbox.folders')}>
        <ul class="bp-folders">
          {FOLDERS.map((candidate) => (
            <li>
              <a class="utrecht-link" href={folderUrl(candidate)} aria-current={candidate === folder ? 'page' : undefined} data-testid={`folder-${FOLDER_SLUGS[candidate]}`}>
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
      <form method="get" action="/berichten" role="search" class="bp-search">
        {folder === 'inbox' ? null : <input type="hidden" name="map" value={FOLDER_SLUGS[folder]} />}
        <div class="bp-field">
          <label for="zoek">{t('inbox.search.label')}</label>
          <input id="zoek" name="zoek" type="search" value={query} maxlength={100} />
        </div>
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">
          {t('inbox.search.button')}
        </button>
      </form>
      {query ? (
        <p class="utrecht-paragraph" role="status" data-testid="search-result">
          {t('inbox.search.results', { count: result.total, query })}{' '}
          {result.searchCapped ? t('inbox.search.capped', { cap: SEARCH_CAP }) : null}{' '}
          <a class="utrecht-link" href={folderUrl(folder)}>
            {t('inbox.search.clear')}
          </a>
        </p>
      ) : null}
      {result.items.length === 0 ? (
        <p class="utrecht-paragraph" data-testid="empty">
          {query ? t('inbox.empty.search') : t('inbox.empty')}
        </p>
      ) : (
        <MessageTable {...props} caption={t('inbox.caption', { folder: folderName, page: result.page, pages: result.pageCount })} />
      )}
      <Pagination {...props} />
    </div>
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
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {props.result.items.map((item) => (
          <MessageRow item={item} t={t} language={language} />
        ))}
      </tbody>
    </table>
  );
}

function MessageRow(props: { item: ListItem; t: Translate; language: Language }) {
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
    </tr>
  );
}

function Pagination(props: InboxListProps) {
  const { t, folder, query, result } = props;
  if (result.pageCount <= 1) return null;
  return (
    <nav aria-label={t('inbox.pagination')} class="bp-pagination" data-testid="pagination">
      {result.page > 1 ? (
        <a class="utrecht-link" rel="prev" href={folderUrl(folder, { query, page: result.page - 1 })}>
          {t('inbox.pagination.previous')}
        </a>
      ) : null}
      <span aria-current="page">{t('inbox.pagination.status', { page: result.page, pages: result.pageCount })}</span>
      {result.page < result.pageCount ? (
        <a class="utrecht-link" rel="next" href={folderUrl(folder, { query, page: result.page + 1 })}>
          {t('inbox.pagination.next')}
        </a>
      ) : null}
    </nav>
  );
}
