import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import createTokens from '@fastify/csrf';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { isLanguage, minutesText, type Language, type Translate } from '../i18n.ts';
import type { CitizenContext, NavItem, SignIn } from '../module.ts';
import { keepLanguage, Layout, type Viewer } from '../web/layout.tsx';
import { HttpError } from './errors.ts';
import { securityHeaders } from './security-headers.ts';
import type { Session, SessionManager } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
    /** Who acts for whom on this request; null when nobody is logged in. */
    citizen: CitizenContext | null;
    language: Language;
    t: Translate;
    /** A CSRF token for a form on this page, bound to the session; null without a session. */
    csrfToken(): string | null;
    /**
     * Throws the CSRF refusal unless `token` was made from this session's secret. For routes that
     * read their body themselves (multipart uploads): they check the token before the file.
     */
    assertCsrfToken(token: unknown): void;
    /** A link on this page that keeps the visitor's language when no session remembers it. */
    localHref(href: string): string;
  }
  interface FastifyContextConfig {
    /** Only for server-to-server callbacks that authenticate with their own Authorization header. */
    csrfExempt?: boolean;
    /** A multipart upload: the route reads the form's `_csrf` field first and calls `assertCsrfToken` before reading the file. */
    csrfCheckedByRoute?: boolean;
    /**
     * A same-origin request (Sec-Fetch-Site or Origin) passes without a valid form token. Only for
     * logout: a stale tab must always be able to end the session, and ending it harms no one.
     */
    sameOriginSuffices?: boolean;
    /** Where a refused form is sent (303) instead of the 403 page, e.g. a page whose one button logs out. */
    staleFormFallback?: string;
  }
  interface FastifyReply {
    /**
     * Renders a full page in the shared layout as HTML. A status of 400 or more, or `error`, puts
     * "Fout:" before the title, so a screen reader hears the failure first.
     */
    page(input: PageInput): Promise<FastifyReply>;
  }
}

/** Where a request came from, raw; whoever stores it truncates and classifies it. */
export interface RequestOriginRaw {
  clientAddress: string;
  userAgent: string | null;
  /** The route pattern, never the raw path; null when no route matched. */
  route: string | null;
  traceparent: string | null;
}

/** A refusal or failure the security log records (R23). */
export interface SecurityEvent {
  name: 'csrf-refused' | 'authorisation-refused' | 'rate-limited' | 'function-failed';
  origin: RequestOriginRaw;
  /** The logged-in citizen context of the request, if any. */
  citizen: CitizenContext | null;
  detail: string | null;
}

export function requestOrigin(request: FastifyRequest): RequestOriginRaw {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : null;
  };
  return { clientAddress: request.ip, userAgent: header('user-agent'), route: request.routeOptions.url ?? null, traceparent: header('traceparent') };
}

export interface PageInput {
  title: string;
  body: VNode;
  status?: number;
  /** The page shows a failed form (rendered with status 200 after a redirect). */
  error?: boolean;
}

export interface WebServerOptions {
  /** Called for every refusal and failure worth a security record; must not throw. */
  onSecurityEvent?: (event: SecurityEvent) => Promise<void>;
  logger: Logger;
  sessions: SessionManager;
  translator: (language: Language) => Translate;
  /** What the header shows for the logged-in citizen (name and badges). */
  resolveViewer: (request: FastifyRequest, context: CitizenContext) => Promise<Viewer>;
  /** Navigation, already ordered; shown to logged-in citizens. */
  nav: NavItem[];
  /** Footer links (statements, contact), already ordered; shown to everyone. */
  footer?: NavItem[];
  signIn: SignIn;
  /**
   * Requests per minute: from one client address without a login, and of one logged-in citizen
   * (many citizens can share one address: a library, a school). Routes may set their own `rateLimit`.
   */
  rateLimits?: { perAddressPerMinute: number; perCitizenPerMinute: number };
  /** Which proxies may name the client address (Fastify's trustProxy). */
  trustProxy?: boolean | string[];
  /** The address citizens use; its origin is what a same-origin `Origin` header must equal. */
  publicUrl?: string;
  /**
   * Who acts for whom, from a logged-in session. The default is the citizen of the session acting
   * for themselves; representation replaces it.
   */
  resolveContext?: (session: Session & { citizenId: string; loginId: string }) => Promise<CitizenContext>;
}

/** The citizen of the session acting for themselves. */
export function ownContext(session: Session & { citizenId: string; loginId: string }): CitizenContext {
  return {
    actor: { citizenId: session.citizenId },
    subject: { citizenId: session.citizenId },
    loginId: session.loginId,
    assurance: session.data.assurance ?? 'basis',
    session,
  };
}

const tokens = createTokens();
const here = path.dirname(fileURLToPath(import.meta.url));
/** Resolves the NL Design System stylesheets wherever npm installed them. */
const packages = createRequire(import.meta.url);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The largest file a form may upload; a route may ask for less. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * Whether the browser says this request came from a page of this site: `Sec-Fetch-Site:
 * same-origin` (every current browser sends it), else an `Origin` equal to ours. Without either
 * header the answer is no.
 */
export function isSameOrigin(request: FastifyRequest, publicOrigin: string | null): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  if (publicOrigin) return origin === publicOrigin;
  const host = request.headers.host;
  return typeof host === 'string' && (origin === `https://${host}` || origin === `http://${host}`);
}

/**
 * The path of this request as a link back to the same page on this site. Leading slashes and
 * backslashes collapse to one slash, so a requested `//evil.example/x` or `/\evil.example` cannot
 * become a protocol-relative link (the language switch on a 404 page links to the requested path).
 */
export function samePagePath(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return `/${path.replace(/^[/\\]+/, '')}`;
}

/** Renders a VNode tree as an HTML document. */
export function renderDocument(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

/**
 * The citizen-facing HTTP server: sessions, language, CSRF on every unsafe request, strict
 * security headers, and HTML pages in the shared layout. Domains add their routes to it.
 */
export async function createWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  // File uploads (a profile photo): parsed only by routes that ask for the file, within these limits.
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024 } });
  const headers = securityHeaders();
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
  // Stylesheets are read once and served with a day's caching; pages themselves are never cached.
  const stylesheets: Record<string, Buffer> = {
    '/assets/nlds/tokens.css': fs.readFileSync(packages.resolve('@rijkshuisstijl-community/design-tokens/dist/index.css')),
    '/assets/nlds/components.css': fs.readFileSync(packages.resolve('@rijkshuisstijl-community/components-css/dist/index.css')),
    '/assets/app.css': fs.readFileSync(path.join(here, '../web/app.css')),
  };
  for (const [url, css] of Object.entries(stylesheets)) {
    app.get(url, (_request, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(css));
  }

  // After the stylesheets (not limited) and before every page route. The limit runs as a route
  // hook, after the session is loaded, so a logged-in citizen is counted as a citizen.
  const limits = options.rateLimits ?? { perAddressPerMinute: 600, perCitizenPerMinute: 300 };
  await app.register(fastifyRateLimit, {
    timeWindow: 60_000,
    keyGenerator: (request) => (request.citizen ? `citizen:${request.citizen.actor.citizenId}` : `address:${request.ip}`),
    max: (_request, key) => (key.startsWith('citizen:') ? limits.perCitizenPerMinute : limits.perAddressPerMinute),
    errorResponseBuilder: (_request, context) => new HttpError(429, 'rate-limit', `retry after ${context.after}`),
  });

  app.decorateRequest('session', null);
  app.decorateRequest('citizen', null);
  app.decorateRequest('language', 'nl');
  app.decorateRequest('t', () => '');
  app.decorateRequest('localHref', function (this: FastifyRequest, href: string) {
    return keepLanguage(href, this.language, carriesLanguage(this));
  });
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    const secret = this.session?.data.csrfSecret;
    return secret ? tokens.create(secret) : null;
  });

  app.decorateRequest('assertCsrfToken', function (this: FastifyRequest, token: unknown) {
    const secret = this.session?.data.csrfSecret;
    if (!secret || typeof token !== 'string' || !tokens.verify(secret, token)) throw new HttpError(403, 'csrf');
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/')) return;
    request.session = await options.sessions.load(request, reply);
    const query = request.query as Record<string, unknown> | undefined;
    const asked = query?.lang;
    const session = request.session;
    if (isLanguage(asked)) {
      request.language = asked;
      if (session && session.data.language !== asked) {
        session.data.language = asked;
        await options.sessions.save(session);
      }
    } else {
      request.language = session?.data.language ?? 'nl';
    }
    request.t = options.translator(request.language);
    if (session?.citizenId && session.loginId) {
      const loggedIn = session as Session & { citizenId: string; loginId: string };
      request.citizen = options.resolveContext ? await options.resolveContext(loggedIn) : ownContext(loggedIn);
    }
    reply.header('Cache-Control', 'no-store');
  });

  // Every unsafe request must carry a token made from its own session's secret.
  app.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    // Server-to-server callbacks carry no session and authenticate with their own header.
    if (request.routeOptions.config.csrfExempt === true) return;
    if (request.routeOptions.config.csrfCheckedByRoute === true && request.isMultipart()) return;
    if (request.routeOptions.config.sameOriginSuffices === true && isSameOrigin(request, publicOrigin)) return;
    const body = request.body as Record<string, unknown> | undefined;
    request.assertCsrfToken(typeof body?._csrf === 'string' ? body._csrf : request.headers['x-csrf-token']);
  });

  app.decorateReply('page', async function (this: FastifyReply, input: PageInput) {
    const request = this.request;
    const failed = input.error === true || (input.status ?? 200) >= 400;
    const render = async () => {
      const viewer = request.citizen ? await options.resolveViewer(request, request.citizen) : null;
      const html = renderDocument(
        <Layout
          language={request.language}
          t={request.t}
          title={failed ? request.t('error.titlePrefix', { title: input.title }) : input.title}
          path={samePagePath(request.url)}
          languageHref={otherLanguageHref(request)}
          carryLanguage={carriesLanguage(request)}
          viewer={viewer}
          nav={options.nav}
          footer={options.footer ?? []}
          signIn={options.signIn}
          csrfToken={request.csrfToken()}
        >
          {input.body}
        </Layout>,
      );
      return html;
    };
    this.code(input.status ?? 200).type('text/html; charset=utf-8');
    return this.send(await render());
  });

  app.setNotFoundHandler((request, reply) => {
    const { t } = request;
    return reply.page({ status: 404, title: t('error.notFound.title'), body: <ErrorBody home={request.localHref('/')} title={t('error.notFound.title')} text={t('error.notFound.body')} t={t} /> });
  });

  const securityEvent = async (request: FastifyRequest, name: SecurityEvent['name'], detail: string | null = null) => {
    try {
      await options.onSecurityEvent?.({ name, origin: requestOrigin(request), citizen: request.citizen, detail });
    } catch (error) {
      request.log.error({ err: error instanceof Error ? error.message : 'unknown', event: name }, 'security event not recorded');
    }
  };

  app.setErrorHandler(async (error, request, reply) => {
    const t = request.t;
    if (error instanceof HttpError && error.kind === 'csrf') {
      await securityEvent(request, 'csrf-refused');
      const fallback = request.routeOptions.config.staleFormFallback;
      if (fallback) return reply.redirect(fallback, 303);
      return reply.page({ status: 403, title: t('error.csrf.title'), body: <ErrorBody home={request.localHref('/')} title={t('error.csrf.title')} text={t('error.csrf.body')} retry={t('error.retry.yes')} t={t} /> });
    }
    if (error instanceof HttpError && error.kind === 'login') {
      // After logging in the citizen comes back to the page they asked for (also after a timeout).
      const back = returnPathOf(request);
      const params = new URLSearchParams();
      if (back && back !== '/') params.set('terug', back);
      if (request.language !== 'nl') params.set('lang', request.language);
      const loginHref = params.size > 0 ? `${options.signIn.loginPath}?${params.toString()}` : options.signIn.loginPath;
      return reply.page({
        status: 401,
        title: t('error.login.title'),
        body: <ErrorBody home={request.localHref('/')} title={t('error.login.title')} text={t('error.login.body')} t={t} login={{ href: loginHref, label: t(options.signIn.loginLabelKey) }} />,
      });
    }
    if (error instanceof HttpError && error.kind === 'rate-limit') {
      await securityEvent(request, 'rate-limited');
      // The limiter has set Retry-After (seconds); the page says the same in words.
      const seconds = Number(reply.getHeader('retry-after') ?? 60);
      return reply.page({
        status: 429,
        title: t('error.rateLimit.title'),
        body: <ErrorBody home={request.localHref('/')} title={t('error.rateLimit.title')} text={t('error.rateLimit.body', { minutes: minutesText(request.language, t, Math.max(1, Math.ceil(seconds / 60))) })} t={t} />,
      });
    }
    if (error instanceof HttpError && error.kind === 'not-found') {
      // A route matched but the thing is not this citizen's (or does not exist): an authorisation refusal.
      await securityEvent(request, 'authorisation-refused');
      return reply.page({ status: 404, title: t('error.notFound.title'), body: <ErrorBody home={request.localHref('/')} title={t('error.notFound.title')} text={t('error.notFound.body')} t={t} /> });
    }
    const status = typeof (error as { statusCode?: number }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      await securityEvent(request, 'function-failed', String(status));
    }
    const retry = status >= 500 ? t('error.retry.later') : t('error.retry.no');
    return reply.page({ status, title: t('error.title'), body: <ErrorBody home={request.localHref('/')} title={t('error.title')} text={t('error.generic.body')} retry={retry} t={t} /> });
  });

  return app;
}

/** The query of this request without the language choice, e.g. "?map=archief" or "". */
function queryWithout(request: FastifyRequest, name: string): URLSearchParams {
  const index = request.url.indexOf('?');
  const params = new URLSearchParams(index >= 0 ? request.url.slice(index + 1) : '');
  params.delete(name);
  return params;
}

/**
 * The page a visitor is on, as a same-site path with query, for returning to it: the URL itself
 * for a GET, the referring page of this site for a form post; null when there is none.
 */
function returnPathOf(request: FastifyRequest): string | null {
  if (request.method === 'GET' || request.method === 'HEAD') {
    // One leading slash only: `//evil.example/x` must not become an off-site link.
    const path = samePagePath(request.url);
    const query = queryWithout(request, 'lang').toString();
    return query ? `${path}?${query}` : path;
  }
  const referer = request.headers.referer;
  if (typeof referer !== 'string') return null;
  try {
    const url = new URL(referer);
    if (url.host !== request.headers.host) return null;
    url.searchParams.delete('lang');
    return `${samePagePath(url.pathname)}${url.search}`;
  } catch {
    return null;
  }
}

/** Without a session nothing remembers the language, so links carry it (Dutch is the default). */
function carriesLanguage(request: FastifyRequest): boolean {
  return request.session === null && isLanguage(request.language) && request.language !== 'nl';
}

/** The same page in the other language: path and query kept, only `lang` changed. */
function otherLanguageHref(request: FastifyRequest): string {
  const other: Language = request.language === 'nl' ? 'en' : 'nl';
  const back = returnPathOf(request) ?? '/';
  return `${back}${back.includes('?') ? '&' : '?'}lang=${other}`;
}

function ErrorBody(props: { title: string; text: string; t: Translate; home: string; retry?: string; login?: { href: string; label: string } }) {
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{props.title}</h1>
      <p class="utrecht-paragraph">{props.text}</p>
      {props.retry ? <p class="utrecht-paragraph">{props.retry}</p> : null}
      <p class="utrecht-paragraph">
        {props.login ? (
          <a class="utrecht-button-link utrecht-button-link--primary-action" href={props.login.href} data-testid="login">
            {props.login.label}
          </a>
        ) : (
          <a class="utrecht-link" href={props.home}>
            {props.t('error.home')}
          </a>
        )}
      </p>
    </div>
  );
}

/** Who acts for whom on this request, or a 401 that shows the login page. */
export function requireCitizen(request: FastifyRequest): CitizenContext {
  if (!request.citizen) throw new HttpError(401, 'login');
  return request.citizen;
}
