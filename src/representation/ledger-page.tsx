import { formatDateTime, type Language, type Translate } from '../platform/i18n.ts';
import { REP_PATH } from './mandates-page.tsx';

export interface LedgerRow {
  at: Date;
  /** The other side: the representative (subject's view) or the represented citizen (actor's view). */
  otherName: string;
  name: string;
  service: string | null;
  ok: boolean;
  mandateId: string;
  /** The mandate can still be ended from here. */
  revocable: boolean;
}

function what(row: LedgerRow, t: Translate): string {
  if (row.name === 'mandate-no-longer-valid') return t('rep.ledger.ended');
  if (!row.service || row.service === 'anyone' || row.service === 'self') return row.ok ? t('rep.ledger.overview') : t('rep.ledger.other');
  const service = t(`rep.service.${row.service}`);
  if (!row.ok && row.name !== 'represented-view' && row.name !== 'represented-change') return `${t('rep.ledger.other')}: ${service}`;
  return row.name === 'represented-change' ? t('rep.ledger.changed', { service }) : t('rep.ledger.viewed', { service });
}

/** "Wie deed iets namens mij" and "Wat ik deed namens anderen": the one ledger, two views (R17). */
export function LedgerPage(props: { t: Translate; language: Language; csrfToken: string; side: 'subject' | 'actor'; rows: LedgerRow[] }) {
  const { t, language } = props;
  const title = props.side === 'subject' ? t('rep.ledger.subject') : t('rep.ledger.actor');
  const revoked = new Set<string>();
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph">{props.side === 'subject' ? t('rep.ledger.subject.intro') : t('rep.ledger.actor.intro')}</p>
      {props.rows.length === 0 ? (
        <p class="utrecht-paragraph">{t('rep.ledger.none')}</p>
      ) : (
        <table class="bp-table bp-table--stack" data-testid="ledger">
          <thead>
            <tr>
              <th scope="col">{t('rep.ledger.when')}</th>
              <th scope="col">{props.side === 'subject' ? t('rep.ledger.who') : t('rep.ledger.forWhom')}</th>
              <th scope="col">{t('rep.ledger.what')}</th>
              <th scope="col">{t('rep.ledger.result')}</th>
              <th scope="col">{t('rep.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => {
              // One revoke button per mandate, beside its newest entry.
              const showRevoke = row.revocable && !revoked.has(row.mandateId);
              revoked.add(row.mandateId);
              return (
                <tr data-testid="ledger-row" data-ok={String(row.ok)} data-mandate={row.mandateId}>
                  <td data-label={t('rep.ledger.when')}>{formatDateTime(row.at, language)}</td>
                  <td data-label={props.side === 'subject' ? t('rep.ledger.who') : t('rep.ledger.forWhom')}>{row.otherName}</td>
                  <td data-label={t('rep.ledger.what')}>{what(row, t)}</td>
                  <td data-label={t('rep.ledger.result')}>{row.ok ? t('rep.ledger.ok') : t('rep.ledger.refused')}</td>
                  <td data-label={t('rep.col.action')}>
                    {showRevoke ? (
                      <form method="post" action={`${REP_PATH}/${row.mandateId}/beeindigen`}>
                        <input type="hidden" name="_csrf" value={props.csrfToken} />
                        <button type="submit" class="utrecht-button utrecht-button--secondary-action" data-testid="ledger-revoke">
                          {props.side === 'subject' ? t('rep.revoke') : t('rep.end')}
                          <span class="rhc-visually-hidden"> {row.otherName}</span>
                        </button>
                      </form>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={REP_PATH}>
          {t('rep.back')}
        </a>
      </p>
    </div>
  );
}
