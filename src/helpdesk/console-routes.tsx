import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isValidBsn } from '../identity/index.ts';
import { requireConsoleUser, type ConsoleContribution, type ConsoleRole } from '../platform/console.ts';
import { HttpError } from '../platform/http/errors.ts';
import { formatDate, formatDateTime, type Language, type Translate } from '../platform/i18n.ts';
import { currentDeadline, deadlineState } from './complaint-clock.ts';
import type { ContactView, Helpdesk } from './helpdesk-service.ts';
import { statusKey, ThreadView } from './thread-view.tsx';

/** Helpdesk staff hold the console role User (operator staff); administrators manage, they do not answer. */
export const HELPDESK_ROLES: readonly ConsoleRole[] = ['user'];
const config = { consoleRoles: HELPDESK_ROLES };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOTICES = new Set(['answered', 'handled', 'deferred', 'empty', 'not-a-complaint', 'already-deferred', 'too-late', 'bad-date', 'no-reason']);

const field = (body: unknown, name: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
};

/** The helpdesk's console pages (/beheer/helpdesk…): the list with deadlines, a contact, the account lookup. */
export function helpdeskConsole(helpdesk: Helpdesk, now: () => Date): ConsoleContribution {
  return {
    nav: [
      { href: '/beheer/helpdesk', labelKey: 'console.nav.helpdesk', order: 30, roles: HELPDESK_ROLES },
      { href: '/beheer/helpdesk/inzage', labelKey: 'console.nav.lookup', order: 31, roles: HELPDESK_ROLES },
    ],
    routes(app: FastifyInstance) {
      app.get('/helpdesk', { config }, async (request, reply) => {
        requireConsoleUser(request);
        const { t } = request;
        const contacts = await helpdesk.consoleList();
        const at = now();
        const warn = contacts.filter((contact) => ['soon', 'overdue'].includes(deadlineState(contact, at))).length;
        return reply.consolePage({ title: t('console.helpdesk.title'), body: <ContactList t={t} language={request.language} contacts={contacts} now={at} warn={warn} /> });
      });

      app.get('/helpdesk/inzage', { config }, async (request, reply) => {
        requireConsoleUser(request);
        return reply.consolePage({ title: request.t('console.lookup.title'), body: <LookupForm t={request.t} csrf={csrfOf(request)} error={null} /> });
      });

      // The BSN travels in the body only; the result is shown on the POST's answer, never in a URL.
      app.post('/helpdesk/inzage', { config }, async (request, reply) => {
        const user = requireConsoleUser(request);
        const { t, language } = request;
        const bsn = field(request.body, 'bsn').replace(/\s/g, '');
        const reason = field(request.body, 'reden');
        const result = isValidBsn(bsn) ? await helpdesk.lookUpAccount({ user, bsn, reason }) : reason.trim() ? { kind: 'not-found' as const } : { kind: 'no-reason' as const };
        if (result.kind !== 'found') {
          return reply.consolePage({ status: 400, title: t('console.lookup.title'), body: <LookupForm t={t} csrf={csrfOf(request)} error={t(`console.lookup.${result.kind}`)} /> });
        }
        return reply.consolePage({
          title: t('console.lookup.found'),
          body: (
            <div class="bp-stack">
              <h1 class="utrecht-heading-1">{t('console.lookup.found')}</h1>
              <dl class="utrecht-data-list bp-stack" data-testid="lookup-result">
                <div>
                  <dt class="utrecht-data-list__item-key">{t('console.lookup.activated')}</dt>
                  <dd class="utrecht-data-list__item-value">{result.activatedAt ? formatDateTime(result.activatedAt, language) : t('console.lookup.never')}</dd>
                </div>
                <div>
                  <dt class="utrecht-data-list__item-key">{t('console.lookup.lastLogin')}</dt>
                  <dd class="utrecht-data-list__item-value">{result.lastLoginAt ? formatDateTime(result.lastLoginAt, language) : t('console.lookup.never')}</dd>
                </div>
              </dl>
              <ContactList t={t} language={language} contacts={result.contacts} now={now()} warn={0} heading={false} />
            </div>
          ),
        });
      });

      app.get('/helpdesk/:id', { config }, async (request, reply) => {
        requireConsoleUser(request);
        const { t, language } = request;
        const found = await contactOf(helpdesk, request);
        const notice = String((request.query as Record<string, unknown>).melding ?? '');
        const { contact } = found;
        const deadline = currentDeadline(contact);
        return reply.consolePage({
          title: t('helpdesk.thread.title', { kind: t(`helpdesk.kind.${contact.soort}`), number: contact.nummer }),
          body: (
            <div class="bp-stack">
              <h1 class="utrecht-heading-1">{t('helpdesk.thread.title', { kind: t(`helpdesk.kind.${contact.soort}`), number: contact.nummer })}</h1>
              {NOTICES.has(notice) ? (
                <p class={`bp-notice utrecht-paragraph ${['answered', 'handled', 'deferred'].includes(notice) ? 'bp-notice--ok' : 'bp-notice--error'}`} role="status" data-testid="notice">
                  {t(`console.notice.${notice}`)}
                </p>
              ) : null}
              {deadline ? <DeadlineLine t={t} language={language} contact={contact} now={now()} /> : null}
              <h2 class="utrecht-heading-2">{t('console.contact.details')}</h2>
              {found.details.erased ? (
                <p class="utrecht-paragraph">{t('console.contact.erased')}</p>
              ) : (
                <dl class="utrecht-data-list bp-stack" data-testid="contact-details">
                  <div>
                    <dt class="utrecht-data-list__item-key">{t('console.contact.name')}</dt>
                    <dd class="utrecht-data-list__item-value">{found.details.naam}</dd>
                  </div>
                  <div>
                    <dt class="utrecht-data-list__item-key">{t('console.contact.email')}</dt>
                    <dd class="utrecht-data-list__item-value">{found.details.email}</dd>
                  </div>
                  <div>
                    <dt class="utrecht-data-list__item-key">{t('console.contact.phone')}</dt>
                    <dd class="utrecht-data-list__item-value">{found.details.telefoon ?? '—'}</dd>
                  </div>
                </dl>
              )}
              <ThreadView t={t} language={language} contact={contact} messages={found.messages} staffView />
              <form method="post" action={`/beheer/helpdesk/${contact.uuid}/antwoord`} class="bp-card" novalidate>
                <CsrfField request={request} />
                <div class="bp-field">
                  <label for="antwoord">{t('console.contact.answer')}</label>
                  <textarea id="antwoord" name="antwoord" rows={6}></textarea>
                </div>
                <div class="bp-choice">
                  <input type="checkbox" id="afgehandeld" name="afgehandeld" value="ja" />
                  <label for="afgehandeld">{t('console.contact.answer.handled')}</label>
                </div>
                <button type="submit" class="utrecht-button utrecht-button--primary-action">
                  {t('console.contact.answer.send')}
                </button>
              </form>
              {!contact.handled_at ? (
                <form method="post" action={`/beheer/helpdesk/${contact.uuid}/afgehandeld`}>
                  <CsrfField request={request} />
                  <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                    {t('console.contact.handle')}
                  </button>
                </form>
              ) : null}
              {contact.soort === 'klacht' && !contact.handled_at && !contact.deferred_until ? (
                <form method="post" action={`/beheer/helpdesk/${contact.uuid}/uitstel`} class="bp-card" novalidate>
                  <CsrfField request={request} />
                  <h2 class="utrecht-heading-2">{t('console.contact.defer')}</h2>
                  <div class="bp-field">
                    <label for="tot">{t('console.contact.defer.until')}</label>
                    <input id="tot" name="tot" type="date" />
                  </div>
                  <div class="bp-field">
                    <label for="reden">{t('console.contact.defer.reason')}</label>
                    <textarea id="reden" name="reden" rows={3}></textarea>
                  </div>
                  <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                    {t('console.contact.defer.send')}
                  </button>
                </form>
              ) : null}
            </div>
          ),
        });
      });

      app.post('/helpdesk/:id/antwoord', { config }, async (request, reply) => {
        const user = requireConsoleUser(request);
        const { contact } = await contactOf(helpdesk, request);
        const outcome = await helpdesk.answer({ user, uuid: contact.uuid, body: field(request.body, 'antwoord').trim(), handled: field(request.body, 'afgehandeld') === 'ja' });
        return reply.redirect(`/beheer/helpdesk/${contact.uuid}?melding=${outcome === 'ok' ? 'answered' : outcome}`, 303);
      });

      app.post('/helpdesk/:id/afgehandeld', { config }, async (request, reply) => {
        const user = requireConsoleUser(request);
        const { contact } = await contactOf(helpdesk, request);
        await helpdesk.markHandled({ user, uuid: contact.uuid });
        return reply.redirect(`/beheer/helpdesk/${contact.uuid}?melding=handled`, 303);
      });

      app.post('/helpdesk/:id/uitstel', { config }, async (request, reply) => {
        const user = requireConsoleUser(request);
        const { contact } = await contactOf(helpdesk, request);
        // A date field gives a day: the deferred deadline is the end of that day (Amsterdam time is within it).
        const day = field(request.body, 'tot');
        const until = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T21:59:59Z`) : new Date(Number.NaN);
        const outcome = await helpdesk.defer({ user, uuid: contact.uuid, until, reason: field(request.body, 'reden') });
        return reply.redirect(`/beheer/helpdesk/${contact.uuid}?melding=${outcome === 'ok' ? 'deferred' : outcome}`, 303);
      });
    },
  };
}

async function contactOf(helpdesk: Helpdesk, request: FastifyRequest) {
  const { id } = request.params as { id: string };
  const found = UUID.test(id) ? await helpdesk.consoleContact(id) : null;
  if (!found) throw new HttpError(404, 'not-found');
  return found;
}

function csrfOf(request: FastifyRequest): string | null {
  return typeof request.csrfToken === 'function' ? request.csrfToken() : null;
}

function CsrfField(props: { request: FastifyRequest }) {
  const token = csrfOf(props.request);
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

function DeadlineLine(props: { t: Translate; language: Language; contact: ContactView; now: Date }) {
  const { t, contact } = props;
  const deadline = currentDeadline(contact);
  const state = deadlineState(contact, props.now);
  if (!deadline) return null;
  return (
    <p class={`bp-notice utrecht-paragraph ${state === 'overdue' ? 'bp-notice--error' : state === 'soon' ? 'bp-notice--due' : ''}`} data-testid="deadline" data-state={state}>
      {t('helpdesk.col.deadline')}: {formatDate(deadline, props.language)}
      {contact.deferred_until ? ` (${t('console.helpdesk.deadline.deferred')})` : ''}
      {state === 'soon' || state === 'overdue' || state === 'ok' ? ` — ${t(`console.helpdesk.deadline.${state}`)}` : ''}
    </p>
  );
}

function ContactList(props: { t: Translate; language: Language; contacts: ContactView[]; now: Date; warn: number; heading?: boolean }) {
  const { t, contacts } = props;
  return (
    <div class="bp-stack">
      {props.heading === false ? null : <h1 class="utrecht-heading-1">{t('console.helpdesk.title')}</h1>}
      {props.warn > 0 ? (
        <p class="bp-notice bp-notice--due utrecht-paragraph" role="status" data-testid="deadline-warning">
          {t('console.helpdesk.warning', { count: String(props.warn) })}
        </p>
      ) : null}
      {contacts.length === 0 ? (
        <p class="utrecht-paragraph">{t('console.helpdesk.none')}</p>
      ) : (
        <table class="bp-table bp-table--stack" data-testid="helpdesk-list">
          <thead>
            <tr>
              <th scope="col">{t('helpdesk.col.number')}</th>
              <th scope="col">{t('helpdesk.col.subject')}</th>
              <th scope="col">{t('helpdesk.col.received')}</th>
              <th scope="col">{t('helpdesk.col.status')}</th>
              <th scope="col">{t('helpdesk.col.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((contact) => {
              const deadline = currentDeadline(contact);
              const state = deadlineState(contact, props.now);
              return (
                <tr data-state={state}>
                  <td data-label={t('helpdesk.col.number')}>
                    <a class="utrecht-link" href={`/beheer/helpdesk/${contact.uuid}`}>
                      {t(`helpdesk.kind.${contact.soort}`)} {contact.nummer}
                    </a>
                  </td>
                  <td data-label={t('helpdesk.col.subject')}>{contact.onderwerp}</td>
                  <td data-label={t('helpdesk.col.received')}>{formatDate(contact.receivedAt, props.language)}</td>
                  <td data-label={t('helpdesk.col.status')}>{t(statusKey(contact))}</td>
                  <td data-label={t('helpdesk.col.deadline')} data-testid="deadline-cell">
                    {deadline ? formatDate(deadline, props.language) : '—'}
                    {state === 'soon' || state === 'overdue' ? (
                      <>
                        {' '}
                        <span class={`bp-badge ${state === 'overdue' ? 'bp-badge--legal' : 'bp-badge--due'}`}>{t(`console.helpdesk.deadline.${state}`)}</span>
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function LookupForm(props: { t: Translate; csrf: string | null; error: string | null }) {
  const { t } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('console.lookup.title')}</h1>
      <p class="utrecht-paragraph">{t('console.lookup.intro')}</p>
      {props.error ? (
        <p class="bp-notice bp-notice--error utrecht-paragraph" role="alert" data-testid="notice">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/beheer/helpdesk/inzage" class="bp-card" novalidate>
        {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
        <div class="bp-field">
          <label for="bsn">{t('console.lookup.bsn')}</label>
          <input id="bsn" name="bsn" type="text" inputmode="numeric" autocomplete="off" />
        </div>
        <div class="bp-field">
          <label for="reden">{t('console.lookup.reason')}</label>
          <textarea id="reden" name="reden" rows={3} required></textarea>
        </div>
        <button type="submit" class="utrecht-button utrecht-button--primary-action">
          {t('console.lookup.send')}
        </button>
      </form>
    </div>
  );
}
