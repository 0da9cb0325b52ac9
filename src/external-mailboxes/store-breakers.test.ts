import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MagazijnDemo } from './demo/index.ts';
import type { StoreError } from './magazijn-client.ts';
import { MagazijnClient } from './magazijn-client.ts';
import { StoreBreakers } from './store-breakers.ts';

const BSN = '999990007';
let store: MagazijnDemo;
let client: MagazijnClient;
let breakers: StoreBreakers;

beforeAll(async () => {
  store = await MagazijnDemo.start({ oin: '00000009990000002000' });
  client = new MagazijnClient({ id: 'w', name: 'W', oin: store.oin, url: store.url, timeoutMs: 1000, clientCertFile: undefined, clientKeyFile: undefined, caFile: undefined });
  breakers = new StoreBreakers({ settings: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 }, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  breakers.shutdown();
  client.close();
  await store.close();
});

const list = () => breakers.run('w', () => client.list({ bsn: BSN, signal: new AbortController().signal })).catch((error: unknown) => error as StoreError);

describe('circuit breaker per message store', () => {
  it('R19: a store that keeps failing is not asked any more for a while; "not found" answers do not open the breaker', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (let n = 0; n < 5; n++) {
      const failure = await breakers.run('other', () => client.message({ bsn: BSN, messageId: unknown, signal: new AbortController().signal })).catch((error: unknown) => error as StoreError);
      expect(failure).toMatchObject({ kind: 'not-found' });
    }
    store.mode = 'unavailable';
    expect(await list()).toMatchObject({ kind: 'status', status: 503 });
    expect(await list()).toMatchObject({ kind: 'status', status: 503 });
    const asked = store.requestCount;
    expect(await list()).toMatchObject({ kind: 'circuit-open' });
    expect(store.requestCount).toBe(asked);
  });
});
