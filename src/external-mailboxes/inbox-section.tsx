import { formatDate, type Language, type Translate } from '../platform/i18n.ts';
import { CONSENT_PATH } from './consent-page.tsx';
import type { ExternalInbox } from './external-mailboxes.ts';

/** The citizen's address of one external message. */
export function externalMessageHref(storeId: string, messageId: string): string {
  return `/berichten/extern/${storeId}/${messageId}`;
}

/**
 * The block under the Inbox's own list: messages of the stores the citizen consented to, each
 * marked with its source; a store that cannot answer gets a note and the rest still shows.
 */
export function ExternalInboxSection(props: { t: Translate; language: Language; inbox: ExternalInbox; anyStores: boolean }) {
  const { t, language, inbox } = props;
  if (!props.anyStores) return null;
  return (
    <section class="bp-stack" aria-labelledby="external-inbox-title" data-testid="external-inbox">
      <h2 class="utrecht-heading-2" id="external-inbox-title">
        {t('externalInbox.title')}
      </h2>
      {inbox.unavailable.map((store) => (
        <p class="bp-notice bp-notice--due utrecht-paragraph" role="status" data-testid="external-unavailable" data-store={store.id}>
          {t('externalInbox.unavailable', { organisation: store.name })}
        </p>
      ))}
      {!inbox.anyConsent ? (
        <p class="utrecht-paragraph">{t('externalInbox.offer')}</p>
      ) : inbox.items.length === 0 ? (
        inbox.unavailable.length === 0 ? <p class="utrecht-paragraph" data-testid="external-empty">{t('externalInbox.empty')}</p> : null
      ) : (
        <table class="utrecht-table bp-table bp-table--stack" data-testid="external-list">
          <caption class="utrecht-table__caption">{t('externalInbox.caption')}</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th scope="col" class="utrecht-table__header-cell">{t('externalInbox.column.subject')}</th>
              <th scope="col" class="utrecht-table__header-cell">{t('externalInbox.column.source')}</th>
              <th scope="col" class="utrecht-table__header-cell">{t('externalInbox.column.date')}</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {inbox.items.map((item) => (
              <tr class={`utrecht-table__row${item.unread ? ' bp-row--unread' : ''}`} data-testid="external-row" data-store={item.storeId} data-unread={item.unread ? 'true' : 'false'}>
                <td class="utrecht-table__cell">
                  {item.unread ? (
                    <>
                      <span class="bp-badge" data-testid="external-unread">
                        {t('externalInbox.unread')}
                      </span>{' '}
                    </>
                  ) : null}
                  <a class="utrecht-link" href={externalMessageHref(item.storeId, item.messageId)} data-testid="external-link">
                    {item.unread ? <strong>{item.subject}</strong> : item.subject}
                  </a>
                </td>
                <td class="utrecht-table__cell" data-label={t('externalInbox.column.source')} data-testid="external-source">
                  {t('externalInbox.source', { organisation: item.storeName })}
                </td>
                <td class="utrecht-table__cell" data-label={t('externalInbox.column.date')}>
                  {formatDate(item.publishedAt, language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={CONSENT_PATH} data-testid="external-manage">
          {t('externalInbox.manage')}
        </a>
      </p>
    </section>
  );
}
