import type { Translate } from '../platform/i18n.ts';
import { REP_PATH } from './mandates-page.tsx';
import { SERVICES } from './services.ts';

export type GrantField = 'bsn' | 'services' | 'organisations' | 'until';

/**
 * The form to give someone a mandate; an error comes back through the URL (post/redirect/get).
 * `organisations` are the ones a mandate can be limited to (those that send messages or cases).
 */
export function GrantPage(props: { t: Translate; csrfToken: string; organisations: { id: string; name: string }[]; error: { text: string; field: GrantField } | null }) {
  const { t, error } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('rep.new.title')}</h1>
      {error ? (
        <div class="bp-error-summary" role="alert" aria-labelledby="foutmelding" data-testid="error-summary">
          <h2 class="utrecht-heading-2" id="foutmelding">
            {t('rep.errorSummary')}
          </h2>
          <ul class="utrecht-unordered-list">
            <li>
              <a href={`#${error.field}`}>{error.text}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <p class="utrecht-paragraph">{t('rep.new.intro')}</p>
      <form method="post" action={`${REP_PATH}/nieuw`} class="bp-stack bp-card" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <div class="bp-field">
          <label for="bsn">{t('rep.new.bsn')}</label>
          {error?.field === 'bsn' ? (
            <p class="bp-error" id="bsn-error">
              {error.text}
            </p>
          ) : null}
          <input id="bsn" name="bsn" type="text" inputmode="numeric" autocomplete="off" maxlength={11} class="utrecht-textbox" aria-describedby={error?.field === 'bsn' ? 'bsn-error' : undefined} aria-invalid={error?.field === 'bsn' ? 'true' : undefined} />
        </div>
        <fieldset class="bp-field" id="services" aria-describedby={error?.field === 'services' ? 'services-error' : undefined}>
          <legend>{t('rep.new.services')}</legend>
          {error?.field === 'services' ? (
            <p class="bp-error" id="services-error">
              {error.text}
            </p>
          ) : null}
          {SERVICES.map((service) => (
            <div class="bp-choice">
              <input id={`service-${service}`} name="dienst" type="checkbox" value={service} />
              <label for={`service-${service}`}>{t(`rep.service.${service}`)}</label>
            </div>
          ))}
        </fieldset>
        {props.organisations.length > 0 ? <OrganisationChoice t={t} organisations={props.organisations} error={error?.field === 'organisations' ? error.text : null} /> : null}
        <div class="bp-field">
          <label for="until">{t('rep.new.until')}</label>
          <p class="bp-hint" id="until-hint">
            {t('rep.new.until.hint')}
          </p>
          {error?.field === 'until' ? (
            <p class="bp-error" id="until-error">
              {error.text}
            </p>
          ) : null}
          <input id="until" name="tot" type="date" class="utrecht-textbox" aria-describedby={error?.field === 'until' ? 'until-hint until-error' : 'until-hint'} />
        </div>
        <button type="submit" class="utrecht-button utrecht-button--primary-action" data-testid="grant">
          {t('rep.new.submit')}
        </button>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={REP_PATH}>
          {t('rep.back')}
        </a>
      </p>
    </div>
  );
}

/**
 * "Alle organisaties" (the default) or a chosen list. Without client script both stay visible: the
 * list is nested under its option, and ticking organisations with "all" chosen is refused server-side.
 */
function OrganisationChoice(props: { t: Translate; organisations: { id: string; name: string }[]; error: string | null }) {
  const { t, error } = props;
  return (
    <fieldset class="bp-field" id="organisations" aria-describedby={error ? 'organisations-hint organisations-error' : 'organisations-hint'}>
      <legend>{t('rep.new.organisations')}</legend>
      <p class="bp-hint" id="organisations-hint">
        {t('rep.new.organisations.hint')}
      </p>
      {error ? (
        <p class="bp-error" id="organisations-error">
          {error}
        </p>
      ) : null}
      <div class="bp-choice">
        <input id="organisations-all" name="organisaties" type="radio" value="alle" checked />
        <label for="organisations-all">{t('rep.new.organisations.all')}</label>
      </div>
      <div class="bp-choice">
        <input id="organisations-chosen" name="organisaties" type="radio" value="keuze" />
        <label for="organisations-chosen">{t('rep.new.organisations.chosen')}</label>
      </div>
      <fieldset class="bp-choices bp-choices--nested" data-testid="organisation-list">
        <legend class="rhc-visually-hidden">{t('rep.new.organisations.list')}</legend>
        {props.organisations.map((organisation) => (
          <div class="bp-choice">
            <input id={`organisation-${organisation.id}`} name="organisatie" type="checkbox" value={organisation.id} />
            <label for={`organisation-${organisation.id}`}>{organisation.name}</label>
          </div>
        ))}
      </fieldset>
    </fieldset>
  );
}
