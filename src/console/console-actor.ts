import type { FastifyRequest } from 'fastify';
import { requireConsoleUser } from '../platform/console.ts';
import type { ConsoleActor } from './console-accounts.ts';

/** The logged-in console user as the audit log names them. */
export function consoleActor(request: FastifyRequest): ConsoleActor & { kind: 'console' } {
  const user = requireConsoleUser(request);
  return { kind: 'console', id: user.accountId, name: user.fullName, clientAddress: user.clientAddress };
}
