import type { Language, Translate } from '../platform/i18n.ts';
import { ACTION_TEXT, CLOCK_TEXT, DATA_CATEGORIES, PROCESSING_CATALOGUE, type DataCategoryId, type RetentionRule } from './processing-catalogue.ts';

interface PageProps {
  t: Translate;
  language: Language;
  href: (path: string) => string;
}

function periodText(rule: RetentionRule, language: Language): string {
  const clock = CLOCK_TEXT[rule.clock][language];
  const action = ACTION_TEXT[rule.action][language];
  if (rule.days === null) return language === 'nl' ? `Direct ${clock}: ${action}` : `Right ${clock}: ${action}`;
  const days = language === 'nl' ? `${rule.days} ${rule.days === 1 ? 'dag' : 'dagen'}` : `${rule.days} ${rule.days === 1 ? 'day' : 'days'}`;
  return `${days} ${clock}: ${action}`;
}

/**
 * The register of processing activities (AVG article 30, R31), generated from the same catalogue
 * as the privacy statement: per category of personal data the activities, tables and columns, legal
 * basis and retention rules, and the portal's statements on automated decisions and transfers.
 */
export function ProcessingRegister(props: PageProps) {
  const { t, language } = props;
  const categories = Object.keys(DATA_CATEGORIES) as DataCategoryId[];
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('register.title')}</h1>
      <p class="utrecht-paragraph">{t('register.intro')}</p>
      <ul class="utrecht-unordered-list" data-testid="register-statements">
        <li data-testid="no-automated-decisions">{t('register.noAutomatedDecisions')}</li>
        <li data-testid="no-transfer-outside-eu">{t('register.noTransferOutsideEu')}</li>
      </ul>
      {categories.map((category) => {
        const activities = PROCESSING_CATALOGUE.filter((activity) => activity.category === category);
        return (
          <section class="bp-stack" aria-labelledby={`categorie-${category}`} data-testid="register-category" data-id={category}>
            <h2 class="utrecht-heading-2" id={`categorie-${category}`}>
              {DATA_CATEGORIES[category][language]}
            </h2>
            {activities.length === 0 ? (
              <p class="utrecht-paragraph">{t('register.noneYet')}</p>
            ) : (
              activities.map((activity) => (
                <div class="bp-card bp-stack" data-testid="register-activity" data-id={activity.id}>
                  <h3 class="utrecht-heading-3">{activity.purpose[language]}</h3>
                  <p class="utrecht-paragraph">
                    <strong>{t('privacy.legalBasis')}:</strong> {activity.legalBasis[language]}
                  </p>
                  <p class="utrecht-paragraph">
                    <strong>{t('register.tables')}:</strong>{' '}
                    {Object.entries(activity.columns).map(([table, columns], index) => (
                      <>
                        {index > 0 ? '; ' : ''}
                        <code>{table}</code> ({columns.join(', ')})
                      </>
                    ))}
                  </p>
                  {activity.rules.length > 0 ? (
                    <table class="bp-table bp-table--stack">
                      <caption class="bp-meta">{t('register.rules')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('register.table')}</th>
                          <th scope="col">{t('register.period')}</th>
                          <th scope="col">{t('register.enforcedBy')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {activity.rules.map((rule) => (
                          <tr>
                            <td data-label={t('register.table')}>
                              <code>{rule.table}</code>
                              {rule.rows ? ` (${rule.rows[language]})` : ''}
                            </td>
                            <td data-label={t('register.period')}>{periodText(rule, language)}</td>
                            <td data-label={t('register.enforcedBy')}>{rule.enforcedBy === 'retention' ? t('register.retentionRun') : rule.enforcedBy}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : (
                    <p class="utrecht-paragraph">{t('register.untilChanged')}</p>
                  )}
                </div>
              ))
            )}
          </section>
        );
      })}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={props.href('/privacy')}>
          {t('privacy.title')}
        </a>
      </p>
    </div>
  );
}
