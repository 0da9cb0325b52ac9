import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freePort } from '../portal.ts';
import { waitFor } from '../processes.ts';
import { apiPorts, createFaultWorld, post, sendWave, startSmtpSink, waveItems, type FaultWorld } from './harness.ts';

const RESIDENTS = 24;
let world: FaultWorld;
beforeAll(async () => {
  world = await createFaultWorld(RESIDENTS);
});
afterAll(async () => {
  await world?.close();
});

/** A server that accepts SMTP connections and never says a word (no greeting). */
async function startSilentServer(port: number): Promise<{ connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const outcomes = async () => {
  const rows = await sql<{ outcome: string; count: number }>`select outcome, count(*)::int as count from notification_log group by outcome`.execute(world.database.db);
  return Object.fromEntries(rows.rows.map((row) => [row.outcome, row.count])) as Record<string, number>;
};

describe('faults: the SMTP server down, then stalled, then back', () => {
  it('R10: every notification mail goes out exactly once after recovery, and every failed attempt is recorded', async () => {
    const smtpPort = await freePort();
    const ports = await apiPorts();
    const api = world.start(['serve', '--api'], ports);
    const worker = world.start(['worker'], { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, PORT: String(Number(ports.PORT) + 1), NOTIFICATION_RETRY_BASE_MS: '500' });
    const apiUrl = `https://localhost:${ports.API_PORT}`;
    await waitFor(async () => expect((await post(world, apiUrl, '/.well-known/jwks.json')).status).toBe(200), 90_000, 'the API');
    await waitFor(() => expect(worker.output()).toContain('worker running'), 90_000, 'the worker');
    await sendWave({ world, apiUrls: [apiUrl], items: waveItems(world, 'smtp'), batchSize: RESIDENTS, clients: 1 });

    // Down: nothing listens; attempts fail and are recorded, none is given up.
    await waitFor(async () => expect((await outcomes()).failed ?? 0).toBeGreaterThanOrEqual(RESIDENTS * 2), 60_000, 'failed attempts while down');
    // Stalled: the connection is accepted and never answered; the attempt times out and is recorded.
    const failedBeforeStall = (await outcomes()).failed ?? 0;
    const silent = await startSilentServer(smtpPort);
    await waitFor(async () => {
      expect(silent.connections()).toBeGreaterThan(0);
      expect((await outcomes()).failed ?? 0).toBeGreaterThan(failedBeforeStall);
    }, 90_000, 'failed attempts against the stalled server');
    await silent.close();

    // Back: every resident gets the mail once.
    const sink = await startSmtpSink(smtpPort);
    try {
      await waitFor(() => expect(sink.recipients.length).toBeGreaterThanOrEqual(RESIDENTS), 150_000, 'the mails after recovery');
      await waitFor(async () => {
        const open = await sql<{ count: number }>`select count(*)::int as count from notification_outbox`.execute(world.database.db);
        expect(open.rows[0]?.count).toBe(0);
      }, 60_000, 'an empty outbox');
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(sink.recipients).toHaveLength(RESIDENTS);
      expect(new Set(sink.recipients).size).toBe(RESIDENTS);
      const final = await outcomes();
      expect(final.sent).toBe(RESIDENTS);
      expect(final.bounced ?? 0).toBe(0);
      // Each resident's attempts form one history: attempt numbers 1…n, the last one sent.
      const histories = await sql<{ attempts: number; last_outcome: string; notifications: number }>`
        select count(*)::int as attempts, (array_agg(outcome order by attempt desc))[1] as last_outcome, count(distinct notification_id)::int as notifications
        from notification_log group by citizen_id`.execute(world.database.db);
      expect(histories.rows).toHaveLength(RESIDENTS);
      for (const history of histories.rows) {
        expect(history.last_outcome).toBe('sent');
        expect(history.notifications).toBe(1);
        expect(history.attempts).toBeGreaterThanOrEqual(3);
      }
    } finally {
      await sink.close();
      await api.stop();
      await worker.stop();
    }
  });
});
