import { formatDate, type Language, type Translate } from '../platform/i18n.ts';
import type { StoreInfo } from './external-mailboxes.ts';

export const CONSENT_PATH = '/instellingen/andere-berichtenboxen';

/** The consent page (R19): every connected store with its consent, and one button to change it. */
export function ConsentPage(props: { t: Translate; language: Language; rows: (StoreInfo & { grantedAt: Date | null })[]; csrfToken: string; notice: string | null }) {
  const { t, language } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('externalMailboxes.title')}</h1>
      {props.notice ? (
        <p class="bp-notice bp-notice--ok utrecht-paragraph" role="status" data-testid="notice">
          {props.notice}
        </p>
      ) : null}
      <p class="utrecht-paragraph">{t('externalMailboxes.intro')}</p>
      <p class="utrecht-paragraph">{t('externalMailboxes.withdrawInfo')}</p>
      {props.rows.length === 0 ? (
        <p class="utrecht-paragraph">{t('externalMailboxes.none')}</p>
      ) : (
        <table class="utrecht-table bp-table bp-table--stack" data-testid="stores">
          <caption class="utrecht-table__caption">{t('externalMailboxes.caption')}</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th scope="col" class="utrecht-table__header-cell">{t('externalMailboxes.organisation')}</th>
              <th scope="col" class="utrecht-table__header-cell">{t('externalMailboxes.status')}</th>
              <th scope="col" class="utrecht-table__header-cell">{t('externalMailboxes.change')}</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {props.rows.map((row) => (
              <tr class="utrecht-table__row" data-testid="store" data-store={row.id} data-consent={row.grantedAt ? 'true' : 'false'}>
                <th scope="row" class="utrecht-table__cell">{row.name}</th>
                <td class="utrecht-table__cell" data-label={t('externalMailboxes.status')}>
                  <strong>{row.grantedAt ? t('externalMailboxes.granted', { date: formatDate(row.grantedAt, language) }) : t('externalMailboxes.notGranted')}</strong>
                </td>
                <td class="utrecht-table__cell">
                  <form method="post" action={`${CONSENT_PATH}/${row.id}/${row.grantedAt ? 'intrekken' : 'toestemming'}`}>
                    <input type="hidden" name="_csrf" value={props.csrfToken} />
                    <button type="submit" class="utrecht-button utrecht-button--secondary-action" data-testid={row.grantedAt ? 'withdraw' : 'grant'}>
                      {row.grantedAt ? t('externalMailboxes.withdraw') : t('externalMailboxes.grant')}
                      <span class="rhc-visually-hidden"> {t('externalMailboxes.for', { organisation: row.name })}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/berichten">
          {t('externalMailboxes.backToInbox')}
        </a>
      </p>
    </div>
  );
}
