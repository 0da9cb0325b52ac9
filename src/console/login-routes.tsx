import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { truncateAddress } from '../identity/index.ts';
import type { Translate } from '../platform/i18n.ts';
import type { ConsoleAccounts } from './console-accounts.ts';
import type { ConsoleHost } from './console-plugin.tsx';
import type { ConsoleSessions } from './console-sessions.ts';

type LoginNotice = 'refused' | 'blocked' | 'code-refused' | 'expired' | 'logged-out' | null;

const NOTICES: Record<string, LoginNotice> = { uitgelogd: 'logged-out', verlopen: 'expired' };

/**
 * The console login: username and password, then the TOTP code; each step gets a fresh session
 * token. These are the only console routes without `consoleRoles` (nobody is logged in yet).
 */
export function consoleLoginRoutes(
  app: FastifyInstance,
  host: ConsoleHost,
  deps: { accounts: ConsoleAccounts; sessions: ConsoleSessions; onSecurityEvent(request: FastifyRequest, name: string, detail: string): Promise<void> },
) {
  const { accounts, sessions } = deps;

  app.get('/inloggen', async (request, reply) => {
    if (request.consoleUser) return reply.redirect('/beheer', 303);
    // A session before login carries the form's CSRF secret (and the language).
    if (!host.sessionOf(request)) host.setSession(request, await sessions.start(reply, { accountId: null, stage: 'anonymous', language: request.language }));
    const notice = NOTICES[String((request.query as { melding?: string }).melding)] ?? null;
    return passwordPage(request, reply, notice, 200);
  });

  app.post('/inloggen', async (request, reply) => {
    const body = request.body as { username?: unknown; password?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    const result = await accounts.checkPassword(username, password, truncateAddress(request.ip));
    if (result.kind !== 'second-factor') await deps.onSecurityEvent(request, 'console-login-refused', result.kind === 'blocked' ? 'blocked' : 'password');
    if (result.kind !== 'second-factor') return passwordPage(request, reply, result.kind, result.kind === 'blocked' ? 403 : 401, username);
    host.setSession(request, await sessions.start(reply, { accountId: result.accountId, stage: 'second-factor', language: request.language, replaces: host.sessionOf(request) }));
    return reply.redirect('/beheer/inloggen/code', 303);
  });

  app.get('/inloggen/code', async (request, reply) => {
    if (host.sessionOf(request)?.stage !== 'second-factor') return reply.redirect('/beheer/inloggen', 303);
    return codePage(request, reply, null, 200);
  });

  app.post('/inloggen/code', async (request, reply) => {
    const session = host.sessionOf(request);
    if (session?.stage !== 'second-factor' || !session.accountId) return reply.redirect('/beheer/inloggen', 303);
    const code = typeof (request.body as { code?: unknown } | undefined)?.code === 'string' ? (request.body as { code: string }).code : '';
    const result = await accounts.checkSecondFactor(session.accountId, code, truncateAddress(request.ip));
    if (result.kind !== 'logged-in') await deps.onSecurityEvent(request, 'console-login-refused', result.kind === 'blocked' ? 'blocked' : 'code');
    if (result.kind === 'refused') return codePage(request, reply, 'code-refused', 401);
    if (result.kind === 'blocked') {
      host.setSession(request, await sessions.start(reply, { accountId: null, stage: 'anonymous', language: request.language, replaces: session }));
      return passwordPage(request, reply, 'blocked', 403);
    }
    host.setSession(request, await sessions.start(reply, { accountId: result.user.accountId, stage: 'active', language: request.language, replaces: session }));
    return reply.redirect('/beheer', 303);
  });

  // Needs only the session's CSRF token: logging out must always work, also after the account was blocked.
  app.post('/uitloggen', async (request, reply) => {
    const session = host.sessionOf(request);
    if (session) await sessions.destroy(session, reply);
    // The session that held the language is gone: the address carries it to the login page.
    const language = session && session.language !== 'nl' ? `&lang=${session.language}` : '';
    return reply.redirect(`/beheer/inloggen?melding=uitgelogd${language}`, 303);
  });
}

function noticeText(t: Translate, notice: LoginNotice): string | null {
  switch (notice) {
    case 'refused':
      return t('console.login.refused');
    case 'blocked':
      return t('console.login.blocked');
    case 'code-refused':
      return t('console.login.codeRefused');
    case 'logged-out':
      return t('console.login.loggedOut');
    case 'expired':
      return t('console.login.expired');
    default:
      return null;
  }
}

function passwordPage(request: FastifyRequest, reply: FastifyReply, notice: LoginNotice, status: number, username = '') {
  const { t } = request;
  const text = noticeText(t, notice);
  const isError = notice !== null && notice !== 'logged-out' && notice !== 'expired';
  return reply.consolePage({
    status,
    title: t('console.login.title'),
    body: (
      <div class="bp-stack">
        <h1 class="utrecht-heading-1">{t('console.login.title')}</h1>
        <p class="utrecht-paragraph">{t('console.login.intro')}</p>
        {text ? (
          <p class={`bp-notice bp-notice--${isError ? 'error' : 'ok'} utrecht-paragraph`} role={isError ? 'alert' : 'status'} data-testid="notice">
            {text}
          </p>
        ) : null}
        <form method="post" action="/beheer/inloggen" class="bp-card" novalidate>
          <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
          <div class="bp-field">
            <label for="username">{t('console.login.username')}</label>
            <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck={false} value={username} required />
          </div>
          <div class="bp-field">
            <label for="password">{t('console.login.password')}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button type="submit" class="utrecht-button utrecht-button--primary-action" data-testid="login-submit">
            {t('console.login.next')}
          </button>
        </form>
      </div>
    ),
  });
}

function codePage(request: FastifyRequest, reply: FastifyReply, notice: LoginNotice, status: number) {
  const { t } = request;
  const text = noticeText(t, notice);
  return reply.consolePage({
    status,
    title: t('console.code.title'),
    body: (
      <div class="bp-stack">
        <h1 class="utrecht-heading-1">{t('console.code.title')}</h1>
        {text ? (
          <p class="bp-notice bp-notice--error utrecht-paragraph" role="alert" data-testid="notice">
            {text}
          </p>
        ) : null}
        <form method="post" action="/beheer/inloggen/code" class="bp-card" novalidate>
          <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
          <div class="bp-field">
            <label for="code">{t('console.code.label')}</label>
            <p class="bp-hint" id="code-hint">
              {t('console.code.hint')}
            </p>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength={8} aria-describedby="code-hint" required />
          </div>
          <button type="submit" class="utrecht-button utrecht-button--primary-action" data-testid="code-submit">
            {t('console.code.submit')}
          </button>
        </form>
      </div>
    ),
  });
}
