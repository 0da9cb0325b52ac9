import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truncateAddress, userAgentClass } from '../src/identity/processing-log.ts';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { citizenIdOf, loggedInClient } from './fixtures.ts';
import { HttpClient } from './http-client.ts';
import { startTestPortal, type TestPortal } from './portal.ts';

const [johanna, fatima] = DEMO_CITIZENS;
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal({ TRUST_PROXY: 'loopback', RATE_LIMIT_LOGIN_STARTS: '6' }, { workers: false });
});
afterAll(async () => {
  await t?.close();
});

function records(where: { name?: string; subject?: string } = {}) {
  let query = t.portal.db.selectFrom('processing_log').selectAll().orderBy('start_time', 'desc');
  if (where.name) query = query.where('operation_name', '=', where.name);
  if (where.subject) query = query.where('data_subject_id', '=', where.subject);
  return query.execute();
}

describe('R23: one processing log, two views', () => {
  it('R23 R5: a login is one record in the Logboek shape that both the usage history and the security log read; so is the logout', async () => {
    const client = await loggedInClient(t, johanna!.bsn);
    const citizenId = await citizenIdOf(t, johanna!.bsn);
    const [login] = await records({ name: 'login', subject: citizenId });
    expect(login).toMatchObject({
      status_code: 1,
      processing_activity_id: 'urn:burgerportaal:verwerkingsactiviteit:gebruik',
      data_subject_id: citizenId,
      actor_citizen_id: citizenId,
      detail: 'midden',
      client_address: '127.0.0.0/24',
      route: '/auth/callback',
    });
    expect(login!.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(login!.operation_id).toMatch(/^[0-9a-f]{16}$/);
    expect(login!.user_agent_class).not.toBeNull();
    // The same record, not a copy, in both views.
    const history = await t.portal.accounts.usageHistory(citizenId);
    expect(history.activity.map((entry) => entry.activity_id)).toContain(login!.log_id);
    const security = await t.portal.accounts.securityEvents({ since: new Date(0) });
    expect(security.map((event) => event.log_id)).toContain(login!.log_id);

    await client.request('/uitloggen', { form: { _csrf: 'oud' }, headers: { 'sec-fetch-site': 'same-origin' } });
    const [logout] = await records({ name: 'logout', subject: citizenId });
    expect(logout).toBeDefined();
    expect((await t.portal.accounts.securityEvents({ since: new Date(0) })).map((event) => event.log_id)).toContain(logout!.log_id);
  });

  it('R23: refusals are recorded with time, truncated address, user-agent class and the route pattern, never the raw path', async () => {
    const client = await loggedInClient(t, fatima!.bsn);
    const citizenId = await citizenIdOf(t, fatima!.bsn);
    const from = { 'x-forwarded-for': '203.0.113.45', 'user-agent': IPHONE };

    expect((await client.request('/mijn-account/schermnaam', { form: { _csrf: 'vervalst', screenName: 'X' }, headers: from })).status).toBe(403);
    const [csrf] = await records({ name: 'csrf-refused' });
    expect(csrf).toMatchObject({ status_code: 2, processing_activity_id: 'urn:burgerportaal:verwerkingsactiviteit:beveiliging', data_subject_id: citizenId, client_address: '203.0.113.0/24', user_agent_class: 'mobile-browser', route: '/mijn-account/schermnaam' });
    expect(Math.abs(new Date(csrf!.start_time).getTime() - t.clock.now().getTime())).toBeLessThan(60_000);

    const foreign = randomUUID();
    expect((await client.request(`/berichten/${foreign}`, { headers: from })).status).toBe(404);
    const [refused] = await records({ name: 'authorisation-refused' });
    expect(refused).toMatchObject({ data_subject_id: citizenId, route: '/berichten/:id' });

    const visitor = new HttpClient(t.baseUrl);
    const callback = await visitor.loginUntilCallback(fatima!.bsn);
    await visitor.follow(await visitor.request(callback.replace(/state=[^&]+/, 'state=vervalst')));
    const [failed] = await records({ name: 'login-failed' });
    expect(failed).toMatchObject({ data_subject_id: null, detail: 'failed', route: '/auth/callback' });

    for (let i = 0; i < 7; i++) await (await fetch(`${t.baseUrl}/inloggen`, { redirect: 'manual', headers: { 'x-forwarded-for': '2001:db8:abcd:12::1' } })).arrayBuffer();
    const [limited] = await records({ name: 'rate-limited' });
    expect(limited).toMatchObject({ route: '/inloggen', client_address: '2001:db8:abcd::/48', user_agent_class: 'automated' });

    const everything = JSON.stringify(await records());
    for (const secret of [foreign, '203.0.113.45', '2001:db8:abcd:12::1', IPHONE, johanna!.bsn, fatima!.bsn]) expect(everything).not.toContain(secret);
  });

  it('R23: addresses are cut to their network and user agents to a class', () => {
    expect(truncateAddress('192.0.2.123')).toBe('192.0.2.0/24');
    expect(truncateAddress('::ffff:192.0.2.9')).toBe('192.0.2.0/24');
    expect(truncateAddress('2001:0db8:00ab:1:2:3:4:5')).toBe('2001:db8:ab::/48');
    expect(truncateAddress('::1')).toBe('0:0:0::/48');
    expect(truncateAddress('geen adres')).toBeNull();
    expect(userAgentClass(IPHONE)).toBe('mobile-browser');
    expect(userAgentClass('Mozilla/5.0 (X11; Linux x86_64) Chrome/130')).toBe('desktop-browser');
    expect(userAgentClass('curl/8.0')).toBe('automated');
  });

  it('R23 R25: security events have their own retention, purged with a record in the audit log; the usage history keeps its records', async () => {
    const citizenId = await citizenIdOf(t, johanna!.bsn);
    const usageBefore = (await t.portal.accounts.usageHistory(citizenId)).activity.length;
    expect((await records({ name: 'csrf-refused' })).length).toBeGreaterThan(0);
    t.clock.advance(181 * 24 * 60 * 60 * 1000);
    const job = t.portal.modules.identity.jobs?.find((candidate) => candidate.name === 'security-log-retention');
    expect(await job?.run()).toBeGreaterThan(0);
    const audited = (await t.portal.db.selectFrom('audit_log').select('entry').execute()).map((row) => JSON.parse(row.entry) as { action: string; target: { id: string } });
    expect(audited.filter((entry) => entry.action === 'retention.purge' && entry.target.id === 'session-security-logs')).toHaveLength(1);
    for (const name of ['csrf-refused', 'authorisation-refused', 'login-failed', 'rate-limited']) expect(await records({ name }), name).toHaveLength(0);
    expect((await t.portal.accounts.usageHistory(citizenId)).activity.length).toBe(usageBefore);
  });
});
