import { formatDate, formatDateTime, type Language, type Translate } from '../platform/i18n.ts';
import type { CitizenCaseDetail } from './citizen-cases.ts';

// A calendar date at noon UTC is the same calendar day in Amsterdam.
const calendarDate = (value: string, language: Language) => formatDate(new Date(`${value}T12:00:00Z`), language);

function Detail(props: { label: string; children: string; testId?: string }) {
  return (
    <div>
      <dt class="utrecht-data-list__item-key">{props.label}</dt>
      <dd class="utrecht-data-list__item-value" data-testid={props.testId}>
        {props.children}
      </dd>
    </div>
  );
}

/** One case: details, the whole status timeline, and the clearly marked external dossier link (R11, R12). */
export function CasePage(props: { item: CitizenCaseDetail; t: Translate; language: Language }) {
  const { item, t, language } = props;
  const organisation = item.organisationName;
  return (
    <div class="bp-stack">
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/zaken">
          {t('case.back')}
        </a>
      </p>
      <h1 class="utrecht-heading-1">{item.title}</h1>
      <p class="bp-notice utrecht-paragraph" data-testid="case-state">
        {t(item.closed ? 'case.state.closed' : 'case.state.open')}
      </p>
      <dl class="utrecht-data-list bp-stack">
        <Detail label={t('cases.organisation')}>{organisation}</Detail>
        <Detail label={t('case.type')}>{item.caseType}</Detail>
        <Detail label={t('case.reference')}>{item.reference}</Detail>
        <Detail label={t('case.opened')}>{calendarDate(item.openedOn, language)}</Detail>
        <Detail label={t('case.status.current')} testId="current-status">
          {item.current?.label ?? t('cases.noStatus')}
        </Detail>
        {!item.closed && item.nextStep ? (
          <Detail label={t('case.nextStep')} testId="next-step">
            {item.nextStep}
          </Detail>
        ) : null}
        {!item.closed && item.expectedEndOn ? (
          <Detail label={t('case.expectedEnd')} testId="expected-end">
            {calendarDate(item.expectedEndOn, language)}
          </Detail>
        ) : null}
      </dl>

      <h2 class="utrecht-heading-2">{t('case.timeline')}</h2>
      {item.timeline.length === 0 ? (
        <p class="utrecht-paragraph">{t('case.timeline.empty')}</p>
      ) : (
        <ol class="utrecht-ordered-list bp-stack" data-testid="timeline">
          {item.timeline.map((status) => (
            <li class="utrecht-ordered-list__item" data-testid="timeline-item" aria-current={status === item.current ? 'step' : undefined}>
              <strong>{status.label}</strong>
              {status.final ? ` — ${t('case.status.final')}` : ''}
              {status.reopens ? ` — ${t('case.status.reopens')}` : ''}
              <br />
              <time datetime={status.occurredAt.toISOString()}>{formatDateTime(status.occurredAt, language)}</time>
            </li>
          ))}
        </ol>
      )}

      <div class="bp-card">
        <p class="utrecht-paragraph bp-hint" id="dossier-hint">
          {t('case.dossier.hint', { organisation })}
        </p>
        <p class="utrecht-paragraph">
          <a class="utrecht-link utrecht-link--external" href={item.dossierUrl} rel="external noopener noreferrer" aria-describedby="dossier-hint" data-testid="dossier-link">
            {t('case.dossier', { organisation })} <span>{t('case.dossier.external', { organisation })}</span>
          </a>
        </p>
      </div>
    </div>
  );
}
