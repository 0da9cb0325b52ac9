import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import type { ClientCredentials } from '../../test/api-client.ts';
import { loggedInClient, organisationApi, type OrganisationApi } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { postForm } from '../../test/representation-fixture.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const sanne = DEMO_CITIZENS[3]!;

let t: TestPortal;
let api: OrganisationApi;
let rechtbank: ClientCredentials;
let gemeente: ClientCredentials;

const body = (overrides: Record<string, unknown> = {}) => ({
  represented: { bsn: johanna.bsn },
  representative: { bsn: fatima.bsn },
  kind: 'curatele',
  legalBasis: 'Rechtbank Utrecht, C/16/123456',
  services: ['berichtenbox-read', 'lopende-zaken'],
  ...overrides,
});

beforeAll(async () => {
  t = await startTestPortal({ API_ALLOW_BEARER_KEYS: 'false' }, { workers: false });
  api = organisationApi(t);
  rechtbank = await api.register({ oin: '00000001001234567000', name: 'Rechtbank Utrecht', capabilities: ['representation'] });
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox'] });
});
afterAll(async () => {
  await t.close();
});

describe('legal representation over the organisation API', () => {
  it('R17: an organisation with the representation capability registers a curator, idempotently by reference', async () => {
    const first = await api.call(rechtbank, '/api/v1/representations/C-1', body(), 'PUT');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reference: 'C-1', kind: 'curatele', status: 'active', services: ['berichtenbox-read', 'lopende-zaken'] });
    expect(JSON.stringify(first.body)).not.toContain(johanna.bsn);
    const again = await api.call(rechtbank, '/api/v1/representations/C-1', body(), 'PUT');
    expect(again.status).toBe(200);
    const other = await api.call(rechtbank, '/api/v1/representations/C-1', body({ kind: 'bewind' }), 'PUT');
    expect(other.status).toBe(409);
    expect(await t.portal.db.selectFrom('mandates').select('mandate_id').where('reference', '=', 'C-1').execute()).toHaveLength(1);
  });

  it('R17: without the capability, with a minor representative or bad fields the API refuses', async () => {
    expect((await api.call(gemeente, '/api/v1/representations/C-2', body(), 'PUT')).status).toBe(403);
    const minor = await api.call(rechtbank, '/api/v1/representations/C-3', body({ representative: { bsn: sanne.bsn } }), 'PUT');
    expect(minor.status).toBe(422);
    expect((minor.body as { type: string }).type).toBe('urn:burgerportaal:problem:recipient-not-accepting');
    expect((await api.call(rechtbank, '/api/v1/representations/C-4', body({ kind: 'voogdij' }), 'PUT')).status).toBe(400);
  });

  it('R17: the represented citizen sees it and cannot revoke it; the curator acts; the organisation ends it', async () => {
    await api.call(rechtbank, '/api/v1/representations/C-5', body({ kind: 'mentorschap' }), 'PUT');
    const represented = await loggedInClient(t, johanna.bsn);
    const page = await represented.text('/machtigingen');
    expect(page.html).toContain('Mentorschap');
    expect(page.html).toContain('Geregistreerd door Rechtbank Utrecht. U kunt dit niet zelf intrekken.');
    expect(page.html).toContain('data-kind="mentorschap"');
    const id = (await t.portal.db.selectFrom('mandates').select('mandate_id').where('reference', '=', 'C-5').executeTakeFirstOrThrow()).mandate_id;
    expect((await postForm(represented, '/machtigingen', `/machtigingen/${id}/beeindigen`, [])).status).toBe(404);

    const curator = await loggedInClient(t, fatima.bsn);
    expect((await postForm(curator, '/machtigingen', '/namens', [['machtiging', id]])).location).toBe('/');
    expect((await curator.text('/zaken')).status).toBe(200);
    const ended = await api.call(rechtbank, '/api/v1/representations/C-5/end', undefined, 'POST');
    expect(ended.status).toBe(200);
    expect((ended.body as { status: string }).status).toBe('ended');
    expect((await api.call(rechtbank, '/api/v1/representations/C-5/end', undefined, 'POST')).status).toBe(200);
    const next = await curator.text('/zaken');
    expect(next.html).not.toContain('U handelt namens');
  });
});
