import { generate } from 'otplib';
import { createAuditLog } from '../src/audit/index.ts';
import { createFirstAdministrator, type BootstrappedAdministrator } from '../src/console/index.ts';
import { HttpClient } from './http-client.ts';
import type { TestPortal } from './portal.ts';

/** The first administrator, made as `burgerportaal admin create` makes it. */
export function bootstrapAdministrator(t: TestPortal, username = 'beheerder', fullName = 'Bea Beheer'): Promise<BootstrappedAdministrator> {
  return createFirstAdministrator({ db: t.portal.db, keyring: t.portal.keyring, audit: createAuditLog({ now: t.clock.now }), now: t.clock.now }, { username, fullName });
}

/** The current TOTP code at the portal's clock. */
export function totpCode(t: TestPortal, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
}

/**
 * Logs in to the console with password and code; returns the client and the final response. The
 * clock moves 30 s on afterwards, so the next login of the same account gets a fresh code.
 */
export async function consoleLogin(t: TestPortal, credentials: { username: string; password: string; totpSecret: string }): Promise<{ client: HttpClient; status: number; html: string }> {
  const client = new HttpClient(t.baseUrl);
  const first = await client.submit('/beheer/inloggen', '/beheer/inloggen', { username: credentials.username, password: credentials.password });
  if (!first.html.includes('name="code"')) return { client, ...first };
  const second = await client.submit('/beheer/inloggen/code', '/beheer/inloggen/code', { code: await totpCode(t, credentials.totpSecret) });
  t.clock.advance(30_000);
  return { client, ...second };
}
