import { formatDate, formatDateTime, type Language, type Translate } from '../platform/i18n.ts';
import { organisationsInScope, type StartPageInput } from '../platform/module.ts';
import type { CitizenCase, CitizenCases } from './citizen-cases.ts';

const SHOWN = 5;

/** Start page, first part: cases whose status changed since the citizen's previous login. */
export async function casesAttention(cases: CitizenCases, input: StartPageInput) {
  const { t, language, previousLoginAt, context } = input;
  if (!previousLoginAt) return null;
  const changed = (await cases.list(context.subject.citizenId, organisationsInScope(context)))
    .filter((item) => item.current && item.current.receivedAt > previousLoginAt)
    .sort((a, b) => (b.current?.occurredAt.getTime() ?? 0) - (a.current?.occurredAt.getTime() ?? 0));
  if (changed.length === 0) return null;
  return (
    <div class="bp-stack" data-testid="attention-cases">
      <h3 class="utrecht-heading-3">{t('home.cases.changed', { date: formatDateTime(previousLoginAt, language) })}</h3>
      <CaseList items={changed.slice(0, SHOWN)} t={t} language={language} testId="attention-case" />
    </div>
  );
}

/** Start page, overview part: the open cases, most recently changed first. */
export async function casesOverview(cases: CitizenCases, input: StartPageInput) {
  const { t, language, context } = input;
  const open = (await cases.list(context.subject.citizenId, organisationsInScope(context))).filter((item) => !item.closed).sort((a, b) => b.lastChangedAt.getTime() - a.lastChangedAt.getTime());
  return (
    <section class="bp-stack" aria-labelledby="lopende-zaken" data-testid="home-cases">
      <h2 class="utrecht-heading-2" id="lopende-zaken">
        {t('home.cases.title')}
      </h2>
      {open.length === 0 ? <p class="utrecht-paragraph">{t('cases.none')}</p> : <CaseList items={open.slice(0, SHOWN)} t={t} language={language} testId="home-case" />}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/zaken">
          {t('home.cases.all')}
        </a>
      </p>
    </section>
  );
}

function CaseList(props: { items: CitizenCase[]; t: Translate; language: Language; testId: string }) {
  const { t, language } = props;
  return (
    <ul class="bp-list-plain bp-stack">
      {props.items.map((item) => (
        <li data-testid={props.testId}>
          <a class="utrecht-link" href={`/zaken/${item.caseId}`}>
            <strong>{item.title}</strong>
          </a>
          <br />
          <span class="bp-meta">
            {item.organisationName}
            {' · '}
            {t('cases.status')}: {item.current?.label ?? t('cases.noStatus')}
            {item.current ? ` (${formatDate(item.current.occurredAt, language)})` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
