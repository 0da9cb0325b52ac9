import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdministrator, consoleLogin } from '../../test/console.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(async () => {
  await t.close();
});

describe('console login', () => {
  it('R26: the bootstrapped administrator logs in with password and TOTP code', async () => {
    const admin = await bootstrapAdministrator(t);
    const { status, html, client } = await consoleLogin(t, { username: 'beheerder', password: admin.password, totpSecret: admin.totpSecret });
    expect(status).toBe(200);
    expect(html).toContain('Welkom, Bea Beheer');
    expect([...client.cookies.keys()]).toEqual(['__Host-bp_console']);
  });
});
