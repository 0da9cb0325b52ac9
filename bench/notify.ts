import type pg from 'pg';
import { fieldContext } from '../src/identity/index.ts';
import type { Keyring } from '../src/platform/crypto/keyring.ts';
import { freePort } from '../test/portal.ts';
import { copyRows, hex } from './lib/population.ts';
import { cpuSeconds, spawnPortal, peakRssMb, type PortalProcess } from './lib/processes.ts';
import { startSmtpSink, type SinkStats } from './lib/smtp-sink.ts';
import { round } from './lib/stats.ts';

/** How often an idle worker looks for due notifications; a busy one drains batch after batch without waiting. */
export const BENCH_WORKER_POLL_MS = 100;

/** Starts one `burgerportaal worker` and waits until its jobs run. */
async function startWorker(env: Record<string, string>): Promise<PortalProcess> {
  const worker = spawnPortal(['worker'], { ...env, PORT: String(await freePort()) });
  const deadline = Date.now() + 120_000;
  while (!worker.output().includes('worker running')) {
    if (worker.process.exitCode !== null) throw new Error(`worker exited: ${worker.output()}`);
    if (Date.now() > deadline) throw new Error(`worker did not start: ${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return worker;
}

/** Waits until the sink has `mails` mails, failing when none arrives for a minute. */
async function waitForMails(sink: { stats(): Promise<SinkStats> }, mails: number, workers: PortalProcess[]): Promise<SinkStats> {
  let last = await sink.stats();
  let progressAt = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stats = await sink.stats();
    if (stats.mails >= mails) return stats;
    if (stats.mails > last.mails) progressAt = Date.now();
    last = stats;
    const exited = workers.find((worker) => worker.process.exitCode !== null);
    if (exited) throw new Error(`a worker exited: ${exited.output()}`);
    if (Date.now() - progressAt > 60_000) throw new Error(`the mail stalled at ${stats.mails} of ${mails}: ${workers.map((w) => w.output()).join('\n')}`);
  }
}

/**
 * N citizens with a verified address and one unnotified message each; `workers` processes of the
 * production worker role (`burgerportaal worker`) drain the outbox to an SMTP sink in a process of
 * its own: mails per second from the first mail to the sink to the N-th, each citizen mailed once.
 */
export async function runNotify(input: { client: pg.Client; env: Record<string, string>; keyring: Keyring; citizenIds: string[]; organisationId: string; smtpPool: number; workers: number }) {
  const { client, keyring, citizenIds } = input;
  await client.query('create temp table notify_emails (citizen_id uuid, email bytea)');
  await copyRows(client, 'notify_emails', ['citizen_id', 'email'], citizenIds.map((id, i) => `${id}\t${hex(keyring.encryptText(`burger${i}@example.nl`, fieldContext(id, 'email')))}`));
  await client.query('insert into citizen_profiles (citizen_id, email_encrypted, email_verified_at) select citizen_id, email, now() from notify_emails');
  const batch = crypto.randomUUID();
  await client.query(`insert into receipt_batches values ('${batch}', '${input.organisationId}', 'x', now())`);
  const past = new Date(Date.now() - 60_000).toISOString();
  await copyRows(
    client,
    'messages',
    ['citizen_id', 'message_id', 'organisation_id', 'reference', 'content_hash', 'subject_encrypted', 'body_encrypted', 'visible_from', 'delivered_at', 'receipt_batch_id', 'receipt_index', 'receipt_proof'],
    citizenIds.map((id, i) => `${id}\t${crypto.randomUUID()}\t${input.organisationId}\tnotify-${i}\t\\\\x00\t\\\\x00\t\\\\x00\t${past}\t${past}\t${batch}\t0\t\\\\x`),
  );

  const sink = await startSmtpSink();
  const env = { ...input.env, SMTP_URL: sink.url, SMTP_POOL_SIZE: String(input.smtpPool), WORKER_POLL_MS: String(BENCH_WORKER_POLL_MS) };
  const workers: PortalProcess[] = [];
  try {
    // Every worker is up before the outbox fills (one COPY, one commit): the figure is the drain, not the start-up.
    for (let i = 0; i < input.workers; i++) workers.push(await startWorker(env));
    console.log(`[bench]   ${input.workers} worker processes running; filling the outbox`);
    await copyRows(client, 'notification_outbox', ['citizen_id', 'not_before', 'created_at'], citizenIds.map((id) => `${id}\t${past}\t${past}`));
    const cpuBefore = [...workers.map((worker) => cpuSeconds(worker.process.pid ?? 0)), cpuSeconds(sink.pid)];
    const stats = await waitForMails(sink, citizenIds.length, workers);
    const peakWorkerRssMb = workers.map((worker) => worker.peakRssMb());
    // Where the time goes: CPU seconds per process during the drain (the last entry is the sink).
    const cpu = [...workers.map((worker) => cpuSeconds(worker.process.pid ?? 0)), cpuSeconds(sink.pid)].map((after, i) => round(after - (cpuBefore[i] ?? 0)));
    const seconds = ((stats.lastMailAt ?? 0) - (stats.firstMailAt ?? 0)) / 1000;
    // Exactly once: one mail per citizen, no recipient twice (a late duplicate shows up here too).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const final = await sink.stats();
    if (final.mails !== citizenIds.length || final.distinctRecipients !== citizenIds.length || final.recipients !== citizenIds.length) {
      throw new Error(`expected ${citizenIds.length} mails to as many recipients, the sink got ${final.mails} mails to ${final.recipients} recipients (${final.distinctRecipients} distinct)`);
    }
    return {
      mails: final.mails,
      distinctRecipients: final.distinctRecipients,
      workerProcesses: input.workers,
      smtpPool: input.smtpPool,
      seconds: round(seconds, 2),
      mailsPerSecond: Math.round(final.mails / seconds),
      peakWorkerRssMb: peakWorkerRssMb.join(' / '),
      peakSinkRssMb: peakRssMb(sink.pid),
      workerCpuSeconds: cpu.slice(0, -1).join(' / '),
      sinkCpuSeconds: cpu.at(-1),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await sink.close();
  }
}
