import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { waitFor } from '../processes.ts';
import { apiPorts, createFaultWorld, post, sendWave, startSmtpSink, verifyReceipts, waveItems, type FaultWorld } from './harness.ts';

let world: FaultWorld;
beforeAll(async () => {
  world = await createFaultWorld(300);
});
afterAll(async () => {
  await world?.close();
});

describe('faults: two API processes and two workers side by side for a whole wave', () => {
  it('R6, R10: no message, receipt or notification mail is duplicated', async () => {
    const sink = await startSmtpSink();
    try {
      const ports = await apiPorts();
      const api = world.start(['serve', '--api', '--processes', '2'], ports);
      const workers = world.start(['worker', '--processes', '2'], { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, PORT: String(Number(ports.PORT) + 1) });
      const apiUrl = `https://localhost:${ports.API_PORT}`;
      await waitFor(async () => expect((await post(world, apiUrl, '/.well-known/jwks.json')).status).toBe(200), 90_000, 'the API');
      await waitFor(() => expect(api.children()).toHaveLength(2));
      await waitFor(() => expect(workers.children()).toHaveLength(2), 90_000, 'two workers');
      const items = waveItems(world, 'side');
      // The same wave sent twice over (a sender's retry after a lost answer): still N messages.
      const [first, again] = await Promise.all([
        sendWave({ world, apiUrls: [apiUrl], items, batchSize: 20, clients: 3 }),
        sendWave({ world, apiUrls: [apiUrl], items, batchSize: 20, clients: 3 }),
      ]);
      expect(again.map((message) => message.id)).toEqual(first.map((message) => message.id));
      const stored = await sql<{ messages: number; ids: number; references: number }>`select count(*)::int as messages, count(distinct message_id)::int as ids, count(distinct reference)::int as references from messages`.execute(world.database.db);
      expect(stored.rows[0]).toEqual({ messages: 300, ids: 300, references: 300 });
      expect(await verifyReceipts(world, apiUrl, items, first)).toBe(300);
      // Every resident has an address: exactly one mail each, however the two workers share the outbox.
      await waitFor(() => expect(sink.recipients.length).toBeGreaterThanOrEqual(300), 120_000, 'the notification mails');
      await waitFor(async () => {
        const open = await sql<{ count: number }>`select count(*)::int as count from notification_outbox`.execute(world.database.db);
        expect(open.rows[0]?.count).toBe(0);
      }, 60_000, 'an empty outbox');
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(sink.recipients).toHaveLength(300);
      expect(new Set(sink.recipients).size).toBe(300);
      const sent = await sql<{ count: number }>`select count(*)::int as count from notification_log where outcome = 'sent'`.execute(world.database.db);
      expect(sent.rows[0]?.count).toBe(300);
    } finally {
      await sink.close();
    }
  });
});
