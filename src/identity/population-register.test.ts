import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAccounts } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { brpHandlerFor, DEMO_CITIZENS, DemoRegisterServer } from '../registers/demo/index.ts';
import { isValidBsn } from './bsn.ts';

// People who exist only in this BRP test server, in the Haal Centraal BRP Personen shape.
const ADULT = '999990330';
const DECEASED = '999990342';
const CHILD = '999990354';
const datum = (iso: string) => ({ type: 'Datum', datum: iso, langFormaat: iso });
const PEOPLE = new Map<string, Record<string, unknown>>([
  [ADULT, { burgerservicenummer: ADULT, naam: { voornamen: 'Wilhelmina', geslachtsnaam: 'Brouwer', volledigeNaam: 'Wilhelmina Brouwer' }, geboorte: { datum: datum('1961-05-04') } }],
  [
    DECEASED,
    {
      burgerservicenummer: DECEASED,
      naam: { voornamen: 'Hendrik', geslachtsnaam: 'Mulder' },
      geboorte: { datum: datum('1940-01-01') },
      overlijden: { datum: datum('2024-02-02') },
      opschortingBijhouding: { reden: { code: 'O', omschrijving: 'overlijden' }, datum: datum('2024-02-02') },
    },
  ],
  // Only the birth year is known: counted from 31 December, so this child is under 14 in 2026.
  [CHILD, { burgerservicenummer: CHILD, naam: { voornamen: 'Noor', geslachtsnaam: 'Smit' }, geboorte: { datum: { type: 'JaarDatum', jaar: 2013, langFormaat: '2013' } } }],
]);

let brp: DemoRegisterServer;
let t: TestPortal;
beforeAll(async () => {
  brp = await DemoRegisterServer.start({ handler: brpHandlerFor(PEOPLE) });
  t = await startTestPortal({ BRP_URL: brp.url });
});
afterAll(async () => {
  await t.close();
  await brp.close();
});

describe('the population register is the BRP at BRP_URL', () => {
  it('R2: a person present only in a BRP test server logs in and gets an account', async () => {
    expect([ADULT, DECEASED, CHILD].every(isValidBsn)).toBe(true);
    expect(DEMO_CITIZENS.some((person) => person.bsn === ADULT)).toBe(false);
    const page = await new HttpClient(t.baseUrl).login(ADULT, 'midden', { typed: true });
    expect(page.status).toBe(200);
    expect(page.html).toContain('Welkom, Wilhelmina Brouwer');
    expect(await t.portal.accounts.findCitizenIdByBsn(ADULT)).not.toBeNull();
    // The BSN travelled in the request body only, never in a URL.
    expect(brp.requests.length).toBeGreaterThan(0);
    expect(brp.requests.every((request) => request.method === 'POST' && !request.url.includes(ADULT))).toBe(true);
  });

  it('R2: a person the BRP reports as deceased is refused, and no account is made', async () => {
    const before = await countAccounts(t);
    const page = await new HttpClient(t.baseUrl).login(DECEASED, 'midden', { typed: true });
    expect(page.status).toBe(403);
    expect(page.html).toContain('overleden');
    expect(await countAccounts(t)).toBe(before);
  });

  it('R2: a person the BRP gives only a birth year that could make them under 14 is refused', async () => {
    const page = await new HttpClient(t.baseUrl).login(CHILD, 'midden', { typed: true });
    expect(page.status).toBe(403);
    expect(page.html).toContain('vanaf 14 jaar');
    expect(await t.portal.accounts.findCitizenIdByBsn(CHILD)).toBeNull();
  });

  it('R2: the demo list is not consulted when BRP_URL is set: a demo person unknown to this BRP is refused', async () => {
    const johanna = DEMO_CITIZENS[0]!;
    const page = await new HttpClient(t.baseUrl).login(johanna.bsn);
    expect(page.status).toBe(403);
    expect(page.html).toContain('Basisregistratie Personen');
    expect(await t.portal.accounts.findCitizenIdByBsn(johanna.bsn)).toBeNull();
  });

  it('R2: messages and cases resolve recipients through the same register', async () => {
    const { organisation } = await t.portal.organisations.add({ oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox', 'cases'], mandatoryChannel: true });
    const message = (bsn: string, reference: string) => ({ recipient: { bsn }, reference, subject: 'Aanslag', body: 'Uw aanslag staat klaar.' });
    const outcomes = await t.portal.inbox.delivery.deliver(organisation, [message(ADULT, 'a-1'), message(DEMO_CITIZENS[1]!.bsn, 'a-2'), message(DECEASED, 'a-3')]);
    // R9: unknown and deceased are the same neutral refusal for every sender.
    expect(outcomes.map((outcome) => outcome.status)).toEqual([201, 422, 422]);
    await expect(
      t.portal.cases.reporting.putCase({ organisation, reference: 'Z-1', body: { recipient: { bsn: CHILD }, caseType: 'Aanvraag', title: 'Aanvraag', dossierUrl: 'https://example.nl/z/1', openedOn: '2026-11-01' } }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('R2: when the BRP cannot answer, login says so (503), stores nothing, and a delivery item is a 503 problem', async () => {
    brp.mode = 'error';
    try {
      const before = await countAccounts(t);
      const page = await new HttpClient(t.baseUrl).login('999990366', 'midden', { typed: true });
      expect(page.status).toBe(503);
      expect(page.html).toContain('Inloggen lukt nu even niet');
      expect(await countAccounts(t)).toBe(before);
      const organisation = (await t.portal.organisations.findByOin('00000001003214345000'))!;
      const [outcome] = await t.portal.inbox.delivery.deliver(organisation, [{ recipient: { bsn: '999990378' }, reference: 'b-1', subject: 'S', body: 'B' }]);
      expect(outcome).toMatchObject({ status: 503 });
    } finally {
      brp.mode = 'normal';
    }
  });
});
