import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdministrator, consoleLogin, totpCode } from '../../test/console.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import type { BootstrappedAdministrator } from './index.ts';

let t: TestPortal;
let admin: BootstrappedAdministrator;
beforeAll(async () => {
  t = await startTestPortal();
  admin = await bootstrapAdministrator(t);
});
afterAll(async () => {
  await t.close();
});

describe('console login', () => {
  it('R26: the bootstrapped administrator logs in with password and TOTP code', async () => {
    const { status, html, client } = await consoleLogin(t, { username: 'beheerder', password: admin.password, totpSecret: admin.totpSecret });
    expect(status).toBe(200);
    expect(html).toContain('Welkom, Bea Beheer');
    expect([...client.cookies.keys()]).toEqual(['__Host-bp_console']);
  });

  it('R26: a console visitor who asked for English keeps it through the login redirect and after logging out', async () => {
    const client = new HttpClient(t.baseUrl);
    const toLogin = await client.request('/beheer?lang=en');
    expect(toLogin.status).toBe(303);
    expect(toLogin.headers.get('location')).toBe('/beheer/inloggen?lang=en');
    const loginPage = await client.text(toLogin.headers.get('location') ?? '');
    expect(loginPage.html).toContain('<html lang="en"');

    await client.submit('/beheer/inloggen?lang=en', '/beheer/inloggen', { username: 'beheerder', password: admin.password });
    const home = await client.submit('/beheer/inloggen/code', '/beheer/inloggen/code', { code: await totpCode(t, admin.totpSecret) });
    t.clock.advance(30_000);
    expect(home.html).toContain('<html lang="en"');

    const token = /name="_csrf" value="([^"]*)"/.exec(home.html)?.[1] ?? '';
    const loggedOut = await client.request('/beheer/uitloggen', { form: { _csrf: token }, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(loggedOut.headers.get('location')).toBe('/beheer/inloggen?melding=uitgelogd&lang=en');
    const after = await client.text(loggedOut.headers.get('location') ?? '');
    expect(after.html).toContain('<html lang="en"');
  });
});
