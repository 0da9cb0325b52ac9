import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inScope, type CitizenContext } from '../platform/module.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { samplePdf } from '../../test/api-client.ts';
import { loggedInClient, organisationApi } from '../../test/fixtures.ts';
import type { HttpClient } from '../../test/http-client.ts';
import { startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';
import { grantMandate, pendingMandateId, postForm } from '../../test/representation-fixture.ts';
import { SERVICES } from './index.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;

let f: InboxFixture;
let grantor: HttpClient;
let representative: HttpClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  f = await startInboxFixture({ NOTIFICATION_DELAY_MS: '600000' }, { workers: false });
  grantor = await loggedInClient(f.t, johanna.bsn);
  representative = await loggedInClient(f.t, fatima.bsn);
  ids.id = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Matrix', attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: samplePdf('A').toString('base64') }] });
  const reference = `Z-matrix-${Date.now()}`;
  const put = await organisationApi(f.t).call(f.gemeente, `/api/v1/cases/${reference}`, { recipient: { bsn: johanna.bsn }, caseType: 'Parkeervergunning', title: 'Matrix', dossierUrl: 'https://example.org/z', openedOn: '2025-03-01' }, 'PUT');
  expect(put.status).toBeLessThan(300);
  const row = await f.t.portal.db.selectFrom('cases').select('case_id').where('citizen_id', '=', (await f.t.portal.accounts.findCitizenIdByBsn(johanna.bsn)) ?? '').executeTakeFirstOrThrow();
  ids.caseId = row.case_id;
  ids.position = '0';
  ids.organisation = (await f.t.portal.organisations.list()).find((organisation) => organisation.name === 'Gemeente Utrecht')?.organisationId ?? '';
});
afterAll(async () => {
  await f.close();
});

/** A path for a route pattern, with the represented citizen's own ids (so in scope means found). */
function pathOf(pattern: string): string {
  return pattern.replace(/:(\w+)/g, (_match, name: string) => ids[name] ?? '01900000-0000-7000-8000-000000000000');
}

async function mandateFor(service: string): Promise<string> {
  const granted = await grantMandate(grantor, { bsn: fatima.bsn, services: [service] });
  const id = pendingMandateId((await representative.text('/machtigingen')).html);
  if (!id || !granted.code) throw new Error('no pending mandate');
  await postForm(representative, '/machtigingen', `/machtigingen/${id}/accepteren`, [['code', granted.code]]);
  return id;
}

describe('authorisation matrix, generated from the web route table', () => {
  it('R17: every route declares its representation scope (a new route without one fails here)', () => {
    const undeclared = (f.t.portal.web?.routeTable() ?? []).filter((route) => route.representation === undefined).map((route) => `${route.method} ${route.url}`);
    expect(undeclared).toEqual([]);
  });

  it('R17: every citizen route × every service scope: allowed inside the scope, 404 outside', async () => {
    const routes = (f.t.portal.web?.routeTable() ?? []).filter((route) => route.method !== 'HEAD' && route.representation !== 'anyone');
    expect(routes.length).toBeGreaterThan(10);
    const checked: string[] = [];
    for (const service of SERVICES) {
      const mandateId = await mandateFor(service);
      const context = { representation: { mandateId, services: [service], kind: 'mandate', organisationIds: null } } as unknown as CitizenContext;
      for (const route of routes) {
        // Act anew for each request: a manage action (e.g. "move to bin") must not affect the next one.
        expect((await postForm(representative, '/machtigingen', '/namens', [['machtiging', mandateId]])).location).toBe('/');
        const path = pathOf(route.url);
        const answer = route.method === 'GET' ? await representative.request(path) : (await postForm(representative, '/', path, [['toestaan', 'ja'], ['organisatie', ids.organisation ?? '']]));
        const status = 'status' in answer ? answer.status : 0;
        if ('arrayBuffer' in answer) await answer.arrayBuffer();
        const allowed = inScope(context, route.representation);
        checked.push(`${service} ${route.method} ${route.url} ${allowed ? 'allowed' : 'refused'} ${status}`);
        if (allowed) expect(status, `${service}: ${route.method} ${route.url}`).not.toBe(404);
        else expect(status, `${service}: ${route.method} ${route.url}`).toBe(404);
        await postForm(representative, '/', '/namens/stoppen', []);
      }
      await postForm(grantor, '/machtigingen', `/machtigingen/${mandateId}/beeindigen`, []);
    }
    // Each service opens something, and nothing a representative may never do is opened.
    expect(checked.filter((line) => line.includes(' allowed ')).length).toBeGreaterThan(0);
    expect(checked.filter((line) => /\/(mijn-account|machtigingen)/.test(line) && line.includes(' allowed '))).toEqual([]);
  });
});
