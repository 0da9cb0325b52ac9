import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { waitFor } from '../processes.ts';
import { apiPorts, createFaultWorld, post, sendWave, verifyReceipts, waveItems, type FaultWorld, type PostResult } from './harness.ts';

/**
 * Stops and starts the machine's PostgreSQL cluster (CI runs as root next to it). Other work on
 * the same server sees the outage too, so this file holds the server down only for seconds and
 * always brings it back, also when the test fails.
 */
const version = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql').sort().at(-1) : undefined;
const cluster = (action: string, ...flags: string[]) => execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version ?? '', 'main', action, ...flags], { stdio: 'pipe', timeout: 60_000 });
const isReady = () => {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
};
async function ensureRunning(): Promise<void> {
  if (!isReady()) {
    try {
      cluster('start');
    } catch {
      // already starting
    }
  }
  await waitFor(() => expect(isReady()).toBe(true), 60_000, 'PostgreSQL back');
}

let world: FaultWorld;
beforeAll(async () => {
  world = await createFaultWorld(300);
});
afterAll(async () => {
  await ensureRunning();
  await world?.close();
});

describe.skipIf(!version)('faults: PostgreSQL stopped and started in the middle of a wave', () => {
  it('R6: the API answers 503 problem+json while the database is down; retries then store exactly N messages', async () => {
    const ports = await apiPorts();
    world.start(['serve', '--api'], ports);
    const apiUrl = `https://localhost:${ports.API_PORT}`;
    await waitFor(async () => expect((await post(world, apiUrl, '/.well-known/jwks.json')).status).toBe(200), 90_000, 'the API');
    const items = waveItems(world, 'pg');
    let down = null as Promise<void> | null;
    let probe = null as PostResult | null;
    try {
      const delivered = await sendWave({
        world,
        apiUrls: [apiUrl],
        items,
        batchSize: 20,
        clients: 2,
        onAnswer: (answer) => {
          if (down || answer instanceof Error || answer.status !== 200) return;
          // After the first batch: the database goes down, a resend of an item is answered, and it comes back.
          down = (async () => {
            cluster('stop', '-m', 'fast');
            try {
              probe = await post(world, apiUrl, '/api/v1/messages/batch', { messages: items.slice(0, 1) });
            } finally {
              cluster('start');
            }
          })();
        },
      });
      await down;
      expect(probe).toMatchObject({ status: 503, contentType: expect.stringContaining('application/problem+json'), body: { status: 503, type: expect.stringContaining('unavailable') } });
      const stored = await sql<{ messages: number; references: number }>`select count(*)::int as messages, count(distinct reference)::int as references from messages`.execute(world.database.db);
      expect(stored.rows[0]).toEqual({ messages: 300, references: 300 });
      expect(await verifyReceipts(world, apiUrl, items, delivered)).toBe(300);
    } finally {
      await down?.catch(() => undefined);
      await ensureRunning();
    }
  });
});
