import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { citizenIdOf, countRows, loggedInClient } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';

const johanna = DEMO_CITIZENS[0]!;
const pieter = DEMO_CITIZENS[2]!;

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(async () => {
  await t?.close();
});

/** The CSRF token of the logout form on a page, as a tab that loaded it earlier keeps it. */
async function tokenFrom(client: Awaited<ReturnType<typeof loggedInClient>>, path = '/'): Promise<string> {
  const html = (await client.text(path)).html;
  const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
  if (!token) throw new Error('no form token on the page');
  return token;
}

describe('logout always ends the session', () => {
  it('R3: a stale form token from an older tab still logs out when the browser says the form is same-origin', async () => {
    const client = await loggedInClient(t, johanna.bsn);
    const staleTab = await tokenFrom(client);
    // Another tab logs in again (a step-up): a new session with a new form secret.
    await client.login(johanna.bsn, 'substantieel');
    expect((await client.text('/mijn-account')).status).toBe(200);
    const sessions = await countRows(t, 'sessions');
    const answer = await client.request('/uitloggen', { form: { _csrf: staleTab }, headers: { 'sec-fetch-site': 'same-origin', origin: t.baseUrl } });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toMatch(/^\/uitgelogd/);
    expect(client.cookies.has('__Host-bp_session')).toBe(false);
    expect(await countRows(t, 'sessions')).toBe(sessions - 1);
    expect((await client.text('/mijn-account')).status).toBe(401);
  });

  it('R3: an old browser that sends only Origin logs out too; a cross-site form gets a page whose one button logs out', async () => {
    const client = await loggedInClient(t, johanna.bsn);
    const answer = await client.request('/uitloggen', { form: { _csrf: 'verlopen' }, headers: { origin: t.baseUrl } });
    expect(answer.status).toBe(303);
    expect((await client.text('/mijn-account')).status).toBe(401);

    const second = await loggedInClient(t, johanna.bsn);
    const crossSite = await second.request('/uitloggen', { form: { _csrf: 'verlopen' }, headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
    // Not ended by a foreign page, but never a dead end: the citizen lands on a logout button.
    expect(crossSite.status).toBe(303);
    expect(crossSite.headers.get('location')).toBe('/uitloggen');
    expect((await second.text('/mijn-account')).status).toBe(200);
    const page = await second.text('/uitloggen');
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-testid="logout-confirm"');
    const pressed = await second.submit('/uitloggen', '/uitloggen', {});
    expect(pressed.html).toContain('U bent uitgelogd');
    expect((await second.text('/mijn-account')).status).toBe(401);
  });

  it('R3: other forms still refuse a same-origin request without a valid token', async () => {
    const client = await loggedInClient(t, johanna.bsn);
    const answer = await client.request('/mijn-account/schermnaam', { form: { _csrf: 'verlopen', screenName: 'Jo' }, headers: { 'sec-fetch-site': 'same-origin', origin: t.baseUrl } });
    expect(answer.status).toBe(403);
  });
});

describe('sessions visible to the citizen', () => {
  it('R3 R5: Mijn account lists the citizen\'s active sessions with start, last use, device class and level, and can end all the others', async () => {
    const phone = new HttpClient(t.baseUrl);
    phone.defaultHeaders['user-agent'] = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148';
    await phone.login(pieter.bsn, 'substantieel');
    const laptop = new HttpClient(t.baseUrl);
    laptop.defaultHeaders['user-agent'] = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130';
    await laptop.login(pieter.bsn, 'midden');
    const someoneElse = await loggedInClient(t, johanna.bsn);

    const page = await laptop.text('/mijn-account/sessies');
    expect(page.status).toBe(200);
    const rows = [...page.html.matchAll(/<tr data-testid="session-row" data-current="(true|false)">([\s\S]*?)<\/tr>/g)].map((match) => ({ current: match[1] === 'true', text: (match[2] ?? '').replace(/<[^>]+>/g, ' ') }));
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.current)?.text).toMatch(/nu \(hier\)\s+Browser op een computer\s+midden/);
    expect(rows.find((row) => !row.current)?.text).toMatch(/Browser op een telefoon of tablet\s+substantieel/);
    expect((await laptop.text('/mijn-account')).html).toContain('href="/mijn-account/sessies"');

    const ended = await laptop.submit('/mijn-account/sessies', '/mijn-account/sessies/andere-uitloggen', {});
    expect(ended.html).toContain('Aantal plekken waar u nu bent uitgelogd: 1.');
    expect((await phone.text('/mijn-account')).status).toBe(401);
    expect((await laptop.text('/mijn-account')).status).toBe(200);
    expect((await someoneElse.text('/mijn-account')).status).toBe(200);
    const pieterId = await citizenIdOf(t, pieter.bsn);
    const history = await t.portal.accounts.usageHistory(pieterId);
    expect(history.logins.find((login) => login.assurance === 'substantieel')?.end_reason).toBe('ended-elsewhere');
    expect(history.activity.map((entry) => entry.action)).toContain('sessions-ended-elsewhere');
    expect([...(await laptop.text('/mijn-account/sessies')).html.matchAll(/data-testid="session-row"/g)]).toHaveLength(1);
  });
});
