import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from './demo/citizens.ts';
import { loggedInClient } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';

const fatima = DEMO_CITIZENS[1]!;

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal({ REGISTER_BREAKER_VOLUME: '3', REGISTER_BREAKER_ERROR_PERCENT: '50', REGISTER_BREAKER_RESET_MS: '2000' });
});
afterAll(async () => {
  await t.close();
});

async function rdwStatus(): Promise<string | undefined> {
  const client = new HttpClient(t.baseUrl);
  const landing = await client.login(fatima.bsn);
  expect(landing.html).toContain('Welkom, Fatima El Amrani');
  const page = await client.text('/mijn-gegevens');
  return /data-testid="block-rdw" data-status="(\w+)"/.exec(page.html)?.[1];
}

describe('circuit breaker per register', () => {
  it('R14: a register that keeps failing trips its breaker; its block stays unavailable without being called, the others still show', async () => {
    const rdw = t.portal.demoRegisters!.server('rdw');
    rdw.mode = 'error';
    for (let attempt = 0; attempt < 3; attempt++) expect(await rdwStatus()).toBe('unavailable');
    // The register recovers, but the open breaker keeps calls away until its reset time.
    rdw.mode = 'normal';
    const callsBefore = rdw.requests.length;
    const client = await loggedInClient(t, fatima.bsn);
    const page = await client.text('/mijn-gegevens');
    expect(page.html).toMatch(/data-testid="block-rdw" data-status="unavailable"/);
    expect(page.html).toMatch(/data-testid="block-brp" data-status="ok"/);
    expect(page.html).toContain('Kinderbijslag');
    expect(rdw.requests.length).toBe(callsBefore);
    expect(t.logText()).toContain('register circuit opened');
    expect(t.logText()).toContain('"reason":"circuit-open"');
    // Past the reset time one trial call goes through and closes the breaker again.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await rdwStatus()).toBe('ok');
    expect(rdw.requests.length).toBe(callsBefore + 1);
    expect(t.logText()).toContain('register circuit closed');
  });
});
