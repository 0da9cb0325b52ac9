import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import type { DemoMode } from '../registers/demo/index.ts';
import { REGISTER_SOURCES, type RegisterSource } from '../registers/index.ts';

const johanna = DEMO_CITIZENS[0]!; // no vehicles
const fatima = DEMO_CITIZENS[1]!; // partner, child, car, child benefit
const pieter = DEMO_CITIZENS[2]!; // car and motorcycle, ended WW
const sanne = DEMO_CITIZENS[3]!; // no benefits

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal({ REGISTER_TIMEOUT_MS: '400', REGISTER_TOTAL_TIMEOUT_MS: '1500', REGISTER_BREAKER_VOLUME: '1000' });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  for (const source of REGISTER_SOURCES) setMode(source, 'normal');
});

/**
 * The BRP answers login's own question (may this person log in?) normally: these tests are about
 * the Persoonlijke Gegevens query (the one asking for partners and children). A BRP that cannot
 * answer at login refuses the login itself: src/identity/population-register.test.ts.
 */
const personalDataQuery = (request: { body: unknown }) => JSON.stringify(request.body).includes('"partners"');

function setMode(source: RegisterSource, mode: DemoMode): void {
  const server = t.portal.demoRegisters!.server(source);
  server.mode = mode;
  server.slowMs = 3000;
  server.modeApplies = source === 'brp' ? personalDataQuery : null;
}

/** The page's blocks by source: their status and their text without tags. */
function blocksOf(html: string): Record<RegisterSource, { status: string; text: string; html: string }> {
  const blocks = {} as Record<RegisterSource, { status: string; text: string; html: string }>;
  for (const match of html.matchAll(/<section[^>]*data-testid="block-(\w+)" data-status="(\w+)">([\s\S]*?)<\/section>/g)) {
    const [, source, status, inner] = match;
    blocks[source as RegisterSource] = { status: status!, html: inner!, text: inner!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') };
  }
  return blocks;
}

async function pageFor(bsn: string, path = '/mijn-gegevens') {
  const client = new HttpClient(t.baseUrl);
  const started = Date.now();
  const landing = await client.login(bsn);
  const loginMs = Date.now() - started;
  const page = await client.text(path);
  return { client, landing, loginMs, page, blocks: blocksOf(page.html) };
}

describe('Persoonlijke Gegevens: adapters against the demo registers over HTTP', () => {
  it('R14 R15: normal data shows all four blocks, each with its authority and a correction route', async () => {
    const { page, blocks } = await pageFor(fatima.bsn);
    expect(page.status).toBe(200);
    expect(Object.keys(blocks)).toEqual(['brp', 'rdw', 'woz', 'benefits']);
    for (const source of REGISTER_SOURCES) {
      expect(blocks[source].status).toBe('ok');
      expect(blocks[source].html).toMatch(/data-testid="authority">Verantwoordelijk: \S/);
      expect(blocks[source].html).toMatch(/<details class="bp-reveal" data-testid="correction"><summary>[^<]+<\/summary>/);
      expect(blocks[source].html).toMatch(/href="https:\/\/www\.\w+\.nl/);
    }
    expect(blocks.brp.text).toContain('Fatima El Amrani');
    expect(blocks.brp.text).toContain('30 september 1987');
    expect(blocks.brp.text).toContain('Oudegracht 158 3511 AZ Utrecht');
    expect(blocks.brp.text).toContain('Nederlandse');
    expect(blocks.brp.text).toContain('Thomas Jansen, geregistreerd partnerschap sinds 14 juni 2014');
    expect(blocks.brp.text).toContain('Daan Jansen (geboren 20 november 2015)');
    expect(blocks.brp.text).toContain('de gemeente waar u staat ingeschreven (Utrecht)');
    expect(blocks.rdw.text).toContain('S-471-KV TOYOTA YARIS 18 maart 2021 18 maart 2027');
    expect(blocks.rdw.text).toContain('RDW (Rijksdienst voor het Wegverkeer)');
    expect(blocks.woz.text).toMatch(/€\s512\.000/);
    expect(blocks.woz.text).toContain('1 januari 2025');
    expect(blocks.woz.text).toContain('Oudegracht 158, 3511 AZ UTRECHT');
    expect(blocks.woz.text).toContain('de gemeente waarin de woning ligt (Utrecht)');
    expect(blocks.benefits.text).toContain('Kinderbijslag Sociale Verzekeringsbank (SVB) 1 januari 2016 31 december 2033');
    expect(page.html).not.toContain('tijdelijk niet beschikbaar');
  });

  it('R14: several vehicles, a vehicle without APK, and an ended benefit', async () => {
    const { blocks } = await pageFor(pieter.bsn);
    expect(blocks.rdw.text).toContain('89-ZTL-3 VOLKSWAGEN GOLF');
    expect(blocks.rdw.text).toContain('MF-12-BR HONDA CB500F 15 juni 2020 Geen APK-plicht');
    expect(blocks.benefits.text).toContain('WW-uitkering UWV 1 februari 2025 30 november 2025');
    expect(blocks.brp.text).toContain('Ingrid Smit, huwelijk sinds 14 september 2019');
    expect(blocks.brp.text).toContain('Sanne Bakker');
  });

  it('R14: the page is in English with ?lang=en, with the same data', async () => {
    const { blocks, page } = await pageFor(fatima.bsn, '/mijn-gegevens?lang=en');
    expect(page.html).toContain('<h1 class="utrecht-heading-1">My details</h1>');
    expect(blocks.rdw.text).toContain('S-471-KV TOYOTA YARIS 18 March 2021');
    expect(blocks.benefits.text).toContain('Responsible: the organisation that pays the benefit');
  });

  it('R14: empty data from a register is shown as "nothing registered", not as a failure', async () => {
    const withoutVehicles = await pageFor(johanna.bsn);
    expect(withoutVehicles.blocks.rdw).toMatchObject({ status: 'ok' });
    expect(withoutVehicles.blocks.rdw.text).toContain('Er staan geen voertuigen op uw naam.');
    expect(withoutVehicles.blocks.benefits.text).toContain('AOW-pensioen');
    const withoutBenefits = await pageFor(sanne.bsn);
    expect(withoutBenefits.blocks.benefits.text).toContain('Er zijn geen uitkeringen op uw naam bekend.');
  });

  const emptyText: Record<RegisterSource, string> = {
    brp: 'De Basisregistratie Personen heeft geen gegevens over u gegeven.',
    rdw: 'Er staan geen voertuigen op uw naam.',
    woz: 'Wij hebben geen WOZ-waarde gevonden voor uw woonadres.',
    benefits: 'Er zijn geen uitkeringen op uw naam bekend.',
  };

  it.each(REGISTER_SOURCES)('R14: %s answers with empty data: its block says so, the others show their data', async (source) => {
    setMode(source, 'empty');
    const { blocks } = await pageFor(fatima.bsn);
    for (const other of REGISTER_SOURCES) expect(blocks[other].status).toBe('ok');
    expect(blocks[source].text).toContain(emptyText[source]);
    if (source !== 'brp') expect(blocks.brp.text).toContain('Fatima El Amrani');
  });

  // A register that fails makes only its own block unavailable; the WOZ block needs the BRP's address.
  const cases: [string, DemoMode][] = [
    ['a malformed response', 'malformed'],
    ['a response that is not JSON', 'garbage'],
    ['a timeout', 'slow'],
    ['HTTP 500', 'error'],
  ];
  for (const [description, mode] of cases) {
    it.each(REGISTER_SOURCES)(`R14: %s with ${description}: that block is "tijdelijk niet beschikbaar", the others still show`, async (source) => {
      setMode(source, mode);
      const { landing, loginMs, blocks } = await pageFor(fatima.bsn);
      expect(landing.status).toBe(200);
      expect(landing.html).toContain('Welkom, Fatima El Amrani');
      expect(loginMs).toBeLessThan(3000);
      expect(blocks[source].status).toBe('unavailable');
      expect(blocks[source].text).toContain('tijdelijk niet beschikbaar');
      // The authority and the correction route stay visible for an unavailable block (R15).
      expect(blocks[source].html).toContain('data-testid="authority"');
      expect(blocks[source].html).toContain('data-testid="correction"');
      const dependent = source === 'brp' ? ['woz'] : [];
      for (const other of REGISTER_SOURCES.filter((candidate) => candidate !== source && !dependent.includes(candidate))) {
        expect(blocks[other].status, other).toBe('ok');
      }
      if (source !== 'rdw') expect(blocks.rdw.text).toContain('S-471-KV');
    });
  }

  it('R14: when every register hangs, login still finishes within the total time limit', async () => {
    for (const source of REGISTER_SOURCES) setMode(source, 'slow');
    const { landing, loginMs, blocks } = await pageFor(johanna.bsn);
    expect(landing.html).toContain('Welkom, Johanna de Vries');
    expect(loginMs).toBeLessThan(3000);
    for (const source of REGISTER_SOURCES) expect(blocks[source].status).toBe('unavailable');
  });

  it('R14 R23: the BSN travels only in request bodies, and no BSN or register data reaches the logs', async () => {
    await pageFor(pieter.bsn);
    for (const source of REGISTER_SOURCES) {
      const requests = t.portal.demoRegisters!.server(source).requests;
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) for (const person of DEMO_CITIZENS) expect(request.url).not.toContain(person.bsn);
    }
    expect(t.portal.demoRegisters!.server('woz').requests.at(-1)?.url).toBe('/wozobjecten?nummeraanduidingIdentificatie=0014200000012001');
    const logs = t.logText();
    expect(logs).toContain('register fetched');
    expect(logs).toContain('register unavailable');
    for (const person of DEMO_CITIZENS) expect(logs).not.toContain(person.bsn);
    for (const secret of ['89-ZTL-3', 'Ingrid', 'Kinderbijslag', 'VOLKSWAGEN', 'Grote Markt']) expect(logs).not.toContain(secret);
  });

  it('R14: the page asks to log in when nobody is logged in', async () => {
    const anonymous = await new HttpClient(t.baseUrl).text('/mijn-gegevens');
    expect(anonymous.status).toBe(401);
  });
});
