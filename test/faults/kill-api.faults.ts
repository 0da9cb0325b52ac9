import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { waitFor } from '../processes.ts';
import { apiPorts, createFaultWorld, post, sendWave, verifyReceipts, waveItems, type FaultWorld } from './harness.ts';

let world: FaultWorld;
beforeAll(async () => {
  world = await createFaultWorld(600);
});
afterAll(async () => {
  await world?.close();
});

describe('faults: an API process killed with -9 in the middle of a wave', () => {
  it('R6: senders retrying with the same references end with exactly N messages, each with a valid receipt', async () => {
    const ports = await apiPorts();
    const api = world.start(['serve', '--api', '--processes', '2'], ports);
    const apiUrl = `https://localhost:${ports.API_PORT}`;
    await waitFor(async () => expect((await post(world, apiUrl, '/.well-known/jwks.json')).status).toBe(200), 90_000, 'the API');
    await waitFor(() => expect(api.children()).toHaveLength(2));
    let killed: number | null = null;
    let failures = 0;
    const items = waveItems(world, 'kill');
    const delivered = await sendWave({
      world,
      apiUrls: [apiUrl],
      items,
      batchSize: 25,
      clients: 4,
      onAnswer: (answer) => {
        if (answer instanceof Error || answer.status !== 200) failures++;
        // After the first batch is through, one of the two API processes dies mid-request.
        if (killed === null && !(answer instanceof Error) && answer.status === 200) {
          killed = api.children()[0] ?? -1;
          process.kill(killed, 'SIGKILL');
        }
      },
    });
    expect(killed).not.toBeNull();
    expect(api.output()).toMatch(/ended \(SIGKILL\); starting another/);
    const stored = await sql<{ messages: number; references: number }>`select count(*)::int as messages, count(distinct reference)::int as references from messages`.execute(world.database.db);
    expect(stored.rows[0]).toEqual({ messages: 600, references: 600 });
    expect(new Set(delivered.map((message) => message.id)).size).toBe(600);
    const ids = await sql<{ message_id: string }>`select message_id from messages`.execute(world.database.db);
    expect(new Set(ids.rows.map((row) => row.message_id))).toEqual(new Set(delivered.map((message) => message.id)));
    expect(await verifyReceipts(world, apiUrl, items, delivered)).toBe(600);
    // Not asserted: how many requests failed (it depends on timing); logged for the reader.
    console.log(`kill -9: ${failures} failed answers retried`);
  });
});
