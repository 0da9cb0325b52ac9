import type { Db } from '../platform/db/database.ts';
import type { PortalModule } from '../platform/module.ts';
import { healthRoutes } from './health-routes.ts';

/** Operations: liveness and readiness on every HTTP role, for load balancers. */
export function createOperationsModule(deps: { db: Db }): PortalModule {
  return {
    name: 'operations',
    web: (app) => healthRoutes(app, deps),
    api: (app) => healthRoutes(app, deps),
  };
}
