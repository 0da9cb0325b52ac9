import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { notificationFigures } from '../notifications/index.ts';
import type { Db } from '../platform/db/database.ts';
import { HttpError } from '../platform/http/errors.ts';

export interface Metrics {
  /** Counts every answer of this server by route pattern (never the raw path), method and status. */
  countRequests(app: FastifyInstance, server: 'web' | 'api'): void;
  /** GET /metrics in Prometheus text format, for a bearer of the metrics token only. */
  route(app: FastifyInstance): void;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Prometheus figures (prom-client) with no personal data: requests by route pattern, the
 * notification queue and mail outcomes, and the process's own figures. One registry per portal,
 * so several portals in one process (tests) do not share counters.
 */
export function createMetrics(deps: { db: Db; now: () => Date; token: string | undefined }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'burgerportaal_' });
  const requests = new Counter({ name: 'burgerportaal_http_requests_total', help: 'HTTP answers by server, route pattern, method and status', labelNames: ['server', 'route', 'method', 'status'], registers: [registry] });
  new Gauge({
    name: 'burgerportaal_notification_queue',
    help: 'Citizens with a notification mail waiting in the outbox',
    registers: [registry],
    async collect() {
      this.set((await notificationFigures(deps.db, deps.now())).queued);
    },
  });
  new Gauge({
    name: 'burgerportaal_notification_attempts_last_hour',
    help: 'Notification mail attempts in the last hour by outcome',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [outcome, count] of (await notificationFigures(deps.db, deps.now())).attemptsByOutcome) this.set({ outcome }, count);
    },
  });
  const expected = deps.token ? digest(`Bearer ${deps.token}`) : null;

  return {
    countRequests(app, server) {
      app.addHook('onResponse', async (request, reply) => {
        requests.inc({ server, route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) });
      });
    },
    route(app) {
      app.get('/metrics', { config: { representation: 'anyone' } }, async (request, reply) => {
        const given = request.headers.authorization;
        // Without a configured token there is no /metrics; a wrong token looks the same to the public.
        if (!expected || typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) throw new HttpError(404, 'not-found');
        return reply.type(registry.contentType).send(await registry.metrics());
      });
    },
  };
}
