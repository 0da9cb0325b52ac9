import createTokens from '@fastify/csrf';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { truncateAddress } from '../identity/index.ts';
import { CONSOLE_PREFIX, type ConsoleContribution, type ConsoleNavItem, type ConsolePageInput, type ConsoleRole } from '../platform/console.ts';
import { HttpError } from '../platform/http/errors.ts';
import { renderDocument, samePagePath } from '../platform/http/web-server.tsx';
import { isLanguage, type Language, type Translate } from '../platform/i18n.ts';
import { toConsoleUser, type ConsoleAccounts } from './console-accounts.ts';
import { ConsoleLayout } from './console-layout.tsx';
import { CONSOLE_COOKIE, type ConsoleSession, type ConsoleSessions } from './console-sessions.ts';

/** One console route as declared: what the route × role matrix test is generated from. */
export interface ConsoleRouteEntry {
  method: string;
  url: string;
  roles: readonly ConsoleRole[];
}

/** A console route was reached by a user without any of its roles. */
class ConsoleForbidden extends Error {}

export interface ConsoleHostDeps {
  accounts: ConsoleAccounts;
  sessions: ConsoleSessions;
  translator: (language: Language) => Translate;
  /** Every module's contribution (the console's own included), in module order. */
  contributions: ConsoleContribution[];
  /** The routes that need no login (the login steps); registered before the role check is installed. */
  publicRoutes(app: FastifyInstance, host: ConsoleHost): void | Promise<void>;
  /** Filled while routes register. */
  routeTable: ConsoleRouteEntry[];
  /** Records a refusal in the security log (R23); must not throw. */
  onSecurityEvent(request: FastifyRequest, name: string, detail: string): Promise<void>;
}

/** What the login routes need from the host. */
export interface ConsoleHost {
  sessionOf(request: FastifyRequest): ConsoleSession | null;
  setSession(request: FastifyRequest, session: ConsoleSession | null): void;
}

const tokens = createTokens();
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The operator console at /beheer, an encapsulated plugin on the web server: its own session
 * cookie and idle timeout, its own layout, CSRF on every unsafe request, and `config.consoleRoles`
 * enforced on every route; a route without it is refused at registration (start-up fails).
 */
export async function registerConsole(app: FastifyInstance, deps: ConsoleHostDeps): Promise<void> {
  app.decorateRequest('consoleUser', null);
  await app.register(async (scope) => consolePlugin(scope, deps), { prefix: CONSOLE_PREFIX });
}

async function consolePlugin(scope: FastifyInstance, deps: ConsoleHostDeps): Promise<void> {
  const sessions = new WeakMap<FastifyRequest, ConsoleSession | null>();
  const host: ConsoleHost = {
    sessionOf: (request) => sessions.get(request) ?? null,
    setSession: (request, session) => {
      sessions.set(request, session);
    },
  };
  const nav = deps.contributions.flatMap((contribution) => contribution.nav).sort((a, b) => a.order - b.order);

  // Requests whose console session had ended (idle or absolute): the login page says so.
  const expired = new WeakSet<FastifyRequest>();

  scope.addHook('onRequest', async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const session = await deps.sessions.load(request, reply);
    if (!session && request.cookies[CONSOLE_COOKIE]) expired.add(request);
    sessions.set(request, session);
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    const language: Language = isLanguage(asked) ? asked : (session?.language ?? 'nl');
    if (session) await deps.sessions.touch(session, language);
    request.language = language;
    request.t = deps.translator(language);
    // The citizen helpers, bound to the console's session instead of the citizen's.
    request.csrfToken = () => {
      const current = sessions.get(request);
      return current ? tokens.create(current.csrfSecret) : null;
    };
    request.localHref = (href) => (sessions.get(request) || language === 'nl' ? href : `${href}${href.includes('?') ? '&' : '?'}lang=${language}`);
    if (session?.stage === 'active' && session.accountId) {
      const account = await deps.accounts.get(session.accountId);
      if (account?.status === 'active') {
        request.consoleUser = { ...toConsoleUser(account), clientAddress: truncateAddress(request.ip) };
      } else {
        await deps.sessions.destroy(session, reply);
        sessions.set(request, null);
      }
    }
    const roles = request.routeOptions.config.consoleRoles;
    if (roles) {
      const user = request.consoleUser;
      if (!user) throw new HttpError(401, 'login');
      if (!roles.some((role) => user.roles.includes(role))) throw new ConsoleForbidden();
    }
  });

  scope.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const body = request.body as Record<string, unknown> | undefined;
    const token = typeof body?._csrf === 'string' ? body._csrf : request.headers['x-csrf-token'];
    const secret = sessions.get(request)?.csrfSecret;
    if (!secret || typeof token !== 'string' || !tokens.verify(secret, token)) throw new HttpError(403, 'csrf');
  });

  scope.decorateReply('consolePage', async function (this: FastifyReply, input: ConsolePageInput) {
    const request = this.request;
    const user = request.consoleUser;
    const failed = (input.status ?? 200) >= 400;
    const html = renderDocument(
      <ConsoleLayout
        language={request.language}
        t={request.t}
        title={failed ? request.t('error.titlePrefix', { title: input.title }) : input.title}
        path={samePagePath(request.url)}
        languageHref={otherLanguageHref(request)}
        user={user}
        nav={user ? visibleNav(nav, user.roles) : []}
        csrfToken={request.csrfToken()}
      >
        {input.body}
      </ConsoleLayout>,
    );
    return this.code(input.status ?? 200).type('text/html; charset=utf-8').send(html);
  });

  scope.setNotFoundHandler((request, reply) => {
    const { t } = request;
    return reply.consolePage({ status: 404, title: t('error.notFound.title'), body: <Message title={t('error.notFound.title')} text={t('error.notFound.body')} link={{ href: '/beheer', label: t('console.home') }} /> });
  });

  scope.setErrorHandler(async (error, request, reply) => {
    const { t } = request;
    if (error instanceof HttpError && error.kind === 'login') {
      // Without a session the language lives in the address: the login page keeps the one asked for.
      if (request.method === 'GET') return reply.redirect(request.localHref(expired.has(request) ? '/beheer/inloggen?melding=verlopen' : '/beheer/inloggen'), 303);
      return reply.consolePage({ status: 401, title: t('console.login.required'), body: <Message title={t('console.login.required')} text={t('console.login.requiredBody')} link={{ href: '/beheer/inloggen', label: t('console.login.title') }} /> });
    }
    if (error instanceof ConsoleForbidden) {
      await deps.onSecurityEvent(request, 'authorisation-refused', 'console');
      return reply.consolePage({ status: 403, title: t('console.forbidden.title'), body: <Message title={t('console.forbidden.title')} text={t('console.forbidden.body')} link={{ href: '/beheer', label: t('console.home') }} /> });
    }
    if (error instanceof HttpError && error.kind === 'csrf') {
      await deps.onSecurityEvent(request, 'csrf-refused', 'console');
      return reply.consolePage({ status: 403, title: t('error.csrf.title'), body: <Message title={t('error.csrf.title')} text={t('error.csrf.body')} link={{ href: '/beheer', label: t('console.home') }} /> });
    }
    if (error instanceof HttpError && error.kind === 'not-found') {
      return reply.consolePage({ status: 404, title: t('error.notFound.title'), body: <Message title={t('error.notFound.title')} text={t('error.notFound.body')} link={{ href: '/beheer', label: t('console.home') }} /> });
    }
    const status = typeof (error as { statusCode?: number }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'console request failed');
    return reply.consolePage({ status, title: t('error.title'), body: <Message title={t('error.title')} text={t('error.generic.body')} link={{ href: '/beheer', label: t('console.home') }} /> });
  });

  await deps.publicRoutes(scope, host);

  // From here on every route must say which roles may use it.
  scope.addHook('onRoute', (route) => {
    const roles = route.config?.consoleRoles;
    if (!roles || roles.length === 0) throw new Error(`console route ${String(route.method)} ${route.url} declares no consoleRoles`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') deps.routeTable.push({ method, url: route.url ?? route.path, roles });
    }
  });
  for (const contribution of deps.contributions) {
    await scope.register(async (child) => contribution.routes(child));
  }
}

/** The menu items a user with these roles sees. */
export function visibleNav(nav: readonly ConsoleNavItem[], roles: readonly ConsoleRole[]): ConsoleNavItem[] {
  return nav.filter((item) => item.roles.some((role) => roles.includes(role)));
}

function otherLanguageHref(request: FastifyRequest): string {
  const other: Language = request.language === 'nl' ? 'en' : 'nl';
  const index = request.url.indexOf('?');
  const params = new URLSearchParams(index >= 0 ? request.url.slice(index + 1) : '');
  params.set('lang', other);
  return `${samePagePath(request.url)}?${params.toString()}`;
}

function Message(props: { title: string; text: string; link: { href: string; label: string } }) {
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{props.title}</h1>
      <p class="utrecht-paragraph">{props.text}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={props.link.href}>
          {props.link.label}
        </a>
      </p>
    </div>
  );
}
