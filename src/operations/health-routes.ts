import type { FastifyInstance } from 'fastify';
import { isDatabaseReachable, type Db } from '../platform/db/database.ts';

/** Liveness (`/health`) and readiness (`/ready`: the database answers) for load balancers. */
export function healthRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get('/health', { config: { representation: 'anyone' } }, async (_request, reply) => reply.type('application/json').send({ status: 'ok' }));
  app.get('/ready', { config: { representation: 'anyone' } }, async (_request, reply) => {
    const ready = await isDatabaseReachable(deps.db);
    return reply
      .code(ready ? 200 : 503)
      .type('application/json')
      .send({ status: ready ? 'ready' : 'unavailable', database: ready ? 'reachable' : 'unreachable' });
  });
}
