import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';

/**
 * The operator console (/beheer) as other modules see it. The console module owns its login, its
 * own session cookie, the layout and the role check; modules contribute pages through
 * `PortalModule.console`. Every console route declares the roles that may use it in its route
 * config (`consoleRoles`): the console refuses to register a route without it, and the route ×
 * role matrix test is generated from those declarations.
 */
export type ConsoleRole = 'user' | 'administrator' | 'organisation' | 'planner';

/** The logged-in console user of one request. */
export interface ConsoleUser {
  accountId: string;
  username: string;
  fullName: string;
  /** The organisation a contact person works for; null for the operator's own staff. */
  organisationId: string | null;
  roles: readonly ConsoleRole[];
  operatorStaff: boolean;
  /** Truncated like the processing log's (/24, /48): for the audit log. */
  clientAddress: string | null;
}

/** A link in the console menu, shown to users holding one of `roles`. */
export interface ConsoleNavItem {
  href: string;
  labelKey: string;
  order: number;
  roles: readonly ConsoleRole[];
}

/** What a module adds to the console. `routes` runs inside the console's plugin (prefix /beheer). */
export interface ConsoleContribution {
  nav: ConsoleNavItem[];
  routes(app: FastifyInstance): void | Promise<void>;
}

/** What a console page is rendered with: the console layout around `body`. */
export interface ConsolePageInput {
  status?: number;
  title: string;
  body: VNode;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which console roles may use this route; required on every console route. */
    consoleRoles?: readonly ConsoleRole[];
  }
  interface FastifyRequest {
    /** The console user of this request; null outside the console or before its login. */
    consoleUser: ConsoleUser | null;
  }
  interface FastifyReply {
    /** Renders a console page in the console layout (not the citizen layout). */
    consolePage(input: ConsolePageInput): Promise<FastifyReply>;
  }
}

/** The console user of a request whose route declared `consoleRoles` (the console checked them). */
export function requireConsoleUser(request: FastifyRequest): ConsoleUser {
  if (!request.consoleUser) throw new Error('console route reached without a console user');
  return request.consoleUser;
}
