import type { Db } from '../platform/db/database.ts';
import type { PortalModule } from '../platform/module.ts';
import { healthRoutes } from './health-routes.ts';
import { createMetrics } from './metrics.ts';

/**
 * Operations: liveness and readiness on every HTTP role, for load balancers, and Prometheus
 * figures at /metrics on the citizen web server for the holder of METRICS_TOKEN.
 */
export function createOperationsModule(deps: { db: Db; now: () => Date; config: { metricsToken: string | undefined } }): PortalModule {
  const metrics = createMetrics({ db: deps.db, now: deps.now, token: deps.config.metricsToken });
  return {
    name: 'operations',
    web(app) {
      healthRoutes(app, deps);
      metrics.countRequests(app, 'web');
      metrics.route(app);
    },
    api(app) {
      healthRoutes(app, deps);
      metrics.countRequests(app, 'api');
    },
  };
}
export { createKeyUsage, type KeyUsage } from './key-usage.ts';
export { operationsMigrations } from './migrations/index.ts';
