import https from 'node:https';
import type pg from 'pg';
import { samplePdf } from '../src/dev/sample-pdf.ts';
import { copyRows, hex } from './lib/population.ts';
import { percentile, round } from './lib/stats.ts';
import type { Keyring } from '../src/platform/crypto/keyring.ts';

export interface WaveInput {
  apiUrl: string;
  ca: string;
  client: { cert: string; key: string };
  bsns: string[];
  messages: number;
  clients: number;
  batchSize: number;
  runId: string;
}

export interface WaveResult {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  batchLatencyP50Ms: number;
  batchLatencyP99Ms: number;
  refused: number;
  /** Batches answered 429 (above the organisation's concurrent-batch cap) and sent again. */
  waitsAtCap: number;
}

const BODY = `Geachte heer/mevrouw,\n\n${'U bent uitgenodigd om aangifte inkomstenbelasting te doen over 2026. Doe uw aangifte voor 1 mei. '.repeat(10)}\n\nMet vriendelijke groet,\nBelastingdienst`.slice(0, 1000);
let bigPdf: string | undefined;
/** A ~200 KB PDF, base64, built once. */
function attachment(): string {
  bigPdf ??= samplePdf(Array.from({ length: 2900 }, (_, i) => `Regel ${i}: specificatie van de aanslag, bedragen en termijnen ${'.'.repeat(20)}`)).toString('base64');
  return bigPdf;
}

function batchBody(input: WaveInput, start: number, count: number): string {
  const items: string[] = [];
  for (let i = start; i < start + count; i++) {
    const bsn = input.bsns[i % input.bsns.length];
    const withPdf = i % 100 === 99;
    items.push(
      `{"recipient":{"bsn":"${bsn}"},"reference":"${input.runId}-${i}","subject":"Uitnodiging aangifte inkomstenbelasting 2026","body":${JSON.stringify(BODY)}${
        withPdf ? `,"attachments":[{"filename":"uitnodiging.pdf","contentType":"application/pdf","content":"${attachment()}"}]` : ''
      }}`,
    );
  }
  return `{"messages":[${items.join(',')}]}`;
}

function post(agent: https.Agent, url: URL, body: string): Promise<{ status: number; text: string; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString(), retryAfter: response.headers['retry-after'] }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Delivers `messages` through the batch API from `clients` concurrent mTLS clients. */
export async function runWave(input: WaveInput, onProgress?: (done: number) => void): Promise<WaveResult> {
  const agent = new https.Agent({ keepAlive: true, maxSockets: input.clients, ca: input.ca, cert: input.client.cert, key: input.client.key });
  const url = new URL('/api/v1/messages/batch', input.apiUrl);
  const latencies: number[] = [];
  let next = 0;
  let refused = 0;
  let waits = 0;
  let done = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const start = next;
      if (start >= input.messages) return;
      const count = Math.min(input.batchSize, input.messages - start);
      next += count;
      const body = batchBody(input, start, count);
      const t0 = performance.now();
      let response = await post(agent, url, body);
      // Above the organisation's concurrent-batch cap: wait as told and send the same batch again
      // (the references make the retry idempotent).
      while (response.status === 429) {
        waits++;
        await new Promise((resolve) => setTimeout(resolve, Number(response.retryAfter ?? 1) * 1000));
        response = await post(agent, url, body);
      }
      latencies.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`batch failed: ${response.status} ${response.text.slice(0, 300)}`);
      const results = (JSON.parse(response.text) as { results: { status: number }[] }).results;
      refused += results.filter((r) => r.status >= 300).length;
      done += count;
      onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: input.clients }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    messages: input.messages,
    seconds: round(seconds, 2),
    messagesPerSecond: Math.round(input.messages / seconds),
    batchLatencyP50Ms: round(percentile(latencies, 50)),
    batchLatencyP99Ms: round(percentile(latencies, 99)),
    refused,
    waitsAtCap: waits,
  };
}

/**
 * The machine's own limit for this data: the same number of message rows, encrypted the same
 * way, written straight into a copy of the messages table with COPY.
 */
export async function copyLimit(client: pg.Client, keyring: Keyring, input: { citizenIds: string[]; messages: number; organisationId: string }): Promise<{ messagesPerSecond: number; seconds: number }> {
  await client.query('create table copy_probe (like messages including all)');
  try {
    const now = new Date().toISOString();
    const started = performance.now();
    const rows = function* () {
      for (let i = 0; i < input.messages; i++) {
        const citizenId = input.citizenIds[i % input.citizenIds.length];
        const id = crypto.randomUUID();
        yield [
          citizenId,
          id,
          input.organisationId,
          `copy-${i}`,
          hex(Buffer.alloc(32, 1)),
          hex(keyring.encryptText('Uitnodiging aangifte inkomstenbelasting 2026', `m:${id}:s`)),
          hex(keyring.encryptText(BODY, `m:${id}:b`)),
          now,
          now,
          crypto.randomUUID(),
          String(i % 1000),
          hex(Buffer.alloc(320, 7)),
        ].join('\t');
      }
    };
    await copyRows(client, 'copy_probe', ['citizen_id', 'message_id', 'organisation_id', 'reference', 'content_hash', 'subject_encrypted', 'body_encrypted', 'visible_from', 'delivered_at', 'receipt_batch_id', 'receipt_index', 'receipt_proof'], rows());
    const seconds = (performance.now() - started) / 1000;
    return { messagesPerSecond: Math.round(input.messages / seconds), seconds: round(seconds, 2) };
  } finally {
    await client.query('drop table copy_probe');
  }
}
