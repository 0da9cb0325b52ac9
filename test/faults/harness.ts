import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { JSONWebKeySet } from 'jose';
import { createAccounts, fieldContext, importPopulation } from '../../src/identity/index.ts';
import { contentHashOf, verifyReceipt, type ReceiptProof } from '../../src/inbox/index.ts';
import { migrateDatabase } from '../../src/modules.ts';
import { createOrganisationRegistry, ensureDevCa, issueCertificate, type PemPair } from '../../src/organisations/index.ts';
import { Keyring } from '../../src/platform/crypto/keyring.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';
import { profileStore } from '../../src/profile/profile-store.ts';
import { createPostgresTestDatabase } from '../database.ts';
import { freePort } from '../portal.ts';
import { runCli, type CliProcess } from '../processes.ts';

export const OIN = '00000001003214345000';

/** N BSNs passing the eleven test. */
export function residentsBsns(count: number, start = 820_000_000): string[] {
  const found: string[] = [];
  for (let n = start; found.length < count; n++) {
    const digits = String(n).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
    if ((sum - Number(digits[8])) % 11 === 0) found.push(digits);
  }
  return found;
}

/**
 * One fault scenario's world: its own PostgreSQL database, keys, development CA, a sending
 * organisation with a client certificate, and N provisioned residents with verified addresses.
 * Processes it starts are stopped by close().
 */
export interface FaultWorld {
  url: string;
  database: DatabaseHandle;
  dataDir: string;
  keyring: Keyring;
  ca: PemPair;
  client: PemPair;
  bsns: string[];
  env: Record<string, string>;
  start(args: string[], env?: Record<string, string>): CliProcess;
  close(): Promise<void>;
}

export async function createFaultWorld(residents: number): Promise<FaultWorld> {
  const created = await createPostgresTestDatabase();
  const database = await openDatabase({ url: created.url, poolSize: 4 });
  await migrateDatabase(database.db);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-faults-'));
  const keyringFile = path.join(dataDir, 'keyring.json');
  Keyring.save(keyringFile, Keyring.generateFile());
  const keyring = Keyring.load({ file: keyringFile, createIfMissing: false });
  const ca = await ensureDevCa(path.join(dataDir, 'dev-ca'));
  const registry = createOrganisationRegistry({ db: database.db, now: () => new Date() });
  const { organisation } = await registry.add({ oin: OIN, name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true });
  const client = await issueCertificate(ca, { kind: 'client', oin: organisation.oin, name: organisation.name });
  const bsns = residentsBsns(residents);
  const extract = path.join(dataDir, 'extract.csv');
  fs.writeFileSync(extract, `bsn,birth_date,date_of_death\n${bsns.map((bsn) => `${bsn},1980-01-01,`).join('\n')}\n`);
  await importPopulation({ database, keyring, file: extract, now: new Date() });
  const accounts = createAccounts({ db: database.db, keyring, register: { findByBsn: async () => null, findByBsns: async () => new Map() }, now: () => new Date() });
  for (const [i, bsn] of bsns.entries()) {
    const citizenId = (await accounts.findCitizenIdByBsn(bsn)) ?? '';
    await accounts.activate({ citizenId, at: new Date(Date.now() - 86_400_000) });
    await profileStore.setEmail(database.db, citizenId, keyring.encryptText(`burger${i}@example.nl`, fieldContext(citizenId, 'email')), new Date());
  }
  const env = {
    DATABASE_URL: created.url,
    DATA_DIR: dataDir,
    KEYRING_FILE: keyringFile,
    API_ALLOW_BEARER_KEYS: 'false',
    OIDC_SIMULATOR_PORT: '0',
    MAIL_CATCHER_PORT: '0',
    ZGW_DEMO: 'false',
    NOTIFICATION_DELAY_MS: '0',
    WORKER_POLL_MS: '100',
    NOTIFICATION_RETRY_BASE_MS: '200',
    RATE_LIMIT_PER_ADDRESS: '1000000000',
    RATE_LIMIT_PER_CITIZEN: '1000000000',
  };
  const started: CliProcess[] = [];
  return {
    url: created.url,
    database,
    dataDir,
    keyring,
    ca,
    client,
    bsns,
    env,
    start(args, extra = {}) {
      const cli = runCli(args, { ...env, ...extra });
      started.push(cli);
      return cli;
    },
    async close() {
      for (const cli of started) await cli.stop();
      await database.close();
      await created.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The free ports for a `serve --api` process (and its unused web port). */
export async function apiPorts(): Promise<{ PORT: string; API_PORT: string }> {
  return { PORT: String(await freePort()), API_PORT: String(await freePort()) };
}

export interface PostResult {
  status: number;
  contentType: string;
  body: unknown;
}

/** One HTTPS request with the organisation's client certificate; a fresh connection each time. */
export function post(world: FaultWorld, apiUrl: string, pathname: string, body?: unknown): Promise<PostResult> {
  const url = new URL(pathname, apiUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: payload ? 'POST' : 'GET',
        ca: world.ca.cert,
        cert: world.client.cert,
        key: world.client.key,
        agent: false,
        timeout: 60_000,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: parsed });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(payload);
  });
}

export interface Delivered {
  id: string;
  reference: string;
  deliveredAt: string;
  receipt: string;
  receiptProof: ReceiptProof;
}

export type WaveItem = { recipient: { bsn: string }; reference: string; subject: string; body: string };

/** The wave: message i to resident i, reference `${run}-${i}`. */
export function waveItems(world: FaultWorld, run: string): WaveItem[] {
  return world.bsns.map((bsn, i) => ({ recipient: { bsn }, reference: `${run}-${i}`, subject: `Aanslag ${i}`, body: `Geachte heer/mevrouw,\n\nUw aanslag ${i} staat klaar.` }));
}

/**
 * Sends the items in batches from `clients` concurrent clients, each retrying a batch with the same
 * references until every item is delivered (200 or 201): connection errors and 5xx/429 answers
 * are retried after a short pause, as a well-behaved sender does. `onAnswer` sees every answer.
 */
export async function sendWave(input: { world: FaultWorld; apiUrls: string[]; items: WaveItem[]; batchSize: number; clients: number; onAnswer?: (answer: PostResult | Error) => void; deadlineMs?: number }): Promise<Delivered[]> {
  const delivered: Delivered[] = new Array(input.items.length);
  const batches: number[] = [];
  for (let start = 0; start < input.items.length; start += input.batchSize) batches.push(start);
  const deadline = Date.now() + (input.deadlineMs ?? 240_000);
  let turn = 0;
  const client = async (clientIndex: number) => {
    for (;;) {
      const start = batches.shift();
      if (start === undefined) return;
      const items = input.items.slice(start, start + input.batchSize);
      for (;;) {
        if (Date.now() > deadline) throw new Error('the wave did not finish in time');
        const apiUrl = input.apiUrls[(clientIndex + turn++) % input.apiUrls.length] ?? '';
        let answer: PostResult | Error;
        try {
          answer = await post(input.world, apiUrl, '/api/v1/messages/batch', { messages: items });
        } catch (error) {
          answer = error as Error;
        }
        input.onAnswer?.(answer);
        if (!(answer instanceof Error) && answer.status === 200) {
          const results = (answer.body as { results: { status: number; message?: Delivered }[] }).results;
          if (results.every((result) => result.status === 200 || result.status === 201)) {
            for (const [i, result] of results.entries()) if (result.message) delivered[start + i] = result.message;
            break;
          }
          if (results.some((result) => result.status < 500 && result.status !== 429 && result.status >= 300)) throw new Error(`refused: ${JSON.stringify(results.find((r) => r.status >= 300))}`);
        } else if (!(answer instanceof Error) && answer.status < 500 && answer.status !== 429) {
          throw new Error(`batch refused: ${answer.status} ${JSON.stringify(answer.body)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  await Promise.all(Array.from({ length: input.clients }, (_, i) => client(i)));
  return delivered;
}

/** Verifies every receipt against the published JWKS; returns how many verified. */
export async function verifyReceipts(world: FaultWorld, apiUrl: string, items: WaveItem[], delivered: Delivered[]): Promise<number> {
  const jwks = (await post(world, apiUrl, '/.well-known/jwks.json')).body as JSONWebKeySet;
  let verified = 0;
  for (const [i, item] of items.entries()) {
    const result = delivered[i];
    if (!result) continue;
    const sha256 = contentHashOf(item as Parameters<typeof contentHashOf>[0], []).toString('base64url');
    await verifyReceipt({ jws: result.receipt, proof: result.receiptProof, leaf: { mid: result.id, ref: item.reference, oin: OIN, sha256, deliveredAt: result.deliveredAt }, jwks });
    verified++;
  }
  return verified;
}

/** An SMTP server that records every mail's recipient; `stop` and `listen` again on the same port. */
export async function startSmtpSink(port = 0): Promise<{ port: number; recipients: string[]; close(): Promise<void> }> {
  const recipients: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('end', () => {
        for (const to of session.envelope.rcptTo) recipients.push(to.address);
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, recipients, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
