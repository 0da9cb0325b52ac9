import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { loggedInClient } from './fixtures.ts';
import { startTestPortal, type TestPortal } from './portal.ts';

const METRICS_TOKEN = 'metrics-token-van-minstens-32-tekens-lang';
let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal({ METRICS_TOKEN });
});
afterAll(async () => {
  await t?.close();
});

/** A GET with the path sent exactly as given (fetch would normalise backslashes and dot segments). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const url = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('smaller points from the security review', () => {
  it('R3: the language link on a 404 page stays on this site, whatever path was asked for', async () => {
    for (const path of ['//evil.example/x', '///evil.example/x', '/\\evil.example/x', '/\\/evil.example/x']) {
      const page = await rawGet(path);
      expect(page.status, path).toBe(404);
      const links = [...page.body.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');
      for (const href of links) expect(href, `${path}: ${href}`).toMatch(/^(#|\/(?![/\\]))/);
      expect(page.body).toContain('href="/evil.example/x?lang=en"');
    }
  });

  it('R18: a screen name with control or bidirectional-override characters is refused and not stored', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[0]!.bsn);
    for (const name of ['Jo\u202Eannah', 'Jo\u2066hanna\u2069', 'Jo\nhanna', 'Jo\thanna', 'Jo\u0000', 'Jo\u200Fhanna']) {
      const answer = await client.submit('/mijn-account', '/mijn-account/schermnaam', { screenName: name });
      expect(answer.status, JSON.stringify(name)).toBe(400);
      expect(answer.html).toContain('Uw schermnaam mag geen onzichtbare tekens bevatten');
    }
    expect(await t.portal.profile.screenName(await t.portal.accounts.findCitizenIdByBsn(DEMO_CITIZENS[0]!.bsn) ?? '')).toBeNull();
    // Letters of other scripts and emoji are fine.
    expect((await client.submit('/mijn-account', '/mijn-account/schermnaam', { screenName: 'يوهانا 👩‍💻' })).status).toBe(200);
  });

  it('R32: /metrics gives Prometheus figures without personal data, only to the holder of the token', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[1]!.bsn);
    await client.text('/mijn-account');
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: 'Bearer geraden-maar-niet-goed-en-lang-genoeg' } })).status).toBe(404);
    const answer = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    const text = await answer.text();
    expect(text).toMatch(/burgerportaal_http_requests_total\{server="web",route="\/mijn-account",method="GET",status="200"\} \d+/);
    expect(text).toContain('burgerportaal_notification_queue ');
    expect(text).toContain('burgerportaal_process_cpu_seconds_total');
    // Route patterns only: no ids, no BSN, no addresses.
    expect(text).not.toContain(DEMO_CITIZENS[1]!.bsn);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
