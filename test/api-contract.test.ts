import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { contractOf, rawApiRequest, type ApiResponse, type ClientCredentials } from './api-client.ts';
import { activateCitizens, organisationApi, type OrganisationApi } from './fixtures.ts';
import { startTestPortal, type TestPortal } from './portal.ts';

/**
 * The OpenAPI document is the contract: the served document is the one in the repository
 * (docs/openapi.json, linted by Spectral in CI), and answers the HTTP layer gives before any
 * route (limits, parser, unknown addresses) are exactly as it says. Every other test's API
 * answers are checked against it by the API client.
 */

const DOCUMENT_FILE = path.join(import.meta.dirname, '..', 'docs', 'openapi.json');
const johanna = DEMO_CITIZENS[0]!;
const REQUESTS_PER_MINUTE = 40;

let t: TestPortal;
let api: OrganisationApi;
let gemeente: ClientCredentials;
let uwv: ClientCredentials;

beforeAll(async () => {
  t = await startTestPortal({ API_ALLOW_BEARER_KEYS: 'false', API_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE), API_CONCURRENT_BATCHES: '1' });
  api = organisationApi(t);
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox', 'cases'] });
  uwv = await api.register({ oin: '00000001810220350000', name: 'UWV', capabilities: ['inbox'] });
  await activateCitizens(t, [johanna]);
});
afterAll(async () => {
  await t.close();
});

/** A raw request checked against the document, for answers the ordinary client cannot provoke. */
async function checked(input: Parameters<typeof rawApiRequest>[0] & { method: string }): Promise<ApiResponse> {
  const response = await rawApiRequest(input);
  expect((await contractOf(input.baseUrl, input.ca, input.credentials)).check(input.method, input.path, response)).toEqual([]);
  return response;
}

/** A request with a header larger than the HTTP parser accepts. */
function oversizedHeader(credentials: ClientCredentials): Promise<ApiResponse> {
  const url = new URL('/api/v1/messages/00000000-0000-7000-8000-000000000000', t.portal.apiUrl);
  return new Promise((resolve, reject) => {
    const request = https.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'GET', ca: api.ca.cert, cert: credentials.cert, key: credentials.key, agent: false, headers: { 'x-padding': 'x'.repeat(20_000) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) as unknown, text });
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('OpenAPI contract', () => {
  it('the served document is the one in the repository, with contact, problem+json and API-Version on every response', async () => {
    const served = (await api.call(gemeente, '/api/v1/openapi.json')).body as {
      info: { contact?: { email?: string } };
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }> }>>;
    };
    if (process.env.UPDATE_OPENAPI === '1') fs.writeFileSync(DOCUMENT_FILE, `${JSON.stringify(served, null, 2)}\n`);
    expect(served, 'docs/openapi.json is out of date: run npm run openapi:update').toEqual(JSON.parse(fs.readFileSync(DOCUMENT_FILE, 'utf8')));
    expect(served.info.contact?.email).toBeTruthy();
    for (const [route, item] of Object.entries(served.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(response.headers?.['API-Version'], `${method} ${route} ${status}`).toBeDefined();
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${method} ${route} ${status}`).toEqual(['application/problem+json']);
        }
      }
    }
  });

  it('answers of the HTTP layer are documented problems: 400 malformed JSON, 404 unknown address, 413, 414, 415, 431', async () => {
    const base = { baseUrl: t.portal.apiUrl, ca: api.ca.cert, credentials: gemeente };
    expect((await checked({ ...base, method: 'POST', path: '/api/v1/messages', rawBody: '{"recipient": ' })).status).toBe(400);
    expect((await checked({ ...base, method: 'GET', path: '/api/v1/nergens' })).status).toBe(404);
    expect((await checked({ ...base, method: 'POST', path: '/api/v1/recipient-checks', rawBody: JSON.stringify({ bsns: Array(4000).fill('999990007') }) })).status).toBe(413);
    expect((await checked({ ...base, method: 'GET', path: `/api/v1/cases/${'Z'.repeat(300)}` })).status).toBe(414);
    const plain = await checked({ ...base, method: 'POST', path: '/api/v1/messages', rawBody: 'hallo', headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    const tooLarge = await oversizedHeader(gemeente);
    expect(tooLarge.status).toBe(431);
    expect(tooLarge.headers['api-version']).toBe('1.0.0');
    expect((await contractOf(t.portal.apiUrl, api.ca.cert, gemeente)).check('GET', '/api/v1/messages/00000000-0000-7000-8000-000000000000', tooLarge)).toEqual([]);
  });

  it('R23: the API log names the route pattern and a correlation id, never the URL, a BSN or an internal error\'s message', async () => {
    const reference = johanna.bsn; // an organisation may (unwisely) use a BSN as its case reference
    await api.call(gemeente, `/api/v1/cases/${reference}`);
    const delivery = t.portal.inbox.delivery;
    const original = delivery.deliver;
    delivery.deliver = async () => {
      throw new Error(`insert failed for parameters [${johanna.bsn}, "Geheim onderwerp"]`);
    };
    let failed: ApiResponse;
    try {
      failed = await api.call(gemeente, '/api/v1/messages', { recipient: { bsn: johanna.bsn }, reference: 'log-1', subject: 'Geheim onderwerp', body: 'Inhoud' });
    } finally {
      delivery.deliver = original;
    }
    expect(failed.status).toBe(500);
    const instance = (failed.body as { instance: string }).instance;
    expect(instance).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const apiLines = t.logText().split('\n').filter((line) => line.includes('"server":"api"'));
    expect(apiLines.join('\n')).not.toContain(johanna.bsn);
    expect(apiLines.join('\n')).not.toContain('Geheim onderwerp');
    expect(apiLines.some((line) => line.includes('"route":"/api/v1/cases/:reference"'))).toBe(true);
    const failure = apiLines.find((line) => line.includes('api request failed'));
    expect(failure).toContain(instance.replace('urn:uuid:', ''));
    expect(failure).toContain('"route":"/api/v1/messages"');
  });

  it('fair under load: one organisation\'s concurrent batches beyond the cap get 429 with Retry-After', async () => {
    const batch = (n: number) => ({ messages: Array.from({ length: 200 }, (_v, i) => ({ recipient: { bsn: johanna.bsn }, reference: `cap-${n}-${i}`, subject: 'Onderwerp', body: 'Inhoud' })) });
    const answers = await Promise.all([1, 2, 3].map((n) => api.call(gemeente, '/api/v1/messages/batch', batch(n))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0]).toBe(200);
    const refused = answers.find((a) => a.status === 429);
    expect(refused, statuses.join(',')).toBeDefined();
    expect(refused?.headers['retry-after']).toBe('1');
    expect((refused?.body as { type: string }).type).toBe('urn:burgerportaal:problem:too-many-requests');
  });

  it('fair under load: past its rate one organisation gets 429 with Retry-After while another is still served', async () => {
    let limited: ApiResponse | undefined;
    for (let i = 0; i < REQUESTS_PER_MINUTE + 5 && !limited; i++) {
      const response = await api.call(gemeente, '/api/v1/messages/00000000-0000-7000-8000-000000000000');
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    expect((await api.call(uwv, '/api/v1/messages/00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });
});
