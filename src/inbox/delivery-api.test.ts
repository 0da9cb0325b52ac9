import { sql } from 'kysely';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, DEMO_UNKNOWN_BSN } from '../registers/demo/citizens.ts';
import { clientCertificate, samplePdf, type ClientCredentials } from '../../test/api-client.ts';
import { activateCitizens, countRows, organisationApi, type OrganisationApi } from '../../test/fixtures.ts';
import { createDevCa, type PemPair } from '../organisations/index.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import type { JSONWebKeySet } from 'jose';
import { contentHashOf, verifyReceipt, type ReceiptProof } from './index.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const pieter = DEMO_CITIZENS[2]!;
const sanne = DEMO_CITIZENS[3]!; // 15, never logged in
const child = DEMO_CITIZENS.find((p) => p.givenNames === 'Daan')!;
const deceased = DEMO_CITIZENS.find((p) => p.deathDate)!;

let t: TestPortal;
let api: OrganisationApi;
let ca: PemPair;
let belastingdienst: ClientCredentials;
let gemeente: ClientCredentials;
let rdw: ClientCredentials;

const call = (credentials: ClientCredentials | undefined, path: string, body?: unknown, method?: string) =>
  api.call(credentials, path, body, method);

function message(overrides: Record<string, unknown> = {}) {
  return { recipient: { bsn: johanna.bsn }, reference: `ref-${Math.random().toString(36).slice(2)}`, subject: 'Voorlopige aanslag 2027', body: 'Geachte mevrouw,\n\nUw voorlopige aanslag staat klaar.', ...overrides };
}

async function counts() {
  const [messages, attachments] = await Promise.all([countRows(t, 'messages'), countRows(t, 'message_attachments')]);
  return { messages, attachments };
}

beforeAll(async () => {
  t = await startTestPortal({ API_ALLOW_BEARER_KEYS: 'false' });
  api = organisationApi(t);
  ca = api.ca;
  belastingdienst = await api.register({ oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true });
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox', 'cases'] });
  rdw = await api.register({ oin: '00000001804770694000', name: 'RDW', capabilities: ['cases'] });
  await activateCitizens(t, [johanna, fatima, pieter]);
});
afterAll(async () => {
  await t.close();
});

describe('delivery API', () => {
  it('R6: delivers a message and returns a receipt that verifies against the published JWKS', async () => {
    const input = message({ attachments: [{ filename: 'aanslag.pdf', contentType: 'application/pdf', content: samplePdf().toString('base64') }] });
    const response = await call(gemeente, '/api/v1/messages', input);
    expect(response.status).toBe(201);
    expect(response.headers['api-version']).toBe('1.0.0');
    const result = response.body as { id: string; reference: string; deliveredAt: string; receipt: string; receiptProof: ReceiptProof };
    expect(result.reference).toBe(input.reference);
    const jwks = (await call(gemeente, '/.well-known/jwks.json')).body as JSONWebKeySet;
    const { createHash } = await import('node:crypto');
    const sha256 = contentHashOf(input as Parameters<typeof contentHashOf>[0], [createHash('sha256').update(samplePdf()).digest()]).toString('base64url');
    const leaf = { mid: result.id, ref: input.reference, oin: '00000001002220647000', sha256, deliveredAt: result.deliveredAt };
    const claims = await verifyReceipt({ jws: result.receipt, proof: result.receiptProof, leaf, jwks });
    expect(claims).toMatchObject({ oin: '00000001002220647000', deliveredAt: result.deliveredAt, count: 1 });
    // The signature is checked by jose independently of our code.
    expect((await compactVerify(result.receipt, createLocalJWKSet(jwks))).protectedHeader.alg).toBe('ES256');
    // Altered claims, another message's content, or a forged signature do not verify.
    const [header, payload, signature] = result.receipt.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, count: 2 })).toString('base64url');
    await expect(verifyReceipt({ jws: `${header}.${forged}.${signature}`, proof: result.receiptProof, leaf, jwks })).rejects.toThrow();
    await expect(verifyReceipt({ jws: result.receipt, proof: result.receiptProof, leaf: { ...leaf, sha256: 'other' }, jwks })).rejects.toThrow();
    await expect(verifyReceipt({ jws: `${header}.${payload}.${signature?.split('').reverse().join('')}`, proof: result.receiptProof, leaf, jwks })).rejects.toThrow();
  });

  it('R6: every message of a batch carries a receipt proof that verifies against the one signed root', async () => {
    const items = [johanna, fatima, pieter].map((person, i) => message({ recipient: { bsn: person.bsn }, reference: `proof-${i}`, subject: `Batch ${i}` }));
    const response = await call(gemeente, '/api/v1/messages/batch', { messages: items });
    const results = (response.body as { results: { message: { id: string; deliveredAt: string; receipt: string; receiptProof: ReceiptProof } }[] }).results;
    const jwks = (await call(gemeente, '/.well-known/jwks.json')).body as JSONWebKeySet;
    expect(new Set(results.map((r) => r.message.receipt)).size).toBe(1);
    for (const [i, result] of results.entries()) {
      const sha256 = contentHashOf(items[i] as Parameters<typeof contentHashOf>[0], []).toString('base64url');
      const claims = await verifyReceipt({ jws: result.message.receipt, proof: result.message.receiptProof, leaf: { mid: result.message.id, ref: `proof-${i}`, oin: '00000001002220647000', sha256, deliveredAt: result.message.deliveredAt }, jwks });
      expect(claims.count).toBe(3);
    }
    // The status endpoint hands out the same receipt and proof later.
    const later = await call(gemeente, `/api/v1/messages/${results[1]!.message.id}`);
    expect(later.body).toMatchObject({ receipt: results[1]!.message.receipt, receiptProof: results[1]!.message.receiptProof });
  });

  it('R6: the same reference sent three times concurrently yields exactly one message', async () => {
    const input = message({ reference: 'idem-concurrent-1' });
    const before = await counts();
    const responses = await Promise.all([1, 2, 3].map(() => call(gemeente, '/api/v1/messages', input)));
    const ids = new Set(responses.map((r) => (r.body as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect((await counts()).messages).toBe(before.messages + 1);
    const conflict = await call(gemeente, '/api/v1/messages', { ...input, body: 'Andere inhoud' });
    expect(conflict.status).toBe(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    expect((conflict.body as { type: string }).type).toBe('urn:burgerportaal:problem:reference-conflict');
    expect((await counts()).messages).toBe(before.messages + 1);
  });

  it('R6: a batch with valid and invalid items delivers the valid ones and answers per item, in order', async () => {
    const before = await counts();
    const batch = [
      message({ recipient: { bsn: johanna.bsn } }),
      message({ subject: '' }),
      message({ recipient: { bsn: fatima.bsn } }),
      message({ recipient: { bsn: DEMO_UNKNOWN_BSN } }),
      message({ recipient: { bsn: pieter.bsn }, reference: 'batch-dup' }),
      message({ recipient: { bsn: pieter.bsn }, reference: 'batch-dup', body: 'anders' }),
    ];
    const response = await call(gemeente, '/api/v1/messages/batch', { messages: batch });
    expect(response.status).toBe(200);
    const results = (response.body as { results: { index: number; status: number; problem?: { type: string } }[] }).results;
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 400],
      [2, 201],
      [3, 422],
      [4, 201],
      [5, 409],
    ]);
    expect((await counts()).messages).toBe(before.messages + 3);
  });

  it('R6: an organisation reads the status and receipt of its own message, never another\'s', async () => {
    const delivered = await call(gemeente, '/api/v1/messages', message());
    const id = (delivered.body as { id: string }).id;
    const own = await call(gemeente, `/api/v1/messages/${id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id, status: 'delivered', receipt: (delivered.body as { receipt: string }).receipt });
    const foreign = await call(belastingdienst, `/api/v1/messages/${id}`);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain((delivered.body as { receipt: string }).receipt);
  });

  it('R6: invalid fields are refused with 400 and every field listed', async () => {
    const before = await counts();
    const response = await call(gemeente, '/api/v1/messages', { recipient: { bsn: '12' }, subject: '', body: 5, extra: true });
    expect(response.status).toBe(400);
    const problem = response.body as { type: string; errors: { field: string }[] };
    expect(problem.type).toBe('urn:burgerportaal:problem:invalid-fields');
    const fields = problem.errors.map((e) => e.field);
    for (const field of ['recipient.bsn', 'reference', 'subject', 'body']) expect(fields).toContain(field);
    const elfproef = await call(gemeente, '/api/v1/messages', message({ recipient: { bsn: '999990008' } }));
    expect(elfproef.status).toBe(400);
    expect((elfproef.body as { errors: { field: string }[] }).errors[0]?.field).toBe('recipient.bsn');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an unknown BSN', () => message({ recipient: { bsn: DEMO_UNKNOWN_BSN } }), 422, 'recipient-not-accepting'],
    ['a person under 14', () => message({ recipient: { bsn: child.bsn } }), 422, 'recipient-not-accepting'],
    ['a deceased person', () => message({ recipient: { bsn: deceased.bsn } }), 422, 'recipient-not-accepting'],
    ['a citizen who never activated the inbox', () => message({ recipient: { bsn: sanne.bsn } }), 422, 'recipient-not-accepting'],
    ['an attachment that is not a PDF by its bytes', () => message({ attachments: [{ filename: 'x.pdf', contentType: 'application/pdf', content: Buffer.from('MZ\x90\x00 not a pdf').toString('base64') }] }), 422, 'attachment-not-pdf'],
    ['an attachment over 10 MB', () => message({ attachments: [{ filename: 'groot.pdf', contentType: 'application/pdf', content: Buffer.concat([samplePdf(), Buffer.alloc(10 * 1024 * 1024)]).toString('base64') }] }), 400, 'invalid-fields'],
    ['a body over 100 kB', () => message({ body: 'é'.repeat(50_001) }), 400, 'invalid-fields'],
  ])('R6 R9: %s is refused with a clear problem and nothing is stored', async (_case, build, status, slug) => {
    const before = await counts();
    const response = await call(gemeente, '/api/v1/messages', build());
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect((response.body as { type: string; detail: string }).type).toBe(`urn:burgerportaal:problem:${slug}`);
    expect((response.body as { detail: string }).detail.length).toBeGreaterThan(10);
    expect(await counts()).toEqual(before);
  });

  it('R8: a citizen who switched an organisation off gets nothing from it, but a mandatory channel still delivers', async () => {
    const citizenId = (await t.portal.accounts.findCitizenIdByBsn(fatima.bsn))!;
    const gemeenteOrg = (await t.portal.organisations.findByOin('00000001002220647000'))!;
    const belastingOrg = (await t.portal.organisations.findByOin('00000001003214345000'))!;
    await t.portal.database.db
      .insertInto('message_preferences')
      .values([gemeenteOrg, belastingOrg].map((org) => ({ citizen_id: citizenId, organisation_id: org.organisationId, allowed: false, changed_at: new Date() })))
      .execute();
    const before = await counts();
    const refused = await call(gemeente, '/api/v1/messages', message({ recipient: { bsn: fatima.bsn } }));
    expect(refused.status).toBe(422);
    expect((refused.body as { type: string }).type).toBe('urn:burgerportaal:problem:recipient-not-accepting');
    expect(await counts()).toEqual(before);
    const mandatory = await call(belastingdienst, '/api/v1/messages', message({ recipient: { bsn: fatima.bsn } }));
    expect(mandatory.status).toBe(201);
  });

  it('R9: recipient checks tell only acceptance, and activation only to a mandatory-channel sender', async () => {
    const bsns = [johanna.bsn, fatima.bsn, sanne.bsn];
    const plain = await call(gemeente, '/api/v1/recipient-checks', { bsns });
    expect(plain.status).toBe(200);
    expect((plain.body as { results: unknown[] }).results).toEqual([
      { bsn: johanna.bsn, accepted: true },
      { bsn: fatima.bsn, accepted: false },
      { bsn: sanne.bsn, accepted: false },
    ]);
    const mandatory = await call(belastingdienst, '/api/v1/recipient-checks', { bsns });
    expect((mandatory.body as { results: unknown[] }).results).toEqual([
      { bsn: johanna.bsn, accepted: true, activated: true },
      { bsn: fatima.bsn, accepted: true, activated: true },
      { bsn: sanne.bsn, accepted: true, activated: false },
    ]);
  });

  it('R2 R6: a mandatory-channel sender can deliver before the citizen first logs in; the account waits, not activated', async () => {
    const response = await call(belastingdienst, '/api/v1/messages', message({ recipient: { bsn: sanne.bsn } }));
    expect(response.status).toBe(201);
    const citizenId = await t.portal.accounts.findCitizenIdByBsn(sanne.bsn);
    const citizen = await t.portal.accounts.findCitizen(citizenId!);
    expect(citizen?.activated_at).toBeNull();
  });

  it('R30: an organisation without the inbox capability is refused with 403', async () => {
    const response = await call(rdw, '/api/v1/messages', message());
    expect(response.status).toBe(403);
    expect((response.body as { type: string }).type).toBe('urn:burgerportaal:problem:missing-capability');
  });

  it('R7: the database holds no plaintext of a delivered message, subject, body or attachment', async () => {
    const marker = `VERTROUWELIJK-${Date.now()}`;
    const pdf = samplePdf(`PDF-${marker}`);
    const response = await call(gemeente, '/api/v1/messages', message({ subject: `Onderwerp ${marker}`, body: `Inhoud ${marker}`, attachments: [{ filename: `bijlage-${marker}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64') }] }));
    expect(response.status).toBe(201);
    const dump = await sql<{ dump: string }>`
      select string_agg(x, ' ') as dump from (
        select m::text as x from messages m union all select a::text from message_attachments a
        union all select encode(a.content_encrypted, 'escape') from message_attachments a) rows`.execute(t.portal.database.db);
    const text = dump.rows[0]?.dump ?? '';
    expect(text.length).toBeGreaterThan(1000);
    expect(text).not.toContain(marker);
    expect(text).not.toContain(Buffer.from(marker).toString('hex'));
  });

  it('R30: mutual TLS refuses a certificate from another CA, an expired certificate and no certificate in the handshake', async () => {
    const otherCa = await createDevCa();
    const foreign = await clientCertificate(otherCa, '00000001002220647000', 'Gemeente Utrecht');
    await expect(call(foreign, '/api/v1/messages', message())).rejects.toThrow();
    const day = 24 * 60 * 60 * 1000;
    const expired = await clientCertificate(ca, '00000001002220647000', 'Gemeente Utrecht', { notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day) });
    await expect(call(expired, '/api/v1/messages', message())).rejects.toThrow();
    await expect(call(undefined, '/api/v1/messages', message())).rejects.toThrow();
  });

  it('R30: a valid certificate for an OIN that is not registered is refused', async () => {
    const unknown = await clientCertificate(ca, '00000009999999999000', 'Onbekend');
    const response = await call(unknown, '/api/v1/messages', message());
    expect(response.status).toBe(403);
    expect((response.body as { type: string }).type).toBe('urn:burgerportaal:problem:unknown-organisation');
  });

  it('publishes an OpenAPI 3.1 description of the API', async () => {
    const response = await call(gemeente, '/api/v1/openapi.json');
    const document = response.body as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/messages', '/api/v1/messages/batch', '/api/v1/messages/{id}', '/api/v1/recipient-checks']));
  });
});
