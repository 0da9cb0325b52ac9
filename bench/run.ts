import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Keyring } from '../src/platform/crypto/keyring.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateDatabase } from '../src/modules.ts';
import { createOrganisationRegistry, ensureDevCa, issueCertificate } from '../src/organisations/index.ts';
import { freePort } from '../test/portal.ts';
import { generateBsns, seedCitizens } from './lib/population.ts';
import { startServer } from './lib/server.ts';
import { round } from './lib/stats.ts';
import { createSessions, explainFirstPage, growInbox, load } from './inbox.ts';
import { runNotify } from './notify.ts';
import { runPopulationImport } from './population.ts';
import { copyLimit, runWave } from './wave.ts';

const { values } = parseArgs({
  options: { smoke: { type: 'boolean', default: false }, messages: { type: 'string' }, 'inbox-messages': { type: 'string' }, only: { type: 'string' }, residents: { type: 'string' }, 'web-processes': { type: 'string' }, mails: { type: 'string' }, 'smtp-pool': { type: 'string' }, 'mail-workers': { type: 'string' }, 'api-processes': { type: 'string' }, 'wave-caps': { type: 'string' } },
});
const smoke = values.smoke ?? false;
// The population import (1 M residents by default) runs only when asked: `--only population` or `--residents N`.
const only = new Set((values.only ?? `wave,inbox,notify${values.residents || values.smoke ? ',population' : ''}`).split(','));
const mailWorkers = Number(values['mail-workers'] ?? 2);
if (!Number.isInteger(mailWorkers) || mailWorkers < 1) {
  console.error('--mail-workers takes a positive whole number (the worker processes that send the mail).');
  process.exit(2);
}
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('npm run bench needs DATABASE_URL (a PostgreSQL server); the benchmark creates and drops its own database there.');
  process.exit(2);
}

const log = (text: string) => console.log(`[bench] ${text}`);
const results: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30), node: process.version },
  smoke,
  startedAt: new Date().toISOString(),
};

const dbName = `bp_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const dbUrl = new URL(baseUrl);
dbUrl.pathname = `/${dbName}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-bench-'));
const handle = await openDatabase({ url: dbUrl.href });
const client = new pg.Client({ connectionString: dbUrl.href });
try {
  await migrateDatabase(handle.db);
  await client.connect();
  const keyringFile = path.join(dataDir, 'keyring.json');
  fs.writeFileSync(keyringFile, JSON.stringify(Keyring.generateFile()));
  const keyring = Keyring.load({ file: keyringFile, createIfMissing: false });
  const ca = await ensureDevCa(path.join(dataDir, 'dev-ca'));
  const registry = createOrganisationRegistry({ db: handle.db, now: () => new Date() });
  const { organisation } = await registry.add({ oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true });
  const clientCert = await issueCertificate(ca, { kind: 'client', oin: organisation.oin, name: organisation.name });
  const env = { DATABASE_URL: dbUrl.href, DATA_DIR: dataDir, KEYRING_FILE: keyringFile, API_ALLOW_BEARER_KEYS: 'false', OIDC_SIMULATOR_PORT: '0', MAIL_CATCHER_PORT: '0',
    // The bench measures throughput from a few addresses and sessions, not the abuse limits.
    RATE_LIMIT_PER_ADDRESS: '1000000000', RATE_LIMIT_PER_CITIZEN: '1000000000', RATE_LIMIT_LOGIN_STARTS: '1000000000',
    // … nor the capacity plan: the wave runs at whatever rate the portal reaches.
    CAPACITY_BASELINE_PER_MINUTE: '1000000000' };

  const waveMessages = Number(values.messages ?? (smoke ? 2000 : 200_000));
  const population = Math.min(waveMessages, 200_000);
  log(`seeding ${population} citizens with COPY`);
  const bsns = generateBsns(population);
  const citizenIds = await seedCitizens(client, keyring, bsns);
  // The citizen web and the organisation API as separate processes, as in production.
  const webProcesses = Number(values['web-processes'] ?? 1);
  const apiProcesses = Number(values['api-processes'] ?? 1);
  const waveCaps = (values['wave-caps'] ?? (smoke ? '4' : '4,2,1')).split(',').map(Number);
  const layout = { web: `serve --web --processes ${webProcesses}`, api: `serve --api --processes ${apiProcesses}`, notify: `${mailWorkers} × worker, SMTP sink in its own process`, postgres: 'same machine', loadGenerator: 'same machine' };
  results.layout = layout;
  log(`process layout: ${JSON.stringify(layout)}`);
  const web = await startServer({ args: ['serve', '--web', '--processes', String(webProcesses)], env, port: await freePort(), apiPort: await freePort() });
  const apiServer = await startServer({ args: ['serve', '--api', '--processes', String(apiProcesses)], env, port: await freePort(), apiPort: await freePort() });
  const server = { baseUrl: web.baseUrl, apiUrl: apiServer.apiUrl };
  const wave = (messages: number, runId: string, onProgress?: (done: number) => void) =>
    runWave({ apiUrl: server.apiUrl, ca: ca.cert, client: clientCert, bsns, messages, clients: 4, batchSize: 1000, runId }, onProgress);
  try {
    if (only.has('wave')) {
      log(`wave: ${waveMessages} messages, 4 clients, batches of 1000`);
      let lastReport = 0;
      const result = await wave(waveMessages, 'wave', (done) => {
        if (done - lastReport >= waveMessages / 10) {
          lastReport = done;
          log(`  ${done}/${waveMessages}`);
        }
      });
      const peakRssMb = apiServer.peakRssMb();
      const size = await client.query<{ bytes: string; rows: string }>("select pg_total_relation_size('messages') + pg_total_relation_size('message_attachments') as bytes, (select count(*) from messages) as rows");
      const bytesPerMessage = Math.round(Number(size.rows[0]?.bytes) / Number(size.rows[0]?.rows));
      log('COPY limit for the same rows');
      const copy = await copyLimit(client, keyring, { citizenIds, messages: waveMessages, organisationId: organisation.organisationId });
      results.wave = { ...result, peakApiProcessRssMb: peakRssMb, bytesPerMessageOnDisk: bytesPerMessage, copyMessagesPerSecond: copy.messagesPerSecond, ratioToCopy: round(result.messagesPerSecond / copy.messagesPerSecond, 2) };
    }

    if (only.has('inbox')) {
      const total = Number(values['inbox-messages'] ?? (smoke ? 3000 : 5_000_000));
      const inboxCitizens = smoke ? 2000 : Math.min(200_000, Math.ceil(total / 25));
      const seconds = smoke ? 2 : 10;
      log(`inbox: ${inboxCitizens} citizens, growing to ${total} messages, 50 sessions`);
      const inboxCitizenIds = await seedCitizens(client, keyring, generateBsns(inboxCitizens, 700_000_000));
      const readers = await createSessions(client, inboxCitizenIds.slice(0, 50));
      const batchId = randomUUID();
      await client.query('insert into receipt_batches values ($1, $2, $3, now())', [batchId, organisation.organisationId, 'bench']);
      const sizes = [Math.round(total / 5), Math.round(total / 2), total];
      const rowsBySize: Record<string, unknown>[] = [];
      let from = 0;
      for (const size of sizes) {
        const ms = await growInbox({ client, keyring, citizenIds: inboxCitizenIds, readers, organisationId: organisation.organisationId, batchId, from, total: size });
        log(`  ${size} messages (COPY ${Math.round((size - from) / (ms / 1000))} rows/s); measuring`);
        from = size;
        const staticRoute = await load({ baseUrl: server.baseUrl, readers, paths: () => ['/assets/app.css'], seconds });
        const firstPage = await load({ baseUrl: server.baseUrl, readers, paths: () => ['/berichten'], seconds });
        const open = await load({ baseUrl: server.baseUrl, readers, paths: (reader) => reader.messageIds.slice(0, 10).map((id) => `/berichten/${id}`), seconds });
        rowsBySize.push({
          messages: size,
          firstPageRps: firstPage.requestsPerSecond,
          firstPageP50Ms: firstPage.p50Ms,
          firstPageP95Ms: firstPage.p95Ms,
          firstPageP99Ms: firstPage.p99Ms,
          openRps: open.requestsPerSecond,
          openP99Ms: open.p99Ms,
          staticRps: staticRoute.requestsPerSecond,
          firstPageToStatic: round(firstPage.requestsPerSecond / staticRoute.requestsPerSecond, 2),
          errors: firstPage.errors + open.errors,
        });
        results[`inbox@${size}`] = rowsBySize.at(-1);
      }
      results.inboxPlan = await explainFirstPage(client, readers[0]?.citizenId ?? '');

      if (only.has('wave')) {
        const messages = smoke ? 2000 : 60_000;
        // The organisation's cap on concurrent batches per API process (API_CONCURRENT_BATCHES) is
        // the lever that keeps a wave from starving citizens: each cap gets its own API process.
        for (const cap of waveCaps) {
          log(`wave + inbox: ${messages} messages (at most ${cap} batches at once) while 50 sessions read their first page`);
          const capped = await startServer({ args: ['serve', '--api', '--processes', String(apiProcesses)], env: { ...env, API_CONCURRENT_BATCHES: String(cap) }, port: await freePort(), apiPort: await freePort() });
          try {
            const [during, waveDuring] = await Promise.all([
              load({ baseUrl: server.baseUrl, readers, paths: () => ['/berichten'], seconds: smoke ? 1 : 10 }),
              runWave({ apiUrl: capped.apiUrl, ca: ca.cert, client: clientCert, bsns, messages, clients: 4, batchSize: 1000, runId: `wave-during-inbox-cap${cap}` }),
            ]);
            results[`wave+inbox cap ${cap}`] = { concurrentBatches: cap, inboxP50Ms: during.p50Ms, inboxP95Ms: during.p95Ms, inboxP99Ms: during.p99Ms, inboxRps: during.requestsPerSecond, waveMessagesPerSecond: waveDuring.messagesPerSecond, waitsAtCap: waveDuring.waitsAtCap, apiPeakRssMb: capped.peakRssMb() };
          } finally {
            await capped.stop();
          }
        }
      }
    }
    results.peakProcessRssMb = { web: web.peakRssMb(), api: apiServer.peakRssMb() };
  } finally {
    await web.stop();
    await apiServer.stop();
  }

  if (only.has('population')) {
    const residents = Number(values.residents ?? (smoke ? 2000 : 1_000_000));
    log(`population import: ${residents} residents, burgerportaal population import as its own process`);
    results.population = await runPopulationImport({ env, dataDir, residents });
  }

  if (only.has('notify')) {
    const count = Number(values.mails ?? (smoke ? 500 : 100_000));
    log(`notify: ${count} notification jobs to a local SMTP server, ${mailWorkers} worker processes`);
    const notifyCitizenIds = await seedCitizens(client, keyring, generateBsns(count, 900_000_000));
    results.notify = await runNotify({ client, env, keyring, citizenIds: notifyCitizenIds, organisationId: organisation.organisationId, smtpPool: Number(values['smtp-pool'] ?? 16), workers: mailWorkers });
  }
} catch (error) {
  console.error('[bench] failed:', error);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
  log('closing pool');
  await handle.close();
  log('dropping database');
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

results.finishedAt = new Date().toISOString();
if (typeof results.inboxPlan === 'string') console.log(`\nInbox first page, query plan at the largest size:\n${results.inboxPlan}`);
console.log(`\nBurgerportaal benchmark${smoke ? ' (smoke run: tiny sizes, figures not meaningful)' : ''} on ${os.cpus().length} cores, ${round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`);
for (const [scenario, value] of Object.entries(results)) {
  if (typeof value !== 'object' || value === null || 'cpus' in value) continue;
  console.log(`\n${scenario}`);
  console.table(value);
}
fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
fs.writeFileSync(path.join(import.meta.dirname, 'results', smoke ? 'smoke.json' : 'latest.json'), JSON.stringify(results, null, 2));
