import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import type { ConsoleContribution, ConsoleUser } from '../src/platform/console.ts';
import { HttpError } from '../src/platform/http/errors.ts';
import { createI18n, type Catalogue, type Language } from '../src/platform/i18n.ts';
import { platformMessages } from '../src/platform/web/platform-messages.ts';

/**
 * A stand-in for the console host, to test one module's console contribution on its own: the
 * contribution's routes under /beheer, `request.consoleUser` set from `setUser`, the route's
 * `consoleRoles` checked (403 otherwise), `reply.consolePage` rendering a bare page, texts from the
 * given catalogues (`?lang=en` for English), and a 404 for an `HttpError(404)`.
 */
export async function startConsoleHarness(input: { contribution: ConsoleContribution; texts: Catalogue[] }): Promise<{ app: FastifyInstance; url: string; setUser(user: ConsoleUser | null): void; close(): Promise<void> }> {
  const { translator } = createI18n([platformMessages, ...input.texts]);
  let user: ConsoleUser | null = null;
  const app = Fastify();
  await app.register(formbody);
  app.decorateRequest('consoleUser', null);
  app.decorateRequest('language', 'nl');
  app.decorateRequest('t', () => '');
  app.decorateRequest('csrfToken', () => null);
  app.addHook('onRequest', async (request) => {
    const lang = (request.query as Record<string, unknown>).lang;
    request.language = (lang === 'en' ? 'en' : 'nl') satisfies Language;
    request.t = translator(request.language);
    request.consoleUser = user;
  });
  app.addHook('preHandler', async (request, reply) => {
    const roles = request.routeOptions.config.consoleRoles;
    if (!roles) throw new Error(`console route ${request.routeOptions.url ?? ''} declares no consoleRoles`);
    if (!request.consoleUser) return reply.code(401).send('log in');
    if (!request.consoleUser.roles.some((role) => roles.includes(role))) return reply.code(403).send('forbidden');
  });
  app.decorateReply('consolePage', async function (this: import('fastify').FastifyReply, page: { status?: number; title: string; body: import('preact').VNode }) {
    return this.code(page.status ?? 200)
      .type('text/html; charset=utf-8')
      .send(`<!doctype html><html lang="${this.request.language}"><head><title>${escapeHtml(page.title)}</title></head><body><main>${renderToString(page.body)}</main></body></html>`);
  });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send(error.kind);
    return reply.code(500).send(String(error));
  });
  await app.register(async (scope) => input.contribution.routes(scope), { prefix: '/beheer' });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url,
    setUser(next) {
      user = next;
    },
    close: () => app.close(),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
