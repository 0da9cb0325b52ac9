import type { FastifyInstance } from 'fastify';
import { HttpError } from '../platform/http/errors.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import { formatDateTime, type Language, type Translate } from '../platform/i18n.ts';
import { readContactForm, type ContactFormField, type ContactFormValues } from './contact-form.ts';
import { CONTACT_RETENTION_DAYS, type ContactView, type Helpdesk } from './helpdesk-service.ts';
import { statusKey, ThreadView } from './thread-view.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The citizen's side of the helpdesk (R22): the form (logged in or not), the own list and threads
 * (logged in), and the thread behind a mailed link (anyone holding it).
 */
export function registerCitizenRoutes(app: FastifyInstance, helpdesk: Helpdesk): void {
  app.get('/helpdesk', { config: { representation: 'self' } }, async (request, reply) => {
    const { t, language } = request;
    const citizen = request.citizen;
    const own = citizen ? await helpdesk.contactsOf(citizen.subject.citizenId) : null;
    const lookups = citizen ? await helpdesk.lookupsOf(citizen.subject.citizenId) : null;
    return reply.page({
      title: t('helpdesk.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('helpdesk.title')}</h1>
          <p class="utrecht-paragraph">{t('helpdesk.intro')}</p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={request.localHref('/helpdesk/nieuw')} data-testid="helpdesk-new">
              {t('helpdesk.new')}
            </a>
          </p>
          {own ? <OwnContacts t={t} language={language} contacts={own} /> : null}
          {lookups ? (
            <section class="bp-stack" aria-labelledby="inzage">
              <h2 class="utrecht-heading-2" id="inzage">
                {t('helpdesk.lookups')}
              </h2>
              <p class="utrecht-paragraph">{t('helpdesk.lookups.intro')}</p>
              {lookups.length === 0 ? (
                <p class="utrecht-paragraph">{t('helpdesk.lookups.none')}</p>
              ) : (
                <table class="bp-table bp-table--stack" data-testid="helpdesk-lookups">
                  <thead>
                    <tr>
                      <th scope="col">{t('helpdesk.col.when')}</th>
                      <th scope="col">{t('helpdesk.lookups.who')}</th>
                      <th scope="col">{t('helpdesk.lookups.why')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lookups.map((lookup) => (
                      <tr>
                        <td data-label={t('helpdesk.col.when')}>{formatDateTime(lookup.at, language)}</td>
                        <td data-label={t('helpdesk.lookups.who')}>{lookup.by}</td>
                        <td data-label={t('helpdesk.lookups.why')}>{lookup.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ) : null}
        </div>
      ),
    });
  });

  app.get('/helpdesk/nieuw', { config: { representation: 'self' } }, async (request, reply) => {
    return reply.page({ title: request.t('helpdesk.form.title'), body: <ContactForm t={request.t} action={request.localHref('/helpdesk/nieuw')} csrf={request.csrfToken()} values={null} errors={{}} /> });
  });

  // Visitors have no session (no cookie before login), so no CSRF token: a same-origin POST
  // (Sec-Fetch-Site or Origin) is accepted instead, as for logout; logged-in forms carry the token too.
  app.post('/helpdesk/nieuw', { config: { representation: 'self', sameOriginSuffices: true } }, async (request, reply) => {
    const { t } = request;
    const { values, errors } = readContactForm(request.body);
    if (Object.keys(errors).length > 0) {
      return reply.page({ status: 400, title: t('helpdesk.form.title'), body: <ContactForm t={t} action={request.localHref('/helpdesk/nieuw')} csrf={request.csrfToken()} values={values} errors={errors} /> });
    }
    const citizen = request.citizen;
    const created = await helpdesk.submit({
      soort: values.soort === 'klacht' ? 'klacht' : 'vraag',
      onderwerp: values.onderwerp,
      body: values.bericht,
      naam: values.naam,
      email: values.email,
      telefoon: values.telefoon,
      citizenId: citizen?.subject.citizenId ?? null,
      language: request.language,
    });
    return reply.redirect(request.localHref(citizen ? `/helpdesk/vragen/${created.uuid}?melding=verzonden` : '/helpdesk/verzonden'), 303);
  });

  app.get('/helpdesk/verzonden', { config: { representation: 'self' } }, async (request, reply) => {
    const { t } = request;
    return reply.page({
      title: t('helpdesk.sent.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('helpdesk.sent.title')}</h1>
          <p class="bp-notice bp-notice--ok utrecht-paragraph" role="status" data-testid="notice">
            {t('helpdesk.sent.body')}
          </p>
        </div>
      ),
    });
  });

  app.get('/helpdesk/vragen/:id', { config: { representation: 'self' } }, async (request, reply) => {
    const { subject } = requireCitizen(request);
    const { id } = request.params as { id: string };
    const found = UUID.test(id) ? await helpdesk.threadOf(subject.citizenId, id) : null;
    if (!found) throw new HttpError(404, 'not-found');
    const sent = (request.query as Record<string, unknown>).melding === 'verzonden';
    return reply.page({ title: threadTitle(request.t, found.contact), body: <ThreadPage t={request.t} language={request.language} found={found} sent={sent} back={request.localHref('/helpdesk')} /> });
  });

  app.get('/helpdesk/contact/:token', { config: { representation: 'anyone' } }, async (request, reply) => {
    const { t } = request;
    const { token } = request.params as { token: string };
    const found = await helpdesk.threadByToken(token);
    if (!found) {
      return reply.page({
        status: 404,
        title: t('helpdesk.link.invalid.title'),
        body: (
          <div class="bp-stack">
            <h1 class="utrecht-heading-1">{t('helpdesk.link.invalid.title')}</h1>
            <p class="utrecht-paragraph">{t('helpdesk.link.invalid.body')}</p>
          </div>
        ),
      });
    }
    return reply.page({ title: threadTitle(t, found.contact), body: <ThreadPage t={t} language={request.language} found={found} sent={false} back={null} /> });
  });
}

function threadTitle(t: Translate, contact: ContactView): string {
  return t('helpdesk.thread.title', { kind: t(`helpdesk.kind.${contact.soort}`), number: contact.nummer });
}

function ThreadPage(props: { t: Translate; language: Language; found: NonNullable<Awaited<ReturnType<Helpdesk['threadByToken']>>>; sent: boolean; back: string | null }) {
  const { t, found } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{threadTitle(t, found.contact)}</h1>
      {props.sent ? (
        <p class="bp-notice bp-notice--ok utrecht-paragraph" role="status" data-testid="notice">
          {t('helpdesk.sent.notice')}
        </p>
      ) : null}
      <ThreadView t={t} language={props.language} contact={found.contact} messages={found.messages} />
      {props.back ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={props.back}>
            {t('helpdesk.thread.back')}
          </a>
        </p>
      ) : null}
    </div>
  );
}

function OwnContacts(props: { t: Translate; language: Language; contacts: ContactView[] }) {
  const { t, language } = props;
  return (
    <section class="bp-stack" aria-labelledby="eigen">
      <h2 class="utrecht-heading-2" id="eigen">
        {t('helpdesk.mine')}
      </h2>
      {props.contacts.length === 0 ? (
        <p class="utrecht-paragraph">{t('helpdesk.mine.none')}</p>
      ) : (
        <table class="bp-table bp-table--stack" data-testid="helpdesk-own">
          <thead>
            <tr>
              <th scope="col">{t('helpdesk.col.number')}</th>
              <th scope="col">{t('helpdesk.col.subject')}</th>
              <th scope="col">{t('helpdesk.col.received')}</th>
              <th scope="col">{t('helpdesk.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.contacts.map((contact) => (
              <tr>
                <td data-label={t('helpdesk.col.number')}>
                  <a class="utrecht-link" href={`/helpdesk/vragen/${contact.uuid}${language === 'en' ? '?lang=en' : ''}`}>
                    {t(`helpdesk.kind.${contact.soort}`)} {contact.nummer}
                  </a>
                </td>
                <td data-label={t('helpdesk.col.subject')}>{contact.onderwerp}</td>
                <td data-label={t('helpdesk.col.received')}>{formatDateTime(contact.receivedAt, language)}</td>
                <td data-label={t('helpdesk.col.status')}>{t(statusKey(contact))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const FIELD_ORDER: ContactFormField[] = ['soort', 'onderwerp', 'bericht', 'naam', 'email', 'telefoon'];

function ContactForm(props: { t: Translate; action: string; csrf: string | null; values: ContactFormValues | null; errors: Partial<Record<ContactFormField, string>> }) {
  const { t, values, errors } = props;
  const wrong = FIELD_ORDER.filter((field) => errors[field]);
  const describedBy = (field: ContactFormField, hint?: boolean) => [hint ? `${field}-hint` : '', errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  const error = (field: ContactFormField) => {
    const key = errors[field];
    return key ? (
      <p class="bp-error" id={`${field}-error`}>
        {t(key)}
      </p>
    ) : null;
  };
  const input = (field: 'onderwerp' | 'naam' | 'email' | 'telefoon', label: string, type: 'text' | 'email' | 'tel', autocomplete: string, hint?: string) => (
    <div class="bp-field">
      <label for={field}>{t(label)}</label>
      {hint ? (
        <p class="bp-hint" id={`${field}-hint`}>
          {t(hint)}
        </p>
      ) : null}
      {error(field)}
      <input id={field} name={field} type={type as "text"} autocomplete={autocomplete as "on"} value={values?.[field] ?? ''} aria-describedby={describedBy(field, Boolean(hint))} aria-invalid={errors[field] ? 'true' : undefined} />
    </div>
  );
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('helpdesk.form.title')}</h1>
      {wrong.length > 0 ? (
        <div class="bp-error-summary" role="alert" aria-labelledby="foutmelding" data-testid="error-summary">
          <h2 class="utrecht-heading-2" id="foutmelding">
            {t('error.summary')}
          </h2>
          <ul class="utrecht-unordered-list">
            {wrong.map((field) => (
              <li>
                <a href={`#${field === 'soort' ? 'soort-vraag' : field}`}>{t(errors[field] ?? '')}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p class="utrecht-paragraph">{t('helpdesk.form.privacy', { days: String(CONTACT_RETENTION_DAYS) })}</p>
      <form method="post" action={props.action} class="bp-card" novalidate>
        {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
        <fieldset class="bp-choices" aria-describedby={describedBy('soort', true)}>
          <legend>{t('helpdesk.form.kind')}</legend>
          <p class="bp-hint" id="soort-hint">
            {t('helpdesk.form.kind.hint')}
          </p>
          {error('soort')}
          {(['vraag', 'klacht'] as const).map((kind) => (
            <div class="bp-choice">
              <input type="radio" id={`soort-${kind}`} name="soort" value={kind} checked={values?.soort === kind} />
              <label for={`soort-${kind}`}>{t(`helpdesk.form.kind.${kind}`)}</label>
            </div>
          ))}
        </fieldset>
        {input('onderwerp', 'helpdesk.form.subject', 'text', 'off')}
        <div class="bp-field">
          <label for="bericht">{t('helpdesk.form.body')}</label>
          <p class="bp-hint" id="bericht-hint">
            {t('helpdesk.form.body.hint')}
          </p>
          {error('bericht')}
          <textarea id="bericht" name="bericht" rows={8} aria-describedby={describedBy('bericht', true)} aria-invalid={errors.bericht ? 'true' : undefined}>
            {values?.bericht ?? ''}
          </textarea>
        </div>
        {input('naam', 'helpdesk.form.name', 'text', 'name')}
        {input('email', 'helpdesk.form.email', 'email', 'email', 'helpdesk.form.email.hint')}
        {input('telefoon', 'helpdesk.form.phone', 'tel', 'tel')}
        <button type="submit" class="utrecht-button utrecht-button--primary-action">
          {t('helpdesk.form.send')}
        </button>
      </form>
    </div>
  );
}
