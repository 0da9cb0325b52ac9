import { formatDate, type Language, type Translate } from '../platform/i18n.ts';
import { CONSOLE_COOKIE, CONSOLE_IDLE_TIMEOUT_MS } from '../console/index.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, SESSION_COOKIE } from '../platform/http/sessions.ts';
import { PROCESSING_CATALOGUE, retentionText } from './processing-catalogue.ts';

/** The helpdesk a deployment publishes; replace these with the operator's own before going live. */
export const HELPDESK = {
  email: 'helpdesk@burgerportaal.example',
  phone: '0800 0000 000',
  post: ['Burgerportaal Helpdesk', 'Postbus 00000', '0000 AA Den Haag'],
} as const;

/** When the statements' wording last changed. */
const UPDATED = new Date('2026-11-26T12:00:00Z');

interface PageProps {
  t: Translate;
  language: Language;
  /** A link to another page that keeps the visitor's language before login. */
  href: (path: string) => string;
}

function Updated(props: PageProps) {
  return <p class="utrecht-paragraph bp-meta">{props.t('statement.updated', { date: formatDate(UPDATED, props.language) })}</p>;
}

/** The privacy statement, generated from the processing catalogue (purpose, data, retention, recipients). */
export function PrivacyStatement(props: PageProps) {
  const { t, language } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('privacy.title')}</h1>
      <p class="utrecht-paragraph">{t('privacy.intro')}</p>
      <h2 class="utrecht-heading-2">{t('privacy.controller.title')}</h2>
      <p class="utrecht-paragraph">{t('privacy.controller')}</p>
      <h2 class="utrecht-heading-2">{t('privacy.activities.title')}</h2>
      {PROCESSING_CATALOGUE.map((activity) => (
        <section class="bp-card bp-stack" aria-labelledby={`verwerking-${activity.id}`} data-testid="processing" data-id={activity.id}>
          <h3 class="utrecht-heading-3" id={`verwerking-${activity.id}`}>
            {activity.purpose[language]}
          </h3>
          <dl class="utrecht-data-list bp-stack">
            <div>
              <dt class="utrecht-data-list__item-key">{t('privacy.data')}</dt>
              <dd class="utrecht-data-list__item-value">
                <ul class="utrecht-unordered-list">
                  {activity.data.map((item) => (
                    <li>{item[language]}</li>
                  ))}
                </ul>
              </dd>
            </div>
            <div>
              <dt class="utrecht-data-list__item-key">{t('privacy.legalBasis')}</dt>
              <dd class="utrecht-data-list__item-value">{activity.legalBasis[language]}</dd>
            </div>
            <div>
              <dt class="utrecht-data-list__item-key">{t('privacy.retention')}</dt>
              <dd class="utrecht-data-list__item-value" data-testid="retention">
                {retentionText(activity.retention, language)}
              </dd>
            </div>
            <div>
              <dt class="utrecht-data-list__item-key">{t('privacy.recipients')}</dt>
              <dd class="utrecht-data-list__item-value">
                {activity.recipients.map((recipient) => (
                  <p class="utrecht-paragraph">{recipient[language]}</p>
                ))}
              </dd>
            </div>
          </dl>
        </section>
      ))}
      <p class="utrecht-paragraph">{t('privacy.nothingElse')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={props.href('/verwerkingsregister')}>
          {t('privacy.register')}
        </a>
      </p>
      <p class="utrecht-paragraph">{t('privacy.logs')}</p>
      <h2 class="utrecht-heading-2">{t('privacy.rights.title')}</h2>
      <p class="utrecht-paragraph">{t('privacy.rights.intro')}</p>
      <ul class="utrecht-unordered-list">
        {['access', 'rectify', 'erase', 'object', 'complain'].map((right) => (
          <li>{t(`privacy.rights.${right}`)}</li>
        ))}
      </ul>
      <p class="utrecht-paragraph">
        {t('privacy.rights.how')}{' '}
        <a class="utrecht-link" href={props.href('/contact')}>
          {t('contact.title')}
        </a>
      </p>
      <Updated {...props} />
    </div>
  );
}

/** The cookie statement: the one session cookie, named and timed from the code that sets it. */
export function CookieStatement(props: PageProps) {
  const { t } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('cookies.title')}</h1>
      <p class="utrecht-paragraph">{t('cookies.intro')}</p>
      <dl class="utrecht-data-list bp-stack bp-card" data-testid="cookie">
        <div>
          <dt class="utrecht-data-list__item-key">{t('cookies.name')}</dt>
          <dd class="utrecht-data-list__item-value">
            <code data-testid="cookie-name">{SESSION_COOKIE}</code>
          </dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('cookies.purpose')}</dt>
          <dd class="utrecht-data-list__item-value">{t('cookies.purpose.value')}</dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('cookies.when')}</dt>
          <dd class="utrecht-data-list__item-value">{t('cookies.when.value')}</dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('cookies.lifetime')}</dt>
          <dd class="utrecht-data-list__item-value">{t('cookies.lifetime.value', { idle: IDLE_TIMEOUT_MS / 60_000, max: ABSOLUTE_TIMEOUT_MS / 3_600_000 })}</dd>
        </div>
      </dl>
      <p class="utrecht-paragraph">{t('cookies.remove')}</p>
      <p class="utrecht-paragraph">{t('cookies.console', { path: '/beheer', name: CONSOLE_COOKIE, idle: CONSOLE_IDLE_TIMEOUT_MS / 60_000 })}</p>
      <Updated {...props} />
    </div>
  );
}

/** The accessibility statement: the standard, how it is checked, what is known not to work yet. */
export function AccessibilityStatement(props: PageProps) {
  const { t } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('accessibility.title')}</h1>
      <p class="utrecht-paragraph">{t('accessibility.intro')}</p>
      <h2 class="utrecht-heading-2">{t('accessibility.standard.title')}</h2>
      <p class="utrecht-paragraph">{t('accessibility.standard')}</p>
      <h2 class="utrecht-heading-2">{t('accessibility.status.title')}</h2>
      <p class="utrecht-paragraph">{t('accessibility.status')}</p>
      <h2 class="utrecht-heading-2">{t('accessibility.known.title')}</h2>
      <ul class="utrecht-unordered-list">
        <li>{t('accessibility.known.pdf')}</li>
        <li>{t('accessibility.known.menu')}</li>
        <li>{t('accessibility.known.audit')}</li>
      </ul>
      <h2 class="utrecht-heading-2">{t('accessibility.feedback.title')}</h2>
      <p class="utrecht-paragraph">
        {t('accessibility.feedback')}{' '}
        <a class="utrecht-link" href={props.href('/contact')}>
          {t('contact.title')}
        </a>
      </p>
      <Updated {...props} />
    </div>
  );
}

/** How to reach the helpdesk, and when to ask the sending organisation instead. */
export function ContactPage(props: PageProps) {
  const { t } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('contact.title')}</h1>
      <p class="utrecht-paragraph">{t('contact.intro')}</p>
      <dl class="utrecht-data-list bp-stack bp-card">
        <div>
          <dt class="utrecht-data-list__item-key">{t('contact.email')}</dt>
          <dd class="utrecht-data-list__item-value">
            <a class="utrecht-link" href={`mailto:${HELPDESK.email}`}>
              {HELPDESK.email}
            </a>
          </dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('contact.phone')}</dt>
          <dd class="utrecht-data-list__item-value">{t('contact.phone.hours', { phone: HELPDESK.phone })}</dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('contact.post')}</dt>
          <dd class="utrecht-data-list__item-value">
            {HELPDESK.post.map((line, index) => (
              <>
                {index > 0 ? <br /> : null}
                {line}
              </>
            ))}
          </dd>
        </div>
      </dl>
      <p class="utrecht-paragraph">{t('contact.message')}</p>
      <p class="utrecht-paragraph">{t('contact.privacy')}</p>
      <p class="utrecht-paragraph">
        <strong>{t('contact.never')}</strong>
      </p>
    </div>
  );
}
