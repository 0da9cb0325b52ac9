import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../../registers/demo/citizens.ts';
import { loggedInClient } from '../../../test/fixtures.ts';
import { HttpClient } from '../../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../../test/portal.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, SESSION_COOKIE } from './sessions.ts';

const person = DEMO_CITIZENS[0]!;
let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(async () => {
  await t.close();
});

async function loginHistory(bsn: string) {
  const citizenId = await t.portal.accounts.findCitizenIdByBsn(bsn);
  return t.portal.database.db.selectFrom('login_history').selectAll().where('citizen_id', '=', citizenId!).orderBy('started_at', 'desc').execute();
}

describe('sessions', () => {
  it('R3: a visitor who does not log in gets no cookie at all', async () => {
    const client = new HttpClient(t.baseUrl);
    for (const path of ['/', '/uitgelogd', '/mijn-account', '/health', '/no-such-page', '/?lang=en']) await client.get(path);
    expect(client.setCookieHeaders).toEqual([]);
  });

  it('R3: the session cookie is __Host- prefixed, HttpOnly, Secure, SameSite=Lax and holds only an opaque id', async () => {
    const client = await loggedInClient(t, person.bsn);
    const header = client.setCookieHeaders.filter((value) => value.startsWith(`${SESSION_COOKIE}=`)).at(-1) ?? '';
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\//);
    expect(header).not.toMatch(/Domain=/i);
    const value = client.cookies.get(SESSION_COOKIE) ?? '';
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the session cookie is ours: the other names belong to the simulated DigiD on its own port.
    const ours = client.setCookieHeaders.filter((value) => !/^_(interaction|session|state)/.test(value));
    expect(new Set(ours.map((value) => value.split('=')[0]))).toEqual(new Set([SESSION_COOKIE]));
  });

  it('R3: login issues a new session id; the pre-login id no longer works', async () => {
    const client = new HttpClient(t.baseUrl);
    const callback = await client.loginUntilCallback(person.bsn);
    const preLogin = client.cookies.get(SESSION_COOKIE);
    expect(preLogin).toBeTruthy();
    await client.follow(await client.request(callback));
    const postLogin = client.cookies.get(SESSION_COOKIE);
    expect(postLogin).toBeTruthy();
    expect(postLogin).not.toBe(preLogin);
    const fixated = new HttpClient(t.baseUrl);
    fixated.cookies.set(SESSION_COOKIE, preLogin!);
    expect((await fixated.text('/mijn-account')).status).toBe(401);
  });

  it('R3: logout ends the session, removes the cookie and records the end time', async () => {
    const client = await loggedInClient(t, person.bsn);
    const stolen = client.cookies.get(SESSION_COOKIE)!;
    const page = await client.submit('/', '/uitloggen', {});
    expect(page.html).toContain('U bent uitgelogd');
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    const replay = new HttpClient(t.baseUrl);
    replay.cookies.set(SESSION_COOKIE, stolen);
    expect((await replay.text('/mijn-account')).status).toBe(401);
    const [latest] = await loginHistory(person.bsn);
    expect(latest?.end_reason).toBe('logout');
    expect(latest?.ended_at).toBeTruthy();
  });

  it('R3: after 15 minutes without activity the session has expired', async () => {
    const client = await loggedInClient(t, person.bsn);
    t.clock.advance(IDLE_TIMEOUT_MS - 60_000);
    expect((await client.text('/mijn-account')).status).toBe(200);
    t.clock.advance(IDLE_TIMEOUT_MS - 60_000);
    expect((await client.text('/mijn-account')).status).toBe(200);
    t.clock.advance(IDLE_TIMEOUT_MS + 1_000);
    const expired = await client.text('/mijn-account');
    expect(expired.status).toBe(401);
    expect(expired.html).toContain('U bent niet (meer) ingelogd');
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    const [latest] = await loginHistory(person.bsn);
    expect(latest?.end_reason).toBe('idle');
  });

  it('R3: after 12 hours the session ends even while it is in use', async () => {
    const client = await loggedInClient(t, person.bsn);
    const steps = Math.ceil(ABSOLUTE_TIMEOUT_MS / (10 * 60_000));
    let lastOk = 0;
    for (let step = 1; step <= steps + 1; step++) {
      t.clock.advance(10 * 60_000);
      const page = await client.text('/mijn-account');
      if (page.status !== 200) break;
      lastOk = step;
    }
    expect(lastOk * 10).toBeLessThan(12 * 60);
    expect(lastOk * 10).toBeGreaterThanOrEqual(12 * 60 - 10);
    const [latest] = await loginHistory(person.bsn);
    expect(latest?.end_reason).toBe('absolute');
  });

  it('R3: the sweeper removes expired sessions and closes their history', async () => {
    await loggedInClient(t, person.bsn);
    t.clock.advance(IDLE_TIMEOUT_MS + 1_000);
    await t.portal.runMaintenance();
    const rows = await t.portal.database.db.selectFrom('sessions').select('session_hash').execute();
    expect(rows).toHaveLength(0);
    const [latest] = await loginHistory(person.bsn);
    expect(latest?.end_reason).toBe('idle');
  });

  it('R3: a form posted without its CSRF token, or with another session\'s token, is refused', async () => {
    const victim = await loggedInClient(t, person.bsn);
    const missing = await victim.follow(await victim.request('/mijn-account/schermnaam', { form: { screenName: 'Gehackt' } }));
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('Formulier verlopen');
    const attacker = await loggedInClient(t, DEMO_CITIZENS[1]!.bsn);
    const page = await attacker.text('/mijn-account');
    const foreignToken = /name="_csrf" value="([^"]*)"/.exec(page.html)?.[1] ?? '';
    const forged = await victim.request('/mijn-account/schermnaam', { form: { _csrf: foreignToken, screenName: 'Gehackt' } });
    expect(forged.status).toBe(403);
    const account = await victim.text('/mijn-account');
    expect(account.html).not.toContain('Gehackt');
    // A logout without a token and without a same-origin sign is not taken: it lands on a page whose one button logs out.
    const logout = await new HttpClient(t.baseUrl).request('/uitloggen', { form: {} });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('location')).toBe('/uitloggen');
  });

  it('R3: pages are sent with a strict Content-Security-Policy and no caching', async () => {
    const response = await new HttpClient(t.baseUrl).request('/');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
