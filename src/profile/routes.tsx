import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Accounts } from '../identity/index.ts';
import { maskBsn } from '../identity/index.ts';
import { formatDate, formatDateTime, minutesText, type Translate } from '../platform/i18n.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import { hasHiddenControls } from './screen-name.ts';
import { isPlausibleEmail, VerificationMailLimitReached, type Profile } from './email-verification.ts';
import { FormNoticeBlock } from './form-notice.tsx';

export interface ProfileRouteDeps {
  profile: Profile;
  accounts: Accounts;
}

type Notice = { kind: 'ok' | 'error'; text: string; field?: 'email' | 'screenName' };

/**
 * The outcome of an account form, named in the URL it redirects to (post/redirect/get): F5 shows
 * the result again without sending the form, and the language switch keeps it. No personal data
 * travels in the URL or the session; the address a confirmation went to comes from the profile.
 */
const OUTCOMES = {
  'schermnaam-opgeslagen': { kind: 'ok', key: 'account.screenName.saved', status: 200 },
  'schermnaam-te-lang': { kind: 'error', key: 'account.screenName.tooLong', field: 'screenName', status: 400 },
  'schermnaam-tekens': { kind: 'error', key: 'account.screenName.characters', field: 'screenName', status: 400 },
  'e-mail-verstuurd': { kind: 'ok', key: 'account.email.sent', status: 200 },
  'e-mail-ongeldig': { kind: 'error', key: 'account.email.invalid', field: 'email', status: 400 },
  'e-mail-mislukt': { kind: 'error', key: 'account.email.sendFailed', field: 'email', status: 503 },
  // Rendered at once (not after a redirect), so the answer carries Retry-After.
  'e-mail-te-vaak': { kind: 'error', key: 'account.email.tooMany', field: 'email', status: 429 },
  'e-mail-verwijderd': { kind: 'ok', key: 'account.email.removed', status: 200 },
} as const satisfies Record<string, { kind: 'ok' | 'error'; key: string; field?: 'email' | 'screenName'; status: number }>;
type Outcome = keyof typeof OUTCOMES;

const ACCOUNT_PATH = '/mijn-account';
const outcomeUrl = (outcome: Outcome) => `${ACCOUNT_PATH}?melding=${outcome}`;

/** Mijn account: screen name, BSN, e-mail address and usage history (R5). */
export function profileRoutes(app: FastifyInstance, deps: ProfileRouteDeps): void {
  const { profile, accounts } = deps;

  async function renderAccount(request: FastifyRequest, outcome: Outcome | null, params: Record<string, string> = {}) {
    const context = requireCitizen(request);
    const citizenId = context.subject.citizenId;
    const { t, language } = request;
    const [view, bsn, history] = await Promise.all([
      profile.view(citizenId),
      accounts.revealBsn(citizenId),
      accounts.usageHistory(citizenId),
    ]);
    const csrf = request.csrfToken() ?? '';
    // A confirmation that was meanwhile used or replaced has nothing left to report.
    const found = outcome && !(outcome === 'e-mail-verstuurd' && !view.pendingEmail) ? OUTCOMES[outcome] : null;
    const notice: Notice | null = found
      ? { kind: found.kind, text: t(found.key, { email: view.pendingEmail ?? '', ...params }), ...('field' in found ? { field: found.field } : {}) }
      : null;
    const status = found?.status ?? 200;
    const emailError = notice?.kind === 'error' && notice.field === 'email';
    const nameError = notice?.kind === 'error' && notice.field === 'screenName';
    return {
      status,
      error: notice?.kind === 'error',
      title: t('account.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('account.title')}</h1>
          <FormNoticeBlock notice={notice} t={t} />
          <h2 class="utrecht-heading-2">{t('account.details')}</h2>
          <dl class="utrecht-data-list bp-stack">
            <div>
              <dt class="utrecht-data-list__item-key">{t('account.bsn')}</dt>
              <dd class="utrecht-data-list__item-value">
                <span data-testid="bsn-masked">{maskBsn(bsn)}</span>
                <details class="bp-reveal">
                  <summary>{t('account.bsn.reveal')}</summary>
                  <span data-testid="bsn-full">{bsn}</span>
                </details>
              </dd>
            </div>
            <div>
              <dt class="utrecht-data-list__item-key">{t('account.email')}</dt>
              <dd class="utrecht-data-list__item-value" data-testid="email-status">
                {view.email && view.emailVerifiedAt
                  ? t('account.email.verified', { email: view.email, date: formatDate(view.emailVerifiedAt, language) })
                  : t('account.email.none')}
                {view.pendingEmail ? <p class="utrecht-paragraph bp-hint">{t('account.email.pending', { email: view.pendingEmail })}</p> : null}
              </dd>
            </div>
          </dl>

          <form method="post" action="/mijn-account/schermnaam" class="bp-card" novalidate>
            <input type="hidden" name="_csrf" value={csrf} />
            <div class="bp-field">
              <label for="screenName">{t('account.screenName')}</label>
              <p class="bp-hint" id="screenName-hint">
                {t('account.screenName.hint')}
              </p>
              {nameError ? (
                <p class="bp-error" id="screenName-error">
                  {notice.text}
                </p>
              ) : null}
              <input
                id="screenName"
                name="screenName"
                type="text"
                autocomplete="nickname"
                value={view.screenName ?? ''}
                aria-describedby={nameError ? 'screenName-hint screenName-error' : 'screenName-hint'}
                aria-invalid={nameError ? 'true' : undefined}
              />
            </div>
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              {t('account.screenName.save')}
            </button>
          </form>

          <form method="post" action="/mijn-account/e-mail" class="bp-card" novalidate>
            <input type="hidden" name="_csrf" value={csrf} />
            <div class="bp-field">
              <label for="email">{t('account.email.new')}</label>
              <p class="bp-hint" id="email-hint">
                {t('account.email.hint')}
              </p>
              {emailError ? (
                <p class="bp-error" id="email-error">
                  {notice.text}
                </p>
              ) : null}
              <input
                id="email"
                name="email"
                type="email"
                autocomplete="email"
                value=""
                aria-describedby={emailError ? 'email-hint email-error' : 'email-hint'}
                aria-invalid={emailError ? 'true' : undefined}
              />
            </div>
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              {t('account.email.save')}
            </button>
          </form>
          {view.email ? (
            <form method="post" action="/mijn-account/e-mail/verwijderen">
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                {t('account.email.remove')}
              </button>
            </form>
          ) : null}

          <p class="utrecht-paragraph">
            <a class="utrecht-link" href="/mijn-profiel">
              {t('account.profile.link')}
            </a>
          </p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href="/mijn-account/sessies">
              {t('account.sessions.link')}
            </a>
          </p>
          <h2 class="utrecht-heading-2">{t('account.history')}</h2>
          <UsageHistory t={t} language={language} history={history} currentLoginId={context.loginId} />
        </div>
      ),
    };
  }

  app.get(ACCOUNT_PATH, { config: { representation: 'self' } }, async (request, reply) => {
    const asked = (request.query as { melding?: unknown }).melding;
    const outcome = typeof asked === 'string' && asked in OUTCOMES ? (asked as Outcome) : null;
    return reply.page(await renderAccount(request, outcome));
  });

  app.post('/mijn-account/schermnaam', { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const body = request.body as { screenName?: unknown };
    const screenName = typeof body.screenName === 'string' ? body.screenName : '';
    if (screenName.trim().length > 50) return reply.redirect(outcomeUrl('schermnaam-te-lang'), 303);
    if (hasHiddenControls(screenName)) return reply.redirect(outcomeUrl('schermnaam-tekens'), 303);
    await profile.setScreenName({ acting: context, screenName });
    return reply.redirect(outcomeUrl('schermnaam-opgeslagen'), 303);
  });

  app.post('/mijn-account/e-mail', { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const body = request.body as { email?: unknown };
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    if (!isPlausibleEmail(email)) return reply.redirect(outcomeUrl('e-mail-ongeldig'), 303);
    try {
      await profile.requestEmailChange({ acting: context, email, language: request.language });
    } catch (error) {
      if (error instanceof VerificationMailLimitReached) {
        reply.header('Retry-After', String(error.retryAfterSeconds));
        const minutes = minutesText(request.language, request.t, Math.max(1, Math.ceil(error.retryAfterSeconds / 60)));
        return reply.page(await renderAccount(request, 'e-mail-te-vaak', { minutes }));
      }
      request.log.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'verification mail failed');
      return reply.redirect(outcomeUrl('e-mail-mislukt'), 303);
    }
    return reply.redirect(outcomeUrl('e-mail-verstuurd'), 303);
  });

  app.post('/mijn-account/e-mail/verwijderen', { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    await profile.removeEmail({ acting: context });
    return reply.redirect(outcomeUrl('e-mail-verwijderd'), 303);
  });

  // Opened from the mail: the one-time token is the proof, so this works in any browser.
  app.get('/mijn-account/e-mail/bevestigen', { config: { representation: 'self' } }, async (request, reply) => {
    const { t } = request;
    const token = (request.query as { token?: unknown }).token;
    const result = typeof token === 'string' && token.length > 0 ? await profile.confirmEmail(token) : { ok: false as const };
    const title = result.ok ? t('account.email.confirmed.title') : t('account.email.failed.title');
    return reply.page({
      status: result.ok ? 200 : 400,
      title,
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{title}</h1>
          <p class="utrecht-paragraph" role="status" data-testid="confirm-result">
            {result.ok ? t('account.email.confirmed.body') : t('account.email.failed.body')}
          </p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href="/mijn-account">
              {t('account.toAccount')}
            </a>
          </p>
        </div>
      ),
    });
  });
}

function UsageHistory(props: {
  t: Translate;
  language: 'nl' | 'en';
  currentLoginId: string;
  history: Awaited<ReturnType<Accounts['usageHistory']>>;
}) {
  const { t, language, history } = props;
  const activityLabel = (action: string) => {
    try {
      return t(`activity.${action}`);
    } catch {
      return action;
    }
  };
  return (
    <div class="bp-stack">
      <h3 class="utrecht-heading-3">{t('account.history.logins')}</h3>
      <table class="bp-table bp-table--stack" data-testid="login-history">
        <thead>
          <tr>
            <th scope="col">{t('account.history.start')}</th>
            <th scope="col">{t('account.history.end')}</th>
            <th scope="col">{t('account.history.level')}</th>
          </tr>
        </thead>
        <tbody>
          {history.logins.map((login) => (
            <tr>
              <td data-label={t('account.history.start')}>{formatDateTime(new Date(login.started_at), language)}</td>
              <td data-label={t('account.history.end')}>
                {login.ended_at
                  ? `${formatDateTime(new Date(login.ended_at), language)} (${t(`end.${login.end_reason ?? 'logout'}`)})`
                  : login.login_id === props.currentLoginId
                    ? t('account.history.ongoing')
                    : '—'}
              </td>
              <td data-label={t('account.history.level')}>{login.assurance}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 class="utrecht-heading-3">{t('account.history.actions')}</h3>
      {history.activity.length === 0 ? (
        <p class="utrecht-paragraph">{t('account.history.empty')}</p>
      ) : (
        <table class="bp-table bp-table--stack" data-testid="activity-history">
          <thead>
            <tr>
              <th scope="col">{t('account.history.when')}</th>
              <th scope="col">{t('account.history.what')}</th>
            </tr>
          </thead>
          <tbody>
            {history.activity.map((item) => (
              <tr>
                <td data-label={t('account.history.when')}>{formatDateTime(new Date(item.occurred_at), language)}</td>
                <td data-label={t('account.history.what')}>{activityLabel(item.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
