import { formatDate, pluralKey, type Language, type Translate } from '../platform/i18n.ts';
import type { TimelineEntry } from '../platform/module.ts';

export interface TimelineView {
  entries: TimelineEntry[];
  organisations: string[];
  kinds: string[];
  organisation: string | null;
  kind: string | null;
  limited: boolean;
  limit: number;
}

/** One date-ordered list across organisations, filterable by organisation and kind (a GET form). */
export function TimelinePage(props: { t: Translate; language: Language; view: TimelineView }) {
  const { t, language, view } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{view.organisation ? t('timeline.titleFiltered', { organisation: view.organisation }) : t('timeline.title')}</h1>
      <p class="utrecht-paragraph">{t('timeline.intro')}</p>
      <form method="get" action="/tijdlijn" class="bp-search" aria-label={t('timeline.filter')}>
        <div class="bp-field">
          <label for="organisatie">{t('timeline.filter.organisation')}</label>
          <select id="organisatie" name="organisatie">
            <option value="">{t('timeline.filter.all')}</option>
            {view.organisations.map((name) => (
              <option value={name} selected={name === view.organisation}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="bp-field">
          <label for="soort">{t('timeline.filter.kind')}</label>
          <select id="soort" name="soort">
            <option value="">{t('timeline.filter.allKinds')}</option>
            {view.kinds.map((kind) => (
              <option value={kind} selected={kind === view.kind}>
                {t(`timeline.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">
          {t('timeline.filter.apply')}
        </button>
      </form>
      <p class="utrecht-paragraph" role="status" data-testid="timeline-count">
        {t(pluralKey(language, 'timeline.count', view.entries.length), { count: view.entries.length })}
        {view.limited ? ` ${t('timeline.limited', { limit: view.limit })}` : ''}
      </p>
      {view.entries.length === 0 ? (
        <p class="utrecht-paragraph">{t('timeline.empty')}</p>
      ) : (
        <ol class="bp-timeline bp-stack" data-testid="timeline">
          {view.entries.map((entry) => (
            <li data-testid="timeline-entry" data-kind={entry.kind}>
              <p class="utrecht-paragraph bp-meta">
                <time datetime={entry.at.toISOString()}>{formatDate(entry.at, language)}</time>
                {' · '}
                {t(`timeline.kind.${entry.kind}`)}
                {' · '}
                <span data-testid="timeline-organisation">{entry.organisationName}</span>
              </p>
              <p class="utrecht-paragraph">
                <a class="utrecht-link" href={entry.href}>
                  {entry.title}
                </a>
              </p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
