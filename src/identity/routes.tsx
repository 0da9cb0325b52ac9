import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Translate } from '../platform/i18n.ts';
import type { SessionManager } from '../platform/http/sessions.ts';
import { requestOrigin } from '../platform/http/web-server.tsx';
import type { CitizenContext, ModuleDirectory } from '../platform/module.ts';
import type { Accounts } from './accounts.ts';
import { isAssuranceLevel, type AssuranceLevel } from './assurance.ts';
import { LoginRejected, type RelyingParty } from './oidc-relying-party.ts';
import { PopulationRegisterUnavailable } from './population-register.ts';
import { userAgentClass } from './processing-log.ts';
import { openSessionPerson, sealSessionPerson } from './session-person.ts';
import { sessionRoutes } from './session-routes.tsx';
import { renderStartPage } from './start-page.tsx';

export const LOGIN_PATH = '/inloggen';
export const LOGOUT_PATH = '/uitloggen';

export interface IdentityRouteDeps {
  sessions: SessionManager;
  relyingParty: RelyingParty;
  accounts: Accounts;
  keyring: Keyring;
  publicUrl: string;
  /** The other modules: their start-page blocks, navigation tiles and after-login hooks. */
  directory: ModuleDirectory;
  /** Login starts per minute from one client address. */
  loginStartsPerMinute: number;
}

const REFUSALS = ['unknown', 'under-14', 'deceased', 'failed', 'unavailable'] as const;
type Refusal = (typeof REFUSALS)[number];
const REFUSED_PATH = '/inloggen/geweigerd';

function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'string' && (REFUSALS as readonly string[]).includes(value);
}

function refusedUrl(reason: Refusal, language: string): string {
  return `${REFUSED_PATH}?reden=${reason}${language === 'en' ? '&lang=en' : ''}`;
}

/** The name the header shows (a screen name before the register's name); the first module that knows one. */
async function displayNameOf(directory: ModuleDirectory, context: CitizenContext): Promise<string | null> {
  for (const module of directory.modules()) {
    const name = await module.displayName?.(context);
    if (name) return name;
  }
  return null;
}

/**
 * Only same-site paths may be returned to after login: a path of plain URL characters that
 * starts with one slash. Control characters, whitespace and backslashes are refused, since
 * browsers drop or rewrite them and `/<tab>/evil.example` would otherwise leave the site.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500) return '/';
  return /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/.test(value) ? value : '/';
}

function newCsrfSecret(): string {
  return randomBytes(18).toString('base64url');
}

/** Login, logout and the start page (R1–R4). */
export function identityRoutes(app: FastifyInstance, deps: IdentityRouteDeps): void {
  const { sessions, relyingParty, accounts, keyring } = deps;

  app.get('/', { config: { representation: 'anyone' } }, async (request, reply) => {
    const { t, language } = request;
    const context = request.citizen;
    if (!context) {
      return reply.page({ title: t('landing.title'), body: <Landing t={t} language={language} /> });
    }
    const session = context.session;
    const justActivated = session.data.justActivated === true;
    if (justActivated) {
      delete session.data.justActivated;
      await sessions.save(session);
    }
    const name = await displayNameOf(deps.directory, context) ?? openSessionPerson(keyring, session)?.name ?? '';
    const previousLoginAt = session.data.previousLoginAt ? new Date(session.data.previousLoginAt) : null;
    const body = await renderStartPage({ context, t, language, previousLoginAt, directory: deps.directory, name, justActivated });
    return reply.page({ title: t('home.title'), body });
  });

  // Refusals are shown on a page of their own (post/redirect/get), so reloading it or switching
  // the language shows the same explanation instead of replaying the callback.
  app.get(REFUSED_PATH, { config: { representation: 'anyone' } }, async (request, reply) => {
    const reason = (request.query as { reden?: unknown }).reden;
    return refusal(reply, request.t, isRefusal(reason) ? reason : 'failed');
  });

  // Every start stores a pending login, so starts are limited per client address (whatever the
  // session), and a HEAD or a browser's speculative prefetch starts nothing.
  const loginLimit = { max: deps.loginStartsPerMinute, timeWindow: 60_000, keyGenerator: (request: FastifyRequest) => `login:${request.ip}` };
  app.get(LOGIN_PATH, { config: { rateLimit: loginLimit, representation: 'anyone' } }, async (request, reply) => {
    if (request.method === 'HEAD' || isPrefetch(request)) return reply.code(204).send();
    const query = request.query as { niveau?: string; terug?: string };
    const level: AssuranceLevel = isAssuranceLevel(query.niveau) ? query.niveau : 'basis';
    const { url, pending } = await relyingParty.beginLogin(level);
    const login = { ...pending, returnTo: safeReturnPath(query.terug), assurance: level };
    const session = request.session;
    if (session) {
      session.data.login = login;
      await sessions.save(session);
    } else {
      await sessions.start(reply, { data: { csrfSecret: newCsrfSecret(), language: request.language, login } });
    }
    return reply.redirect(url, 303);
  });

  app.get('/auth/callback', { config: { representation: 'anyone' } }, async (request, reply) => {
    const session = request.session;
    const pending = session?.data.login;
    // The pending login is used once: a replayed callback finds nothing to complete.
    if (!session || !pending) return reply.redirect(refusedUrl('failed', request.language), 303);
    // A refused attempt leaves nothing behind: no account, and no cookie for a visitor not logged in.
    const refuse = async (reason: Refusal) => {
      // A failed attempt (provider, register down) or a refused person: a security record, no subject.
      await accounts.recordSecurityEvent({ name: reason === 'failed' || reason === 'unavailable' ? 'login-failed' : 'login-refused', detail: reason, origin: requestOrigin(request) });
      if (!session.citizenId) await sessions.destroy(session, reply, 'replaced');
      return reply.redirect(refusedUrl(reason, session.data.language ?? request.language), 303);
    };
    delete session.data.login;
    await sessions.save(session);
    let identity;
    try {
      identity = await relyingParty.completeLogin(new URL(request.url, deps.publicUrl), pending);
    } catch (error) {
      if (!(error instanceof LoginRejected)) throw error;
      request.log.warn({ reason: error.message }, 'login rejected');
      return refuse('failed');
    }
    let outcome;
    try {
      outcome = await accounts.logIn({ bsn: identity.bsn, assurance: identity.assurance, origin: requestOrigin(request) });
    } catch (error) {
      if (!(error instanceof PopulationRegisterUnavailable)) throw error;
      request.log.warn({ reason: error.reason }, 'login: population register unavailable');
      return refuse('unavailable');
    }
    if (!outcome.ok) {
      request.log.info({ reason: outcome.reason }, 'login refused by register');
      return refuse(outcome.reason);
    }
    // A new session id at login: whatever id existed before cannot be fixated onto this login.
    await sessions.destroy(session, reply, 'replaced');
    const language = session.data.language ?? request.language;
    const loggedIn = await sessions.start(reply, {
      citizenId: outcome.citizenId,
      loginId: outcome.loginId,
      data: {
        csrfSecret: newCsrfSecret(),
        language,
        assurance: identity.assurance,
        deviceClass: userAgentClass(request.headers['user-agent']) ?? 'other',
        personEncrypted: sealSessionPerson(keyring, outcome.loginId, { name: outcome.person.name }),
        ...(outcome.previousLoginAt ? { previousLoginAt: outcome.previousLoginAt.toISOString() } : {}),
        ...(outcome.firstLogin ? { justActivated: true } : {}),
      },
    });
    for (const module of deps.directory.modules()) {
      if (!module.afterLogin) continue;
      try {
        await module.afterLogin({ session: loggedIn, citizenId: outcome.citizenId, bsn: identity.bsn, ...(identity.machtigen ? { machtigen: { ...identity.machtigen, assurance: identity.assurance } } : {}) });
      } catch (error) {
        request.log.error({ module: module.name, err: error instanceof Error ? error.message : 'unknown' }, 'after-login step failed');
      }
    }
    return reply.redirect(pending.returnTo, 303);
  });

  // Logout always ends the session: a same-origin form passes even with a stale token (an older
  // tab, a step-up elsewhere), and any other refused form lands on a page whose one button logs out.
  app.post(LOGOUT_PATH, { config: { sameOriginSuffices: true, staleFormFallback: LOGOUT_PATH, representation: 'anyone' } }, async (request, reply) => {
    if (request.session) await sessions.destroy(request.session, reply, 'logout');
    return reply.redirect(`/uitgelogd?lang=${request.language}`, 303);
  });

  app.get(LOGOUT_PATH, { config: { representation: 'anyone' } }, async (request, reply) => {
    const { t } = request;
    if (!request.citizen) return reply.redirect(`/uitgelogd?lang=${request.language}`, 303);
    return reply.page({
      title: t('logout.confirm.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('logout.confirm.title')}</h1>
          <p class="utrecht-paragraph">{t('logout.confirm.body')}</p>
          <form method="post" action={LOGOUT_PATH}>
            <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
            <button type="submit" class="utrecht-button utrecht-button--primary-action" data-testid="logout-confirm">
              {t('nav.logout')}
            </button>
          </form>
        </div>
      ),
    });
  });

  sessionRoutes(app, { sessions, accounts });

  app.get('/uitgelogd', { config: { representation: 'anyone' } }, async (request, reply) => {
    const { t } = request;
    return reply.page({
      title: t('logout.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('logout.title')}</h1>
          <p class="utrecht-paragraph">{t('logout.body')}</p>
          <p class="utrecht-paragraph">
            <a class="utrecht-button-link utrecht-button-link--primary-action" href={request.localHref(LOGIN_PATH)}>
              {t('logout.again')}
            </a>
          </p>
        </div>
      ),
    });
  });
}

function isPrefetch(request: FastifyRequest): boolean {
  const purpose = request.headers['sec-purpose'] ?? request.headers.purpose;
  return typeof purpose === 'string' && /prefetch|prerender/i.test(purpose);
}

function refusal(reply: FastifyReply, t: Translate, reason: Refusal) {
  const home = reply.request.localHref('/');
  const attemptFailed = reason === 'failed' || reason === 'unavailable';
  const title = reason === 'failed' ? t('refused.failed.title') : reason === 'unavailable' ? t('refused.unavailable.title') : t('refused.title');
  return reply.page({
    status: reason === 'failed' ? 400 : reason === 'unavailable' ? 503 : 403,
    title,
    body: (
      <div class="bp-stack">
        <h1 class="utrecht-heading-1">{title}</h1>
        <p class="utrecht-paragraph" data-testid="refusal-reason">
          {t(`refused.${reason}`)}
        </p>
        {attemptFailed ? null : <p class="utrecht-paragraph">{t('refused.nothingStored')}</p>}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={home}>
            {t('error.home')}
          </a>
        </p>
      </div>
    ),
  });
}

function Landing(props: { t: Translate; language: string }) {
  const { t } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('landing.title')}</h1>
      <p class="utrecht-paragraph">{t('landing.intro')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-button-link utrecht-button-link--primary-action" href={props.language === 'nl' ? LOGIN_PATH : `${LOGIN_PATH}?lang=${props.language}`} data-testid="login">
          {t('login.button')}
        </a>
      </p>
      <p class="utrecht-paragraph">{t('landing.how')}</p>
      <p class="utrecht-paragraph bp-hint">{t('landing.cookie')}</p>
    </div>
  );
}

export type { FastifyRequest };
