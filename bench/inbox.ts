import { createHash, randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type pg from 'pg';
import type { Keyring } from '../src/platform/crypto/keyring.ts';
import { messageContext } from '../src/inbox/message-crypto.ts';
import { copyRows, hex } from './lib/population.ts';
import { percentile, round } from './lib/stats.ts';

export interface Reader {
  citizenId: string;
  cookie: string;
  messageIds: string[];
}

const MESSAGES_PER_READER = 30;
const DUMMY = hex(randomBytes(80));

/**
 * Grows the messages table to `total` rows with COPY, spread over the citizens. The readers'
 * messages are encrypted as the portal would (they are opened); filler rows carry dummy
 * ciphertext: they exist to make the table and its indexes as large as a national inbox.
 */
export async function growInbox(input: { client: pg.Client; keyring: Keyring; citizenIds: string[]; readers: Reader[]; organisationId: string; batchId: string; from: number; total: number }): Promise<number> {
  const { client, keyring } = input;
  const readerIds = new Set(input.readers.map((r) => r.citizenId));
  const now = Date.now();
  const rows = function* () {
    if (input.from === 0) {
      for (const reader of input.readers) {
        for (let i = 0; i < MESSAGES_PER_READER; i++) {
          const id = randomUUID();
          reader.messageIds.push(id);
          const context = messageContext(reader.citizenId, id);
          const at = new Date(now - i * 3_600_000).toISOString();
          yield `${reader.citizenId}\t${id}\t${input.organisationId}\treader-${i}\t\\\\x00\t${hex(keyring.encryptText(`Bericht ${i} over uw toeslag`, `${context}:subject`))}\t${hex(keyring.encryptText('Geachte heer/mevrouw,\n\nDit is een bericht.'.repeat(10), `${context}:body`))}\t${at}\t${at}\t${input.batchId}\t0\t\\\\x`;
        }
      }
    }
    const start = input.from === 0 ? input.readers.length * MESSAGES_PER_READER : input.from;
    for (let n = start; n < input.total; n++) {
      const citizenId = input.citizenIds[n % input.citizenIds.length] ?? '';
      if (readerIds.has(citizenId)) continue;
      const at = new Date(now - (n % 10_000) * 60_000).toISOString();
      yield `${citizenId}\t${randomUUID()}\t${input.organisationId}\tfill-${n}\t\\\\x00\t${DUMMY}\t${DUMMY}\t${at}\t${at}\t${input.batchId}\t0\t\\\\x`;
    }
  };
  const ms = await copyRows(
    client,
    'messages',
    ['citizen_id', 'message_id', 'organisation_id', 'reference', 'content_hash', 'subject_encrypted', 'body_encrypted', 'visible_from', 'delivered_at', 'receipt_batch_id', 'receipt_index', 'receipt_proof'],
    rows(),
  );
  await client.query('analyze messages');
  return ms;
}

/** Logged-in sessions for the readers, written as the portal writes them; returns their cookies. */
export async function createSessions(client: pg.Client, citizenIds: string[]): Promise<Reader[]> {
  const readers: Reader[] = [];
  for (const citizenId of citizenIds) {
    const token = randomBytes(32).toString('base64url');
    const hash = createHash('sha256').update(token).digest();
    await client.query(
      `insert into sessions (session_hash, citizen_id, login_id, created_at, last_seen_at, absolute_expires_at, data)
       values ($1, $2, $3, now(), now(), now() + interval '12 hours', $4)`,
      [hash, citizenId, randomUUID(), JSON.stringify({ csrfSecret: randomBytes(12).toString('hex'), assurance: 'midden', language: 'nl' })],
    );
    readers.push({ citizenId, cookie: `__Host-bp_session=${token}`, messageIds: [] });
  }
  return readers;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
}

/** 50 concurrent sessions, each requesting its own paths, for `seconds`; exact percentiles. */
export async function load(input: { baseUrl: string; readers: Reader[]; paths: (reader: Reader) => string[]; seconds: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  let index = 0;
  let errors = 0;
  const result = await autocannon({
    url: input.baseUrl,
    connections: input.readers.length,
    duration: input.seconds,
    setupClient: (client) => {
      const reader = input.readers[index++ % input.readers.length];
      if (!reader) return;
      client.setHeaders({ cookie: reader.cookie });
      client.setRequests(input.paths(reader).map((path) => ({ method: 'GET', path, headers: { cookie: reader.cookie } })));
      client.on('response', (status: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        if (status !== 200) errors++;
      });
    },
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    errors: errors + result.errors + result.non2xx,
  };
}

/** The query plan of the inbox first page for one citizen, as PostgreSQL executes it. */
export async function explainFirstPage(client: pg.Client, citizenId: string): Promise<string> {
  const plan = await client.query(
    `explain (analyze, buffers, costs off)
     select message_id, organisation_id, subject_encrypted, visible_from, due_at, read_at, folder from messages
     where citizen_id = $1 and folder = 'inbox' and visible_from <= now()
     order by visible_from desc, message_id desc limit 20`,
    [citizenId],
  );
  return plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
}
