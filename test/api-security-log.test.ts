import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { clientCertificate, rawApiRequest, type ClientCredentials } from './api-client.ts';
import { organisationApi, type OrganisationApi } from './fixtures.ts';
import { startTestPortal, type TestPortal } from './portal.ts';

const CURL = 'curl/8.5.0';

let t: TestPortal;
let api: OrganisationApi;
let gemeente: ClientCredentials;
beforeAll(async () => {
  t = await startTestPortal({}, { workers: false });
  api = organisationApi(t);
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox'] });
});
afterAll(async () => {
  await t?.close();
});

const failures = () =>
  t.portal.db.selectFrom('processing_log').selectAll().where('operation_name', '=', 'api-authentication-failed').orderBy('start_time', 'asc').orderBy('log_id', 'asc').execute();
const send = (credentials: ClientCredentials | undefined, path: string, headers: Record<string, string> = {}) =>
  rawApiRequest({ baseUrl: t.portal.apiUrl, ca: api.ca.cert, path, method: 'POST', body: { recipient: { bsn: DEMO_CITIZENS[0]!.bsn } }, credentials, headers: { 'user-agent': CURL, ...headers } });

describe('R23: API authentication failures are security events', () => {
  it('R23: no credentials, a wrong bearer key, an unknown OIN and a blocked organisation are recorded without subject, BSN or raw path', async () => {
    expect((await send(undefined, '/api/v1/messages')).status).toBe(401);
    const lookup = await rawApiRequest({ baseUrl: t.portal.apiUrl, ca: api.ca.cert, path: '/api/v1/messages/00000000-0000-4000-8000-000000000000', credentials: { bearer: 'geen-geldige-sleutel' }, headers: { 'user-agent': CURL } });
    expect(lookup.status).toBe(401);
    const unknown = await clientCertificate(api.ca, '00000009999999999000', 'Onbekend');
    expect((await send(unknown, '/api/v1/messages')).status).toBe(403);
    await t.portal.organisations.setActive('00000001002220647000', false);
    expect((await send(gemeente, '/api/v1/messages')).status).toBe(403);
    await t.portal.organisations.setActive('00000001002220647000', true);
    const records = await failures();
    expect(records).toEqual([
      expect.objectContaining({ detail: 'unauthenticated', route: '/api/v1/messages', status_code: 2, processing_activity_id: 'urn:burgerportaal:verwerkingsactiviteit:beveiliging', data_subject_id: null, actor_citizen_id: null, user_agent_class: 'automated', client_address: '127.0.0.0/24' }),
      expect.objectContaining({ detail: 'unauthenticated', route: '/api/v1/messages/:id', data_subject_id: null }),
      expect.objectContaining({ detail: 'unknown-organisation', route: '/api/v1/messages', data_subject_id: null }),
      expect.objectContaining({ detail: 'organisation-blocked', route: '/api/v1/messages', data_subject_id: null }),
    ]);
    const security = await t.portal.accounts.securityEvents({ since: new Date(0) });
    expect(security.filter((event) => event.operation_name === 'api-authentication-failed')).toHaveLength(records.length);
    const everything = JSON.stringify(records);
    for (const secret of [DEMO_CITIZENS[0]!.bsn, '00000000-0000-4000-8000-000000000000', 'geen-geldige-sleutel', CURL]) expect(everything).not.toContain(secret);
  });

  it('R23: a successful request and the public contract are not recorded', async () => {
    const before = (await failures()).length;
    expect((await send(gemeente, '/api/v1/recipient-checks')).status).toBeLessThan(500);
    expect((await rawApiRequest({ baseUrl: t.portal.apiUrl, ca: api.ca.cert, path: '/api/v1/openapi.json' })).status).toBe(200);
    expect((await failures()).length).toBe(before);
  });
});
