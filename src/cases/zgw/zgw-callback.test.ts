import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateCitizens, countRows } from '../../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../../test/portal.ts';
import { DEMO_CITIZENS } from '../../registers/demo/citizens.ts';
import { ZgwTestServer } from './test-server.ts';
import { callbackAuthorization, zgwToken } from './zgw-jwt.ts';

const johanna = DEMO_CITIZENS[0]!;
const OIN = '00000001002220647000';
const CLIENT = { id: 'burgerportaal', secret: 'zgw-test-secret-van-voldoende-lengte' };

let zgw: ZgwTestServer;
let other: ZgwTestServer;
let t: TestPortal;
let zaaktype: { url: string; statustypen: string[] };
const source = () => ({ id: 'utrecht', oin: OIN, zakenUrl: zgw.zakenUrl, catalogiUrl: zgw.catalogiUrl, notificatiesUrl: zgw.notificatiesUrl, clientId: CLIENT.id, secret: CLIENT.secret, dossierUrlTemplate: 'https://pip.utrecht.example/zaken/{identificatie}' });
const callbackUrl = () => `${t.baseUrl}/zgw/notificaties/utrecht`;

async function counts() {
  const count = (table: 'cases' | 'case_statuses' | 'citizens') => countRows(t, table);
  return { cases: await count('cases'), statuses: await count('case_statuses'), citizens: await count('citizens') };
}

// As a case worker's application does: POST /statussen on the Zaken API, with a ZGW JWT.
async function setStatusOverHttp(zaak: string, statustype: string, datumStatusGezet: string) {
  const response = await fetch(`${zgw.zakenUrl}/statussen`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await zgwToken(CLIENT.id, CLIENT.secret)}` },
    body: JSON.stringify({ zaak, statustype, datumStatusGezet }),
  });
  expect(response.status).toBe(201);
  await zgw.notificaties.settled();
}

function newZaak(identificatie: string, bsn: string | null) {
  const zaak = zgw.data.createZaak({ zaaktype: zaaktype.url, identificatie, omschrijving: 'Aanvraag kapvergunning', startdatum: '2025-05-01', einddatumGepland: '2025-06-26' });
  if (bsn) zgw.data.addRol({ zaak: zaak.uuid, bsn });
  zgw.data.addRol({ zaak: zaak.uuid, betrokkeneType: 'medewerker', omschrijvingGeneriek: 'behandelaar' });
  return `${zgw.zakenUrl}/zaken/${zaak.uuid}`;
}

beforeAll(async () => {
  zgw = await ZgwTestServer.start({ clients: { [CLIENT.id]: CLIENT.secret } });
  other = await ZgwTestServer.start({ clients: { [CLIENT.id]: CLIENT.secret } });
  zaaktype = zgw.data.addZaaktype({ identificatie: 'KAP', omschrijving: 'Kapvergunning', statustypen: ['Aanvraag ontvangen', 'In behandeling', 'Besluit genomen'] });
  t = await startTestPortal({ ZGW_SOURCES: JSON.stringify([source()]), NOTIFICATION_DELAY_MS: '3600000' });
  await t.portal.organisations.add({ oin: OIN, name: 'Gemeente Utrecht', capabilities: ['cases'] });
  await activateCitizens(t, [johanna]);
});
afterAll(async () => {
  await t?.close();
  await zgw?.close();
  await other?.close();
});

describe('ZGW zero-code connection', () => {
  it('R11: the portal holds an abonnement on the zaken kanaal whose callback the Notificaties API verified', () => {
    const abonnementen = [...zgw.notificaties.abonnementen.values()];
    expect(abonnementen).toHaveLength(1);
    expect(abonnementen[0]).toMatchObject({ callbackUrl: callbackUrl(), kanalen: [{ naam: 'zaken' }] });
    expect(abonnementen[0]?.auth).toBe(callbackAuthorization(source()));
  });

  it('R11 R12 R13: a notification callback leads to the right case and status, through to the final status', async () => {
    const zaak = newZaak('ZAAK-2025-0001', johanna.bsn);
    await setStatusOverHttp(zaak, zaaktype.statustypen[0]!, '2025-05-01T08:00:00Z');
    expect(zgw.notificaties.deliveries.at(-1)).toMatchObject({ callbackUrl: callbackUrl(), status: 204, notificatie: { kanaal: 'zaken', resource: 'status', actie: 'create', hoofdObject: zaak } });
    const citizenId = (await t.portal.accounts.findCitizenIdByBsn(johanna.bsn))!;
    let [item] = await t.portal.cases.citizenCases.list(citizenId);
    expect(item).toMatchObject({ organisationName: 'Gemeente Utrecht', reference: 'ZAAK-2025-0001', caseType: 'Kapvergunning', title: 'Aanvraag kapvergunning', dossierUrl: 'https://pip.utrecht.example/zaken/ZAAK-2025-0001', openedOn: '2025-05-01', expectedEndOn: '2025-06-26', nextStep: 'In behandeling', closed: false });
    expect(item?.current?.label).toBe('Aanvraag ontvangen');
    const outbox = await t.portal.database.db.selectFrom('notification_outbox').selectAll().where('citizen_id', '=', citizenId).executeTakeFirst();
    expect(outbox).toBeDefined();

    await setStatusOverHttp(zaak, zaaktype.statustypen[1]!, '2025-05-08T08:00:00Z');
    await setStatusOverHttp(zaak, zaaktype.statustypen[2]!, '2025-06-01T08:00:00Z');
    [item] = await t.portal.cases.citizenCases.list(citizenId);
    const detail = await t.portal.cases.citizenCases.get(citizenId, item!.caseId);
    expect(detail?.timeline.map((s) => [s.sequence, s.label, s.final])).toEqual([
      [1, 'Aanvraag ontvangen', false],
      [2, 'In behandeling', false],
      [3, 'Besluit genomen', true],
    ]);
    expect(detail?.closed).toBe(true);
  });

  it('R11: an unauthenticated or wrongly authenticated callback is refused and changes nothing', async () => {
    const zaak = newZaak('ZAAK-2025-0002', johanna.bsn);
    zgw.data.addStatus({ zaak, statustype: zaaktype.statustypen[0]!, datumStatusGezet: '2025-05-02T08:00:00Z' });
    const body = JSON.stringify({ kanaal: 'zaken', hoofdObject: zaak, resource: 'status', resourceUrl: zaak, actie: 'create', aanmaakdatum: new Date().toISOString(), kenmerken: {} });
    const before = await counts();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer geraden' },
      { authorization: `Bearer ${await zgwToken(CLIENT.id, CLIENT.secret)}` },
      { authorization: callbackAuthorization({ id: 'andere-bron', secret: CLIENT.secret }) },
    ];
    for (const headers of attempts) {
      const response = await fetch(callbackUrl(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect(response.status).toBe(401);
    }
    expect((await fetch(`${t.baseUrl}/zgw/notificaties/onbekend`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: callbackAuthorization(source()) }, body })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('R11: the callback checks its token before it reads the body: broken or oversized bodies without it are a 401', async () => {
    for (const payload of ['{"kanaal": "zaken", ', 'x'.repeat(2 * 1024 * 1024)]) {
      const response = await fetch(callbackUrl(), { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer geraden' }, body: payload });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('R11: a callback for an unknown or a foreign zaak changes nothing and sends no token elsewhere', async () => {
    const before = await counts();
    const foreignZaak = other.data.createZaak({ zaaktype: zaaktype.url, identificatie: 'X-1', omschrijving: 'Elders', startdatum: '2025-01-01' });
    other.data.addRol({ zaak: foreignZaak.uuid, bsn: johanna.bsn });
    for (const hoofdObject of [`${other.zakenUrl}/zaken/${foreignZaak.uuid}`, `${zgw.zakenUrl}/zaken/00000000-0000-4000-8000-000000000000`]) {
      const response = await fetch(callbackUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: callbackAuthorization(source()) },
        body: JSON.stringify({ kanaal: 'zaken', hoofdObject, resource: 'zaak', resourceUrl: hoofdObject, actie: 'update', aanmaakdatum: new Date().toISOString(), kenmerken: {} }),
      });
      expect(response.status).toBe(204);
    }
    expect(await counts()).toEqual(before);
    expect(other.requests).toEqual([]);
  });

  it('R11: a zaak without a BSN role is skipped with a logged reason, and no BSN reaches the log', async () => {
    const zaak = newZaak('ZAAK-2025-0003', null);
    const before = await counts();
    await setStatusOverHttp(zaak, zaaktype.statustypen[0]!, '2025-05-03T08:00:00Z');
    expect(await counts()).toEqual(before);
    const uuid = zaak.split('/').pop()!;
    const line = t.logText().split('\n').find((entry) => entry.includes(uuid) && entry.includes('zgw zaak skipped'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ zgwSource: 'utrecht', zaak: uuid, reason: 'no-bsn-role' });
    for (const person of DEMO_CITIZENS) expect(t.logText()).not.toContain(person.bsn);
  });
});
