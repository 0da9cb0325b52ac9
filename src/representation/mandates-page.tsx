import { formatDate, type Language, type Translate } from '../platform/i18n.ts';
import type { MandateView } from './mandates.ts';

export const REP_PATH = '/machtigingen';

export interface MandatesPageProps {
  t: Translate;
  language: Language;
  csrfToken: string;
  given: MandateView[];
  received: MandateView[];
  notice: { kind: 'ok' | 'error'; text: string } | null;
  /** Organisation names (legal representations, a mandate's organisations), by organisation id. */
  organisationName(id: string | null): string;
}

function period(view: MandateView, t: Translate, language: Language): string {
  const from = formatDate(view.validFrom, language);
  return view.validUntil ? t('rep.period.fromUntil', { from, until: formatDate(view.validUntil, language) }) : t('rep.period.from', { from });
}

/** The services, and the organisations the mandate is limited to (R17). */
function Services(props: { view: MandateView; t: Translate; organisationName(id: string | null): string }) {
  const { view, t } = props;
  const limited = view.organisations;
  return (
    <>
      <ul class="utrecht-unordered-list">
        {view.services.map((service) => (
          <li>{t(`rep.service.${service}`)}</li>
        ))}
      </ul>
      <p class="bp-hint utrecht-paragraph" data-testid="mandate-organisations">
        {limited ? t('rep.organisations.only', { names: limited.map((id) => props.organisationName(id) || '—').join(', ') }) : t('rep.organisations.all')}
      </p>
    </>
  );
}

function PostButton(props: { action: string; csrfToken: string; label: string; hidden: string; testId: string; secondary?: boolean }) {
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <button type="submit" class={`utrecht-button utrecht-button--${props.secondary ? 'secondary' : 'primary'}-action`} data-testid={props.testId}>
        {props.label}
        <span class="rhc-visually-hidden"> {props.hidden}</span>
      </button>
    </form>
  );
}

const LIVE = new Set(['pending', 'active']);

/** Machtigingen: what the citizen gave and received, with the code, accept, act and end (R17). */
export function MandatesPage(props: MandatesPageProps) {
  const { t, language, csrfToken } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('rep.title')}</h1>
      {props.notice ? (
        <p class={`bp-notice bp-notice--${props.notice.kind} utrecht-paragraph`} role={props.notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          {props.notice.text}
        </p>
      ) : null}
      <p class="utrecht-paragraph">{t('rep.intro')}</p>
      <ul class="utrecht-unordered-list">
        <li>
          <a class="utrecht-link" href={`${REP_PATH}/nieuw`} data-testid="new-mandate">
            {t('rep.new')}
          </a>
        </li>
        <li>
          <a class="utrecht-link" href={`${REP_PATH}/namens-mij`}>
            {t('rep.ledger.subject')}
          </a>
        </li>
        <li>
          <a class="utrecht-link" href={`${REP_PATH}/mijn-handelingen`}>
            {t('rep.ledger.actor')}
          </a>
        </li>
      </ul>

      <h2 class="utrecht-heading-2">{t('rep.given')}</h2>
      {props.given.length === 0 ? (
        <p class="utrecht-paragraph">{t('rep.given.none')}</p>
      ) : (
        <table class="bp-table bp-table--stack" data-testid="given">
          <thead>
            <tr>
              <th scope="col">{t('rep.col.who')}</th>
              <th scope="col">{t('rep.col.services')}</th>
              <th scope="col">{t('rep.col.period')}</th>
              <th scope="col">{t('rep.col.status')}</th>
              <th scope="col">{t('rep.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {props.given.map((view) => {
              const who = view.representativeName ?? t('rep.unnamed');
              const legal = view.organisationId !== null;
              return (
                <tr data-testid="given-row" data-status={view.status} data-kind={view.kind}>
                  <td data-label={t('rep.col.who')}>
                    {who}
                    {legal ? <p class="bp-hint utrecht-paragraph">{t(`rep.kind.${view.kind}`)}</p> : null}
                  </td>
                  <td data-label={t('rep.col.services')}>
                    <Services view={view} t={t} organisationName={props.organisationName} />
                  </td>
                  <td data-label={t('rep.col.period')}>{period(view, t, language)}</td>
                  <td data-label={t('rep.col.status')}>
                    {t(`rep.status.${view.status}`)}
                    {view.code ? (
                      <p class="utrecht-paragraph" data-testid="code">
                        <strong>{t('rep.code', { code: view.code })}</strong>
                      </p>
                    ) : null}
                  </td>
                  <td data-label={t('rep.col.action')}>
                    {legal ? (
                      <p class="bp-hint utrecht-paragraph" data-testid="legal-no-revoke">
                        {t('rep.legalNoRevoke', { organisation: props.organisationName(view.organisationId) })}
                      </p>
                    ) : LIVE.has(view.status) ? (
                      <PostButton action={`${REP_PATH}/${view.id}/beeindigen`} csrfToken={csrfToken} label={t('rep.revoke')} hidden={who} testId="revoke" secondary />
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

      <h2 class="utrecht-heading-2">{t('rep.received')}</h2>
      {props.received.length === 0 ? (
        <p class="utrecht-paragraph">{t('rep.received.none')}</p>
      ) : (
        <table class="bp-table bp-table--stack" data-testid="received">
          <thead>
            <tr>
              <th scope="col">{t('rep.col.who')}</th>
              <th scope="col">{t('rep.col.services')}</th>
              <th scope="col">{t('rep.col.period')}</th>
              <th scope="col">{t('rep.col.status')}</th>
              <th scope="col">{t('rep.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {props.received.map((view) => (
              <tr data-testid="received-row" data-status={view.status} data-kind={view.kind}>
                <td data-label={t('rep.col.who')}>
                  {view.grantorName}
                  {view.kind !== 'mandate' ? <p class="bp-hint utrecht-paragraph">{t(`rep.kind.${view.kind}`)}</p> : null}
                </td>
                <td data-label={t('rep.col.services')}>
                  <Services view={view} t={t} organisationName={props.organisationName} />
                </td>
                <td data-label={t('rep.col.period')}>{period(view, t, language)}</td>
                <td data-label={t('rep.col.status')}>{t(`rep.status.${view.status}`)}</td>
                <td data-label={t('rep.col.action')}>
                  <ReceivedActions view={view} t={t} csrfToken={csrfToken} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ReceivedActions(props: { view: MandateView; t: Translate; csrfToken: string }) {
  const { view, t, csrfToken } = props;
  const name = view.grantorName;
  if (view.status === 'pending') {
    const field = `code-${view.id}`;
    return (
      <div class="bp-stack">
        <form method="post" action={`${REP_PATH}/${view.id}/accepteren`} class="bp-stack">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <div class="bp-field">
            <label for={field}>{t('rep.accept.code', { name })}</label>
            <input id={field} name="code" type="text" inputmode="numeric" autocomplete="off" maxlength={7} class="utrecht-textbox" data-testid="accept-code" />
          </div>
          <button type="submit" class="utrecht-button utrecht-button--primary-action" data-testid="accept">
            {t('rep.accept.submit')}
          </button>
        </form>
        <PostButton action={`${REP_PATH}/${view.id}/weigeren`} csrfToken={csrfToken} label={t('rep.reject')} hidden={name} testId="reject" secondary />
      </div>
    );
  }
  if (view.status !== 'active' || view.kind === 'digid-machtigen') return <>—</>;
  const messages = view.services.includes('berichtenbox-read') || view.services.includes('berichtenbox-manage');
  return (
    <div class="bp-stack">
      <form method="post" action="/namens">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="machtiging" value={view.id} />
        <button type="submit" class="utrecht-button utrecht-button--primary-action" data-testid="act">
          {t('rep.act', { name })}
        </button>
      </form>
      {messages ? <NotifyForm view={view} t={t} csrfToken={csrfToken} /> : null}
      {view.kind === 'mandate' ? <PostButton action={`${REP_PATH}/${view.id}/beeindigen`} csrfToken={csrfToken} label={t('rep.end')} hidden={name} testId="end" secondary /> : null}
    </div>
  );
}

/** The representative's choice to be mailed about the represented citizen's new messages (R17). */
function NotifyForm(props: { view: MandateView; t: Translate; csrfToken: string }) {
  const { view, t } = props;
  const box = `notify-${view.id}`;
  return (
    <form method="post" action={`${REP_PATH}/${view.id}/berichtmeldingen`} class="bp-stack" data-testid="notify-form">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <div>
        <input id={box} name="meldingen" value="aan" type="checkbox" checked={view.notifyRepresentative} data-testid="notify" />
        <label for={box}> {t('rep.notify.label', { name: view.grantorName })}</label>
      </div>
      <button type="submit" class="utrecht-button utrecht-button--secondary-action" data-testid="notify-save">
        {t('rep.notify.save')}
        <span class="rhc-visually-hidden"> {view.grantorName}</span>
      </button>
    </form>
  );
}
