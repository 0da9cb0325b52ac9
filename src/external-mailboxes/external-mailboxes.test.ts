import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { samplePdf } from '../../test/api-client.ts';
import { citizenIdOf } from '../../test/fixtures.ts';
import { rowsOf, startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';
import { MagazijnDemo } from './demo/index.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const STORE = { id: 'waterschap', name: 'Waterschap Rivierenland', oin: '00000009990000002000' };
const CONSENT_PAGE = '/instellingen/andere-berichtenboxen';

let f: InboxFixture;
let store: MagazijnDemo;
let johannaMessage: string;
let fatimaMessage: string;

beforeAll(async () => {
  store = await MagazijnDemo.start({ oin: STORE.oin });
  johannaMessage = store.deliver({
    bsn: johanna.bsn,
    onderwerp: 'Aanslag watersysteemheffing',
    inhoud: 'Beste Johanna,\n\nDe aanslag zit in de bijlage.',
    publicatietijdstip: '2026-02-01T09:00:00Z',
    bijlagen: [{ naam: 'aanslag.pdf', mimeType: 'application/pdf', bytes: samplePdf() }],
  });
  store.deliver({ bsn: johanna.bsn, onderwerp: 'Werkzaamheden aan de dijk', inhoud: 'Van maart tot juni.', publicatietijdstip: '2026-01-15T08:00:00Z' });
  fatimaMessage = store.deliver({ bsn: fatima.bsn, onderwerp: 'Alleen voor Fatima', inhoud: 'Privé.' });
  f = await startInboxFixture(
    {
      EXTERNAL_MAILBOXES: JSON.stringify([{ ...STORE, url: store.url, timeoutMs: 500 }]),
      // Every request must reach the store in these tests (no breaker opens between them).
      REGISTER_BREAKER_VOLUME: '1000',
    },
    { workers: false },
  );
});
afterAll(async () => {
  await f.close();
  await store.close();
});
beforeEach(() => {
  store.mode = 'normal';
});

async function consentTo(bsn: string, action: 'toestemming' | 'intrekken') {
  const client = await f.as({ bsn });
  return client.submit(CONSENT_PAGE, `${CONSENT_PAGE}/${STORE.id}/${action}`, {});
}

function externalRows(html: string): string[] {
  return [...html.matchAll(/data-testid="external-row"[^>]*>([\s\S]*?)<\/tr>/g)].map((match) => (match[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

async function processing(citizenId: string, name: string): Promise<number> {
  const rows = await f.t.portal.db.selectFrom('processing_log').select('operation_name').where('data_subject_id', '=', citizenId).where('operation_name', '=', name).execute();
  return rows.length;
}

async function cacheRows(citizenId: string): Promise<number> {
  const rows = await f.t.portal.db.selectFrom('external_mailbox_cache').select('store_id').where('citizen_id', '=', citizenId).execute();
  return rows.length;
}

describe('external message stores (berichtenmagazijn)', () => {
  it('R19: the test message store answers as the published contract says (every answer checked with ajv against the OpenAPI document)', async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const document = parse(fs.readFileSync(path.join(here, 'contracts/fbs-berichtenmagazijn-api.yaml'), 'utf8')) as {
      paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }> }>>;
      components: { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
    };
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const format of ['int64', 'byte', 'binary']) ajv.addFormat(format, true);
    ajv.addSchema(document, 'magazijn');
    const check = async (template: string, requestPath: string, init: { method?: string; recipient?: string; body?: unknown; contentType?: string } = {}) => {
      const method = init.method ?? 'GET';
      const response = await fetch(`${store.url}${requestPath}`, {
        method,
        headers: { ...(init.recipient ? { 'x-ontvanger': init.recipient } : {}), ...(init.body ? { 'content-type': init.contentType ?? 'application/json' } : {}) },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
      let declared = document.paths[template]?.[method.toLowerCase()]?.responses[String(response.status)];
      expect(declared, `${method} ${template} → ${response.status} is declared`).toBeDefined();
      if (declared?.$ref) declared = document.components.responses[declared.$ref.split('/').pop() ?? ''];
      expect(response.headers.get('api-version')).toBe('0.2.0');
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0] ?? '';
      const types = Object.keys(declared?.content ?? {});
      expect(types.includes(mediaType) || types.includes('*/*'), `${mediaType} declared for ${template}`).toBe(true);
      if (mediaType.endsWith('json')) {
        const body: unknown = await response.json();
        const pointer = declared && 'schema' in (declared.content?.[mediaType] ?? {}) ? (declared.content?.[mediaType]?.schema as { $ref?: string }) : undefined;
        const validate = ajv.getSchema(`magazijn${pointer?.$ref ?? ''}`);
        expect(validate, `schema for ${template} ${response.status}`).toBeDefined();
        expect(validate?.(body), JSON.stringify(validate?.errors)).toBe(true);
        return { status: response.status, body };
      }
      return { status: response.status, body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
    };
    const me = `BSN:${johanna.bsn}`;
    expect((await check('/berichten', '/berichten', { recipient: me })).status).toBe(200);
    expect((await check('/berichten', '/berichten?page=0&pageSize=1', { recipient: me })).status).toBe(200);
    expect((await check('/berichten', '/berichten')).status).toBe(400);
    expect((await check('/berichten', '/berichten?pageSize=500', { recipient: me })).status).toBe(400);
    const message = await check('/berichten/{berichtId}', `/berichten/${johannaMessage}`, { recipient: me });
    expect(message.status).toBe(200);
    expect((await check('/berichten/{berichtId}', `/berichten/${fatimaMessage}`, { recipient: me })).status).toBe(403);
    expect((await check('/berichten/{berichtId}', '/berichten/00000000-0000-4000-8000-000000000000', { recipient: me })).status).toBe(404);
    const bijlage = (message.body as { bijlagen: { bijlageId: string }[] }).bijlagen[0]!;
    const file = await check('/berichten/{berichtId}/bijlagen/{bijlageId}', `/berichten/${johannaMessage}/bijlagen/${bijlage.bijlageId}`, { recipient: me });
    expect(file.status).toBe(200);
    expect(file.headers?.get('content-disposition')).toBe('attachment');
    expect((file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const other = (await check('/berichten', '/berichten', { recipient: `BSN:${fatima.bsn}` })).body as { berichten: { berichtId: string }[] };
    const patched = await check('/berichten/{berichtId}', `/berichten/${other.berichten[0]!.berichtId}`, { method: 'PATCH', recipient: `BSN:${fatima.bsn}`, body: { map: 'archief' }, contentType: 'application/merge-patch+json' });
    expect(patched.body).toMatchObject({ status: { gelezen: false, map: 'archief' } });
    expect((await check('/berichten/{berichtId}', `/berichten/${johannaMessage}`, { method: 'PATCH', recipient: me, body: { gelezen: true } })).status).toBe(415);
    expect((await check('/berichten/{berichtId}', `/berichten/${fatimaMessage}`, { method: 'PATCH', recipient: me, body: { gelezen: true }, contentType: 'application/merge-patch+json' })).status).toBe(403);
    const delivered = await check('/aanleveringen', '/aanleveringen', { method: 'POST', body: { afzender: STORE.oin, ontvanger: { type: 'BSN', waarde: '999990196' }, onderwerp: 'Test', inhoud: 'Tekst' } });
    expect(delivered.status).toBe(201);
    expect((await check('/aanleveringen', '/aanleveringen', { method: 'POST', body: { afzender: STORE.oin } })).status).toBe(400);
    store.mode = 'unavailable';
    expect((await check('/aanleveringen', '/aanleveringen', { method: 'POST', body: {} })).status).toBe(503);
  });

  it('R19: without consent nothing is fetched; consent is given on a Dutch page, recorded in the processing log, and the inbox then lists the store’s messages marked with their source', async () => {
    const client = await f.as(johanna);
    const citizenId = await citizenIdOf(f.t, johanna.bsn);
    const before = store.requestCount;
    const inbox = await client.text('/berichten');
    expect(inbox.status).toBe(200);
    expect(inbox.html).toContain('Berichten bij andere organisaties');
    expect(inbox.html).toContain('Met uw toestemming ziet u ze hier.');
    expect(externalRows(inbox.html)).toEqual([]);
    expect((await client.text(`/berichten/extern/${STORE.id}/${johannaMessage}`)).status).toBe(404);
    expect(store.requestCount).toBe(before);

    const page = await client.text(CONSENT_PAGE);
    expect(page.html).toContain('<html lang="nl"');
    expect(page.html).toContain('Waterschap Rivierenland');
    expect(page.html).toContain('Niet gegeven');
    // A form post without its CSRF token, or for an unknown store, changes nothing.
    expect((await client.request(`${CONSENT_PAGE}/${STORE.id}/toestemming`, { form: {} })).status).toBe(403);
    expect((await client.submit(CONSENT_PAGE, `${CONSENT_PAGE}/onbekend/toestemming`, {})).status).toBe(404);
    expect(await f.t.portal.db.selectFrom('external_mailbox_consents').select('store_id').where('citizen_id', '=', citizenId).execute()).toEqual([]);
    const granted = await consentTo(johanna.bsn, 'toestemming');
    expect(granted.status).toBe(200);
    expect(granted.html).toContain('U heeft toestemming gegeven voor Waterschap Rivierenland');
    expect(granted.html).toMatch(/data-consent="true"/);
    expect(await processing(citizenId, 'external-mailbox-consent-granted')).toBe(1);
    // Giving consent again changes nothing and records nothing new.
    await consentTo(johanna.bsn, 'toestemming');
    expect(await processing(citizenId, 'external-mailbox-consent-granted')).toBe(1);

    await f.deliver(f.gemeente, johanna.bsn, { subject: 'Eigen bericht van de gemeente' });
    const listed = await client.text('/berichten');
    expect(rowsOf(listed.html).some((row) => row.text.includes('Eigen bericht van de gemeente'))).toBe(true);
    expect(externalRows(listed.html)).toEqual([
      expect.stringContaining('Aanslag watersysteemheffing Berichtenbox van Waterschap Rivierenland'),
      expect.stringContaining('Werkzaamheden aan de dijk Berichtenbox van Waterschap Rivierenland'),
    ]);
    expect(listed.html).not.toContain('Alleen voor Fatima');
    expect(await cacheRows(citizenId)).toBe(1);
    // The citizen's BSN goes only in the X-Ontvanger header, never in a URL the store sees, nor in our log.
    expect(store.recipientHeaders.at(-1)).toBe(`BSN:${johanna.bsn}`);
    expect(store.requests.some((request) => request.path.includes(johanna.bsn))).toBe(false);
    expect(f.t.logText()).not.toContain(johanna.bsn);
    // Within the session the list comes from the encrypted session cache.
    const count = store.requestCount;
    await client.text('/berichten');
    expect(store.requestCount).toBe(count);
    const cached = await f.t.portal.db.selectFrom('external_mailbox_cache').select('list_encrypted').where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    expect(Buffer.from(cached.list_encrypted).toString('latin1')).not.toContain('watersysteemheffing');
    const english = await client.text('/berichten?lang=en');
    expect(english.html).toContain('Message box of Waterschap Rivierenland');
    await client.text('/berichten?lang=nl');
  });

  it('R19: opening a message and its attachment fetches them on demand and keeps nothing; another citizen’s message is not found', async () => {
    const client = await f.as(johanna);
    const citizenId = await citizenIdOf(f.t, johanna.bsn);
    const before = store.requestCount;
    const opened = await client.text(`/berichten/extern/${STORE.id}/${johannaMessage}`);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('Aanslag watersysteemheffing');
    expect(opened.html).toContain('Bron: berichtenbox van Waterschap Rivierenland');
    expect(opened.html).toContain('De aanslag zit in de bijlage.');
    // One GET for the message and one PATCH that marks it read at the store, as opening it means.
    expect(store.requests.slice(before).map((request) => request.method)).toEqual(['GET', 'PATCH']);
    expect(await processing(citizenId, 'external-message-opened')).toBeGreaterThan(0);
    const relisted = await client.text('/berichten');
    expect(relisted.html).toMatch(/data-unread="false"[^>]*>\s*<td[^>]*>\s*<a[^>]*>Aanslag watersysteemheffing/);
    expect(relisted.html).toMatch(/data-unread="true"[^>]*>\s*<td[^>]*>\s*<span[^>]*>Ongelezen<\/span> <a[^>]*><strong>Werkzaamheden aan de dijk/);
    const link = /href="([^"]+\/bijlagen\/[^"]+)"/.exec(opened.html)?.[1] ?? '';
    const download = await client.get(link);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="aanslag.pdf"/);
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // Nothing of the opened message is stored: only the list cache row exists.
    expect(await cacheRows(citizenId)).toBe(1);
    expect((await client.text(`/berichten/extern/${STORE.id}/${fatimaMessage}`)).status).toBe(404);
    expect((await client.text(`/berichten/extern/${STORE.id}/niet-een-id`)).status).toBe(404);
    expect((await client.text(`/berichten/extern/onbekend/${johannaMessage}`)).status).toBe(404);
    expect((await client.text(`${link.replace(/bijlagen\/.*/, 'bijlagen/00000000-0000-4000-8000-000000000000')}`)).status).toBe(404);
  });

  it('R19: a store that is down or slow leaves the rest of the inbox working, with a readable note', async () => {
    const client = await f.as(johanna);
    f.t.clock.advance(120_000); // past the session cache
    store.mode = 'unavailable';
    const down = await client.text('/berichten');
    expect(down.status).toBe(200);
    expect(rowsOf(down.html).some((row) => row.text.includes('Eigen bericht van de gemeente'))).toBe(true);
    expect(down.html).toContain('De berichtenbox van Waterschap Rivierenland is nu niet bereikbaar. Uw andere berichten ziet u wel.');
    const message = await client.text(`/berichten/extern/${STORE.id}/${johannaMessage}`);
    expect(message.status).toBe(503);
    expect(message.html).toContain('Wij konden dit bericht nu niet ophalen bij Waterschap Rivierenland');
    store.mode = 'slow';
    store.slowMs = 5_000;
    const started = Date.now();
    const slow = await client.text('/berichten');
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(rowsOf(slow.html).some((row) => row.text.includes('Eigen bericht van de gemeente'))).toBe(true);
    expect(slow.html).toContain('is nu niet bereikbaar');
    store.mode = 'normal';
    expect(externalRows((await client.text('/berichten')).html)).toHaveLength(2);
  });

  it('R19: withdrawing consent stops every fetch at once and removes anything cached: the store counts zero requests afterwards', async () => {
    const client = await f.as(johanna);
    const citizenId = await citizenIdOf(f.t, johanna.bsn);
    expect(await cacheRows(citizenId)).toBe(1);
    // A fetch under way when the citizen withdraws is aborted and leaves nothing behind.
    f.t.clock.advance(120_000);
    store.mode = 'slow';
    store.slowMs = 400;
    const seen = store.requestCount;
    const pending = client.text('/berichten');
    while (store.requestCount === seen) await new Promise((resolve) => setTimeout(resolve, 10));
    const withdrawn = await consentTo(johanna.bsn, 'intrekken');
    expect(withdrawn.html).toContain('U heeft uw toestemming voor Waterschap Rivierenland ingetrokken');
    expect(withdrawn.html).toMatch(/data-consent="false"/);
    const during = await pending;
    expect(externalRows(during.html)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await cacheRows(citizenId)).toBe(0);
    expect(await processing(citizenId, 'external-mailbox-consent-withdrawn')).toBe(1);

    store.mode = 'normal';
    const after = store.requestCount;
    const inbox = await client.text('/berichten');
    expect(externalRows(inbox.html)).toEqual([]);
    expect(inbox.html).not.toContain('Aanslag watersysteemheffing');
    expect((await client.text(`/berichten/extern/${STORE.id}/${johannaMessage}`)).status).toBe(404);
    expect((await client.text(`/berichten/extern/${STORE.id}/${johannaMessage}/bijlagen/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    f.t.clock.advance(120_000);
    await client.text('/berichten');
    expect(store.requestCount - after).toBe(0);
    expect(await cacheRows(citizenId)).toBe(0);
  });

  it('R19: logging out removes the session cache', async () => {
    const client = await f.as(fatima);
    const citizenId = await citizenIdOf(f.t, fatima.bsn);
    await consentTo(fatima.bsn, 'toestemming');
    const inbox = await client.text('/berichten');
    expect(externalRows(inbox.html)).toEqual([expect.stringContaining('Alleen voor Fatima')]);
    expect(await cacheRows(citizenId)).toBe(1);
    const page = await client.text('/berichten');
    const token = /name="_csrf" value="([^"]*)"/.exec(page.html)?.[1] ?? '';
    await client.follow(await client.request('/uitloggen', { form: { _csrf: token } }));
    expect(await cacheRows(citizenId)).toBe(0);
  });
});
