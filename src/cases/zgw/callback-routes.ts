import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { authorizationMatches, callbackAuthorization } from './zgw-jwt.ts';
import type { ZgwSync } from './zgw-sync.ts';
import type { Notificatie } from './zgw-types.ts';

function refuse(reply: FastifyReply, status: number, title: string) {
  return reply.code(status).type('application/problem+json').send(JSON.stringify({ type: `urn:burgerportaal:problem:${title.toLowerCase().replace(/\s+/g, '-')}`, title, status }));
}

/** Where a source's Notificaties API delivers: `${publicUrl}/zgw/notificaties/<source id>`. */
export function callbackPath(sourceId: string): string {
  return `/zgw/notificaties/${sourceId}`;
}

/**
 * The ZGW notification callback on the public web server (the Notificaties API calls back over
 * plain server HTTPS with the abonnement's Authorization header; it presents no PKIoverheid client
 * certificate, so the mTLS organisation API cannot receive it). Only a request carrying the
 * source's exact Authorization is processed; anything else is refused before the body is used.
 */
export function zgwCallbackRoutes(app: FastifyInstance, deps: { sync: ZgwSync }): void {
  const expected = new Map(deps.sync.sources.map((source) => [source.id, callbackAuthorization(source)]));
  app.post(
    '/zgw/notificaties/:source',
    {
      config: { csrfExempt: true, representation: 'anyone' },
      schema: { params: Type.Object({ source: Type.String({ maxLength: 40 }) }) },
      // Refuse before the body is even read: onRequest runs before parsing (preValidation would not).
      onRequest: async (request, reply) => {
        const { source } = request.params as { source: string };
        const authorization = expected.get(source);
        if (!authorization) return refuse(reply, 404, 'Unknown source');
        if (!authorizationMatches(request.headers.authorization, authorization)) return refuse(reply, 401, 'Not authenticated');
      },
    },
    async (request, reply) => {
      const { source } = request.params as { source: string };
      const body = request.body as Partial<Notificatie> | undefined;
      if (!body || typeof body.kanaal !== 'string' || typeof body.hoofdObject !== 'string' || typeof body.resource !== 'string' || typeof body.actie !== 'string') {
        return refuse(reply, 400, 'Invalid notification');
      }
      try {
        await deps.sync.handle(source, body as Notificatie);
      } catch (error) {
        // The Notificaties API retries a failed delivery; nothing was half-stored.
        request.log.error({ err: error instanceof Error ? error.message : 'unknown', zgwSource: source }, 'zgw notification failed');
        return refuse(reply, 503, 'Source unavailable');
      }
      return reply.code(204).send();
    },
  );
}
