import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { samplePdf, type ApiResponse, type ClientCredentials } from './api-client.ts';
import { activateCitizens, countRows, organisationApi, type OrganisationApi } from './fixtures.ts';
import { startTestPortal, type TestPortal } from './portal.ts';

/**
 * Property tests over every endpoint of the organisation API, with generated input an integration
 * or an attacker could send: arbitrary JSON, strings with control characters and lone
 * surrogates, extreme and impossible dates, ids of every shape. Every answer also passes the
 * OpenAPI contract check in the API client.
 */

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);

let t: TestPortal;
let api: OrganisationApi;
let gemeente: ClientCredentials;

beforeAll(async () => {
  t = await startTestPortal({ API_ALLOW_BEARER_KEYS: 'false', API_REQUESTS_PER_MINUTE: '100000' });
  api = organisationApi(t);
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox', 'cases'] });
  await activateCitizens(t, [johanna, fatima]);
});
afterAll(async () => {
  await t.close();
});

/** What every refusal must be: a 4xx problem+json with status, title and the API-Version header. */
function expectWellFormed(response: ApiResponse): void {
  expect(response.status, response.text).toBeLessThan(500);
  expect(response.headers['api-version']).toBe('1.0.0');
  if (response.status >= 400) {
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.body as { status: number; title: string; type: string };
    expect(problem.status).toBe(response.status);
    expect(problem.title.length).toBeGreaterThan(0);
    expect(problem.type).toMatch(/^urn:burgerportaal:problem:/);
  }
}

const stored = async () => Promise.all([countRows(t, 'messages'), countRows(t, 'message_attachments'), countRows(t, 'cases'), countRows(t, 'case_statuses'), countRows(t, 'citizens')]);

// Strings an integration or attacker might send: any UTF-16 (lone surrogates included), control characters, long ones.
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\n', '\r', '\t', '\u007f', '\u0085', '\u2028', '\u202e', '\ud800', '\udfff', 'a', 'é', '😀'), maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'x'.repeat(5000), '\ud83d', '<script>alert(1)</script>', '999990007'),
);
// Date-times that are RFC 3339 in form but extreme, impossible or outside what a database holds.
const nastyDate = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+23:59',
    '1899-12-31T23:59:59Z',
    '9999-12-31T23:59:59-23:59',
    '2025-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2025-13-01T10:00:00Z',
    '2025-01-01T24:00:00Z',
    '2025-12-31T23:59:60Z',
    '2025-01-01T10:00:00+24:00',
    '2025-01-01T10:00:00.123456789Z',
    '+275760-09-13T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '2025-01-01',
    '2025-01-01T10:00Z',
  ),
  nastyString,
);
const validMessage = () => ({ recipient: { bsn: johanna.bsn }, reference: `prop-${randomUUID()}`, subject: 'Onderwerp', body: 'Inhoud van het bericht.' });
const messageFields = ['recipient', 'reference', 'subject', 'body', 'attachments', 'legalConsequence', 'requiredAssurance', 'visibleFrom', 'dueAt', 'retainUntil', 'extra'] as const;
const dateFields = new Set(['visibleFrom', 'dueAt', 'retainUntil']);

/** A valid message with one field replaced by something generated. */
const mutatedMessage = fc.tuple(fc.constantFrom(...messageFields), fc.oneof(nastyString, nastyDate, fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined))).map(([field, value]) => {
  const message: Record<string, unknown> = validMessage();
  if (field === 'recipient') message.recipient = { bsn: value };
  else if (field === 'attachments') message.attachments = [{ filename: value, contentType: 'application/pdf', content: samplePdf().toString('base64') }];
  else message[field] = dateFields.has(field) && typeof value !== 'string' ? value : value;
  return message;
});
const anyBody = fc.oneof(fc.jsonValue({ maxDepth: 4 }), mutatedMessage);
/** Path segments of every shape: UUID-like, too long, encoded control characters, traversal, malformed escapes. */
const anyId = fc.oneof(
  fc.uuid().map((id) => encodeURIComponent(id)),
  fc.constantFrom('-'.repeat(36), 'g'.repeat(36), '00000000-0000-0000-0000-000000000000', 'x'.repeat(300), '%00', '%E0%A4%A', '..%2F..%2Fetc', '%ZZ', '%F0%9F%98%80', '%ED%A0%80'),
  nastyString.map((value) => {
    try {
      return encodeURIComponent(value) || 'leeg';
    } catch {
      return '%D8%00';
    }
  }),
);

describe('organisation API under generated input', () => {
  it('POST /api/v1/messages: never a 5xx; every refusal is a problem; a refused message stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        const before = await stored();
        const response = await api.call(gemeente, '/api/v1/messages', body);
        expectWellFormed(response);
        if (response.status >= 400) expect(await stored()).toEqual(before);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('POST /api/v1/messages/batch: never a 5xx; refused items store nothing; valid items are stored exactly once, also when sent again', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant(null), anyBody), { minLength: 1, maxLength: 8 }), async (generated) => {
        const items = generated.map((item) => item ?? validMessage());
        const before = await countRows(t, 'messages');
        const response = await api.call(gemeente, '/api/v1/messages/batch', { messages: items });
        expectWellFormed(response);
        if (JSON.stringify(items).includes('"__proto__"')) {
          // The JSON parser refuses a body with a prototype key as a whole (prototype-pollution guard).
          expect(response.status).toBe(400);
          expect(await countRows(t, 'messages')).toBe(before);
          return;
        }
        const results = (response.body as { results: { index: number; status: number; problem?: { status: number; title: string } }[] }).results;
        expect(results.map((r) => r.index)).toEqual(items.map((_item, index) => index));
        for (const [index, item] of generated.entries()) if (item === null) expect(results[index]?.status).toBe(201);
        for (const result of results) {
          expect(result.status).toBeLessThan(500);
          if (result.status >= 400) expect(result.problem).toMatchObject({ status: result.status, title: expect.any(String) });
        }
        const delivered = results.filter((r) => r.status === 201).length;
        expect(await countRows(t, 'messages')).toBe(before + delivered);
        // The same batch again stores nothing new: each valid item exists exactly once.
        const again = await api.call(gemeente, '/api/v1/messages/batch', { messages: items });
        expectWellFormed(again);
        expect(await countRows(t, 'messages')).toBe(before + delivered);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/v1/messages/batch: arbitrary JSON as the whole body is a problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
        const before = await stored();
        const response = await api.call(gemeente, '/api/v1/messages/batch', body);
        expectWellFormed(response);
        if (response.status >= 400) expect(await stored()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('GET /api/v1/messages/{id}: ids of every shape answer 200, 400 or 404, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(anyId, async (id) => {
        const response = await api.call(gemeente, `/api/v1/messages/${id}`);
        expectWellFormed(response);
        expect([400, 404, 414]).toContain(response.status);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/v1/recipient-checks: never a 5xx for any body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(nastyString, { maxLength: 5 }).map((bsns) => ({ bsns }))), async (body) => {
        expectWellFormed(await api.call(gemeente, '/api/v1/recipient-checks', body));
      }),
      { numRuns: RUNS },
    );
  });

  const caseFields = ['recipient', 'caseType', 'title', 'dossierUrl', 'openedOn', 'expectedEndOn', 'nextStep', 'extra'] as const;
  const validCase = () => ({ recipient: { bsn: johanna.bsn }, caseType: 'Parkeervergunning', title: 'Aanvraag', dossierUrl: 'https://mijn.utrecht.example/zaken/1', openedOn: '2025-03-01' });
  const mutatedCase = fc.tuple(fc.constantFrom(...caseFields), fc.oneof(nastyString, nastyDate, nastyDate.map((d) => d.slice(0, 10)), fc.jsonValue({ maxDepth: 2 }))).map(([field, value]) => {
    const body: Record<string, unknown> = validCase();
    if (field === 'recipient') body.recipient = { bsn: value };
    else body[field] = value;
    return body;
  });

  it('PUT /api/v1/cases/{reference}: never a 5xx for any reference or body; a refused case stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(`Z-${randomUUID()}`), anyId), fc.oneof(mutatedCase, fc.jsonValue({ maxDepth: 3 })), async (reference, body) => {
        const before = await stored();
        const response = await api.call(gemeente, `/api/v1/cases/${reference}`, body, 'PUT');
        expectWellFormed(response);
        if (response.status >= 400) expect(await stored()).toEqual(before);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('POST /api/v1/cases/{reference}/statuses and GET /api/v1/cases/{reference}: never a 5xx; a refused status stores nothing', async () => {
    const reference = `Z-${randomUUID()}`;
    expect((await api.call(gemeente, `/api/v1/cases/${reference}`, validCase(), 'PUT')).status).toBe(201);
    const statusFields = ['sequence', 'code', 'label', 'occurredAt', 'final', 'reopens', 'extra'] as const;
    const mutatedStatus = fc
      .tuple(fc.constantFrom(...statusFields), fc.oneof(nastyString, nastyDate, fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.double()), fc.integer({ min: 1, max: 1_000_000 }))
      .map(([field, value, sequence]) => ({ sequence, code: 'c', label: 'Ontvangen', occurredAt: '2025-03-01T09:00:00Z', final: false, [field]: value }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(reference), anyId), fc.oneof(mutatedStatus, fc.jsonValue({ maxDepth: 3 })), async (path, body) => {
        const before = await stored();
        const response = await api.call(gemeente, `/api/v1/cases/${path}/statuses`, body);
        expectWellFormed(response);
        if (response.status >= 400) expect(await stored()).toEqual(before);
        expectWellFormed(await api.call(gemeente, `/api/v1/cases/${path}`));
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
