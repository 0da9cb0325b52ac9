import { formatDateTime, type Language, type Translate } from '../platform/i18n.ts';
import type { CitizenCase } from './citizen-cases.ts';

function CaseCard(props: { item: CitizenCase; t: Translate; language: Language }) {
  const { item, t, language } = props;
  return (
    <li class="bp-card" data-testid="case-card" data-case-state={item.closed ? 'closed' : 'open'}>
      <h3 class="utrecht-heading-3">
        <a class="utrecht-link" href={`/zaken/${item.caseId}`}>
          {item.title}
        </a>
      </h3>
      <dl class="utrecht-data-list">
        <div>
          <dt class="utrecht-data-list__item-key">{t('cases.organisation')}</dt>
          <dd class="utrecht-data-list__item-value">{item.organisationName}</dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('cases.status')}</dt>
          <dd class="utrecht-data-list__item-value" data-testid="case-status">
            {item.current?.label ?? t('cases.noStatus')}
          </dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('cases.changed')}</dt>
          <dd class="utrecht-data-list__item-value">
            <time datetime={item.lastChangedAt.toISOString()}>{formatDateTime(item.current?.occurredAt ?? item.lastChangedAt, language)}</time>
          </dd>
        </div>
      </dl>
    </li>
  );
}

/** The citizen's case overview: open cases first, closed ones below and still visible (R11, R12). */
export function CasesListPage(props: { cases: CitizenCase[]; t: Translate; language: Language }) {
  const { cases, t, language } = props;
  const open = cases.filter((c) => !c.closed);
  const closed = cases.filter((c) => c.closed);
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('cases.title')}</h1>
      <p class="utrecht-paragraph">{t('cases.intro')}</p>
      <section aria-labelledby="zaken-lopend" class="bp-stack">
        <h2 class="utrecht-heading-2" id="zaken-lopend">
          {t('cases.open')} ({open.length})
        </h2>
        {open.length === 0 ? (
          <p class="utrecht-paragraph">{t('cases.none')}</p>
        ) : (
          <ul class="bp-cards" data-testid="open-cases">
            {open.map((item) => (
              <CaseCard item={item} t={t} language={language} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="zaken-afgerond" class="bp-stack">
        <h2 class="utrecht-heading-2" id="zaken-afgerond">
          {t('cases.closed')} ({closed.length})
        </h2>
        {closed.length === 0 ? (
          <p class="utrecht-paragraph">{t('cases.noneClosed')}</p>
        ) : (
          <ul class="bp-cards" data-testid="closed-cases">
            {closed.map((item) => (
              <CaseCard item={item} t={t} language={language} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
