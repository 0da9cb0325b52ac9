import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf, type ClientCredentials } from '../../test/api-client.ts';
import { activateCitizens, countAccounts, countRows, organisationApi, type OrganisationApi } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { DEMO_CITIZENS, DEMO_UNKNOWN_BSN } from '../registers/demo/citizens.ts';

const johanna = DEMO_CITIZENS[0]!; // activated
const fatima = DEMO_CITIZENS[1]!; // activated, switched the gemeente off
const sanne = DEMO_CITIZENS[3]!; // may have an account, never logged in
const child = DEMO_CITIZENS.find((p) => p.givenNames === 'Daan')!;
const deceased = DEMO_CITIZENS.find((p) => p.deathDate)!;

let t: TestPortal;
let api: OrganisationApi;
let gemeente: ClientCredentials;
let belastingdienst: ClientCredentials;

const message = (bsn: string, overrides: Record<string, unknown> = {}) => ({ recipient: { bsn }, reference: `r9-${randomUUID()}`, subject: 'Onderwerp', body: 'Inhoud.', ...overrides });
const check = async (sender: ClientCredentials, bsns: string[]) =>
  ((await api.call(sender, '/api/v1/recipient-checks', { bsns })).body as { results: { bsn: string; accepted: boolean; activated?: boolean }[] }).results;
const messageCount = () => countRows(t, 'messages');

beforeAll(async () => {
  t = await startTestPortal({ API_ALLOW_BEARER_KEYS: 'false', REGISTER_BREAKER_VOLUME: '1000' });
  api = organisationApi(t);
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox'] });
  belastingdienst = await api.register({ oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true });
  const [, fatimaId] = await activateCitizens(t, [johanna, fatima]);
  const organisation = await t.portal.organisations.findByOin('00000001002220647000');
  await t.portal.database.db.insertInto('message_preferences').values({ citizen_id: fatimaId!, organisation_id: organisation!.organisationId, allowed: false, changed_at: new Date() }).execute();
});
afterAll(async () => {
  await t.close();
});

const people = [
  ['an activated citizen', johanna.bsn],
  ['a citizen who switched the sender off', fatima.bsn],
  ['a person who never logged in', sanne.bsn],
  ['a BSN not in the register', DEMO_UNKNOWN_BSN],
  ['a child under 14', child.bsn],
  ['a deceased person', deceased.bsn],
  ['a BSN failing the eleven test', '999990008'],
] as const;

describe('R9: one disclosure rule for recipient checks and delivery', () => {
  it('R9: for a sender that is not a mandatory channel the check predicts delivery exactly, and every refusal is the same neutral problem', async () => {
    const results = await check(gemeente, people.map(([, bsn]) => bsn));
    expect(results.map((r) => r.accepted)).toEqual([true, false, false, false, false, false, false]);
    for (const result of results) expect(Object.keys(result).sort()).toEqual(['accepted', 'bsn']);
    const refusals = new Set<string>();
    for (const [index, [, bsn]] of people.entries()) {
      const before = await messageCount();
      const response = await api.call(gemeente, '/api/v1/messages', message(bsn));
      expect(response.status === 201, `${people[index]?.[0]}: ${response.text}`).toBe(results[index]?.accepted);
      if (response.status !== 201 && bsn !== '999990008') {
        expect(response.status).toBe(422);
        const problem = { ...(response.body as Record<string, unknown>) };
        delete problem.instance;
        refusals.add(JSON.stringify(problem));
        expect(await messageCount()).toBe(before);
      }
    }
    // Not in the register, under 14, deceased, not activated, switched off: indistinguishable.
    expect([...refusals]).toEqual([JSON.stringify({ type: 'urn:burgerportaal:problem:recipient-not-accepting', title: 'Recipient does not accept messages', status: 422, detail: 'This recipient does not accept messages from your organisation.' })]);
  });

  it('R9 R8: a mandatory-channel sender reaches everyone who may have an account, learns activation and nothing else', async () => {
    const accountsBefore = await countAccounts(t);
    const results = await check(belastingdienst, people.map(([, bsn]) => bsn));
    expect(results.map((r) => [r.accepted, r.activated])).toEqual([
      [true, true],
      [true, true],
      [true, false],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
    ]);
    // The check itself creates no account.
    expect(await countAccounts(t)).toBe(accountsBefore);
    const refusals = new Set<string>();
    for (const [index, [, bsn]] of people.entries()) {
      const response = await api.call(belastingdienst, '/api/v1/messages', message(bsn));
      expect(response.status === 201, `${people[index]?.[0]}: ${response.text}`).toBe(results[index]?.accepted);
      if (response.status === 422) refusals.add((response.body as { type: string }).type);
    }
    expect([...refusals]).toEqual(['urn:burgerportaal:problem:recipient-not-accepting']);
    // After delivery Sanne's account waits, not activated, and the check still says so.
    expect(await check(belastingdienst, [sanne.bsn])).toEqual([{ bsn: sanne.bsn, accepted: true, activated: false }]);
  });

  it('R9: a refused batch item stores nothing and answers the same neutral problem as the single endpoint', async () => {
    const accountsBefore = await countAccounts(t);
    const before = await messageCount();
    const response = await api.call(gemeente, '/api/v1/messages/batch', { messages: [message(DEMO_UNKNOWN_BSN), message(child.bsn), message(johanna.bsn)] });
    const results = (response.body as { results: { status: number; problem?: { type: string } }[] }).results;
    expect(results.map((r) => [r.status, r.problem?.type])).toEqual([
      [422, 'urn:burgerportaal:problem:recipient-not-accepting'],
      [422, 'urn:burgerportaal:problem:recipient-not-accepting'],
      [201, undefined],
    ]);
    expect(await messageCount()).toBe(before + 1);
    expect(await countAccounts(t)).toBe(accountsBefore);
  });

  it('R9: while the population register is unavailable, a plain sender still gets the neutral refusal; a mandatory channel is told to retry (503, Retry-After)', async () => {
    const brp = t.portal.demoRegisters?.server('brp');
    if (!brp) throw new Error('no demo BRP');
    brp.mode = 'error';
    try {
      const plain = await api.call(gemeente, '/api/v1/messages', message(child.bsn));
      expect(plain.status).toBe(422);
      expect((plain.body as { type: string }).type).toBe('urn:burgerportaal:problem:recipient-not-accepting');
      const mandatory = await api.call(belastingdienst, '/api/v1/messages', message(child.bsn));
      expect(mandatory.status).toBe(503);
      expect(mandatory.headers['retry-after']).toBe('30');
      const checked = await api.call(belastingdienst, '/api/v1/recipient-checks', { bsns: [child.bsn] });
      expect(checked.status).toBe(503);
      expect((await check(gemeente, [child.bsn, johanna.bsn])).map((r) => r.accepted)).toEqual([false, true]);
    } finally {
      brp.mode = 'normal';
    }
  });
});

describe('attachments', () => {
  const pdfLike = Buffer.from('%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n', 'latin1');
  it.each([
    ['a PDF named .pdf.cmd', { filename: 'aanslag.pdf.cmd', content: samplePdf().toString('base64') }],
    ['an HTML page with PDF-like bytes', { filename: 'aanslag.pdf', content: pdfLike.toString('base64') }],
    ['an .html name with PDF-like bytes', { filename: 'aanslag.html', content: pdfLike.toString('base64') }],
    ['a truncated PDF', { filename: 'aanslag.pdf', content: samplePdf().subarray(0, 200).toString('base64') }],
  ])('R7: %s is refused with attachment-not-pdf and nothing is stored', async (_case, attachment) => {
    const before = await Promise.all([messageCount(), countRows(t, 'message_attachments')]);
    const response = await api.call(gemeente, '/api/v1/messages', message(johanna.bsn, { attachments: [{ contentType: 'application/pdf', ...attachment }] }));
    expect(response.status).toBe(422);
    expect((response.body as { type: string; detail: string }).type).toBe('urn:burgerportaal:problem:attachment-not-pdf');
    expect(await Promise.all([messageCount(), countRows(t, 'message_attachments')])).toEqual(before);
  });

  it('R7: a real PDF is accepted and stored as application/pdf', async () => {
    const response = await api.call(gemeente, '/api/v1/messages', message(johanna.bsn, { attachments: [{ filename: 'Aanslag 2027.PDF', contentType: 'application/pdf', content: samplePdf().toString('base64') }] }));
    expect(response.status).toBe(201);
    const row = await t.portal.database.db.selectFrom('message_attachments').select('content_type').where('message_id', '=', (response.body as { id: string }).id).executeTakeFirstOrThrow();
    expect(row.content_type).toBe('application/pdf');
  });
});
