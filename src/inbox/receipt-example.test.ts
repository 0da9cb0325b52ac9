import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf, type ClientCredentials } from '../../test/api-client.ts';
import { activateCitizens, organisationApi, type OrganisationApi } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { ReceiptSigner, verifyReceipt } from './index.ts';

/**
 * docs/receipts.md is enough to check a receipt: the standalone example in examples/ (only jose
 * and node:crypto) recomputes it from the request an organisation sent and the answer it got.
 */

const EXAMPLE = path.join(import.meta.dirname, '..', '..', 'examples', 'verify-receipt.mjs');
const OIN = '00000001002220647000';
const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const run = promisify(execFile);

let t: TestPortal;
let api: OrganisationApi;
let gemeente: ClientCredentials;
let dir: string;

/** Runs the example as an organisation would: node, two JSON files. */
async function verifyWithExample(delivery: unknown, jwks: unknown): Promise<{ ok: boolean; output: string }> {
  const deliveryFile = path.join(dir, `delivery-${Math.random().toString(36).slice(2)}.json`);
  const jwksFile = path.join(dir, 'jwks.json');
  fs.writeFileSync(deliveryFile, JSON.stringify(delivery));
  fs.writeFileSync(jwksFile, JSON.stringify(jwks));
  try {
    const { stdout } = await run(process.execPath, [EXAMPLE, deliveryFile, jwksFile], { cwd: path.dirname(EXAMPLE) });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}

beforeAll(async () => {
  t = await startTestPortal({ API_ALLOW_BEARER_KEYS: 'false' });
  api = organisationApi(t);
  gemeente = await api.register({ oin: OIN, name: 'Gemeente Utrecht', capabilities: ['inbox'] });
  await activateCitizens(t, [johanna, fatima]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-receipt-'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('receipts anyone can check', () => {
  it('R6: the standalone example recomputes the receipt of a real delivery from the request sent, and refuses altered content', async () => {
    const request = {
      recipient: { bsn: johanna.bsn },
      reference: 'aanslag/2027:000123',
      subject: 'Voorlopige aanslag "2027" – café ☕',
      body: 'Geachte mevrouw,\n\n\tUw aanslag staat klaar. 😀 \\ / </script>',
      legalConsequence: true,
      requiredAssurance: 'midden',
      dueAt: '2027-03-01T00:00:00+01:00',
      attachments: [{ filename: 'Aanslag 2027.pdf', contentType: 'application/pdf', content: samplePdf('Aanslag').toString('base64') }],
    };
    const delivered = await api.call(gemeente, '/api/v1/messages', request);
    expect(delivered.status).toBe(201);
    const jwks = (await api.call(gemeente, '/.well-known/jwks.json')).body as JSONWebKeySet;
    const verified = await verifyWithExample({ oin: OIN, request, result: delivered.body }, jwks);
    expect(verified.output).toContain('valid: message');
    expect(verified.ok).toBe(true);
    for (const altered of [{ ...request, body: `${request.body}.` }, { ...request, dueAt: '2027-03-01T00:00:00+02:00' }, { ...request, reference: 'aanslag-anders' }]) {
      expect((await verifyWithExample({ oin: OIN, request: altered, result: delivered.body }, jwks)).ok).toBe(false);
    }
    expect((await verifyWithExample({ oin: '00000001003214345000', request, result: delivered.body }, jwks)).ok).toBe(false);
  });

  it('R6: every item of a batch verifies with the example against the one signed root', async () => {
    const items = [johanna, fatima, johanna].map((person, i) => ({ recipient: { bsn: person.bsn }, reference: `batch-receipt-${i}`, subject: `Bericht ${i}`, body: 'Inhoud' }));
    const response = await api.call(gemeente, '/api/v1/messages/batch', { messages: items });
    const results = (response.body as { results: { message: unknown }[] }).results;
    const jwks = (await api.call(gemeente, '/.well-known/jwks.json')).body;
    for (const [i, item] of items.entries()) expect((await verifyWithExample({ oin: OIN, request: item, result: results[i]?.message }, jwks)).ok).toBe(true);
  });

  it('R6: after a key change the JWKS keeps the retired key, so a receipt signed before still verifies', async () => {
    const file = path.join(dir, 'receipt-signing-key.json');
    const before = ReceiptSigner.load({ file, createIfMissing: true });
    const leaf = { mid: '01900000-0000-7000-8000-000000000001', ref: 'r-1', oin: OIN, sha256: 'AAAA', deliveredAt: '2027-01-01T00:00:00.000Z' };
    const { jws, proofs } = before.signBatch({ oin: OIN, deliveredAt: leaf.deliveredAt, leaves: [leaf] });
    const after = ReceiptSigner.rotate(file, 'receipt-next');
    const keys = after.jwks().keys;
    expect(keys.map((key) => key.kid)).toEqual(['receipt-next', before.jwks().keys[0]?.kid]);
    // A restarted server loads the rotated file and still publishes both.
    expect(ReceiptSigner.load({ file, createIfMissing: false }).jwks()).toEqual(after.jwks());
    await expect(verifyReceipt({ jws, proof: { index: 0, path: (proofs[0] ?? []).map((hash) => hash.toString('base64url')) }, leaf, jwks: after.jwks() })).resolves.toMatchObject({ count: 1 });
    // New receipts are signed with the new key.
    expect(JSON.parse(Buffer.from(after.sign({ oin: OIN, deliveredAt: leaf.deliveredAt, count: 1, root: 'x' }).split('.')[0] ?? '', 'base64url').toString()).kid).toBe('receipt-next');
  });
});
