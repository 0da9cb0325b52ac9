import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientCredentials } from '../../test/api-client.ts';
import { activateCitizens, countRows, organisationApi, type OrganisationApi } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';

const BASELINE = 5;
const adults = DEMO_CITIZENS.slice(0, 3);

let t: TestPortal;
let api: OrganisationApi;
let belastingdienst: ClientCredentials;
let duo: ClientCredentials;

beforeAll(async () => {
  t = await startTestPortal({ CAPACITY_BASELINE_PER_MINUTE: String(BASELINE), NOTIFICATION_DELAY_MS: '1000' }, { workers: false });
  api = organisationApi(t);
  belastingdienst = await api.register({ oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'] });
  duo = await api.register({ oin: '00000001800866472000', name: 'Dienst Uitvoering Onderwijs', capabilities: ['inbox'] });
  await activateCitizens(t, adults);
});
afterAll(async () => {
  await t?.close();
});

/** Moves the clock to just after the start of a fresh minute, so a scenario's counts start at 0. */
function freshMinute(): void {
  t.clock.advance(60_000 - (t.clock.now().getTime() % 60_000) + 500);
}

function batch(count: number) {
  return { messages: Array.from({ length: count }, (_, index) => ({ recipient: { bsn: adults[index % adults.length]!.bsn }, reference: `wave-${randomUUID()}`, subject: 'Voorlopige aanslag', body: 'Uw voorlopige aanslag staat klaar.' })) };
}

describe('the capacity plan is enforced on delivery', () => {
  it('R27: a burst above the baseline without an announced wave gets 429 problem+json with Retry-After, and nothing of it is stored', async () => {
    freshMinute();
    const before = await countRows(t, 'messages');
    const refused = await api.call(belastingdienst, '/api/v1/messages/batch', batch(BASELINE + 1));
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((refused.body as { type: string }).type).toBe('urn:burgerportaal:problem:delivery-rate-above-plan');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await countRows(t, 'messages')).toBe(before);

    // Up to the baseline is admitted, one by one; the next one in the same minute is not.
    for (let i = 0; i < BASELINE; i++) await api.deliver(belastingdienst, adults[0]!.bsn);
    expect((await api.deliverRaw(belastingdienst, adults[0]!.bsn)).status).toBe(429);
    // Another organisation has its own baseline.
    expect((await api.deliverRaw(duo, adults[0]!.bsn)).status).toBe(201);
    // The next minute the baseline is available again.
    freshMinute();
    expect((await api.deliverRaw(belastingdienst, adults[0]!.bsn)).status).toBe(201);
  });

  it('R27: an announced wave gets its reserved rate, and its notification mails are spread over its window', async () => {
    // The earlier deliveries' notifications go out first, so the outbox holds only the wave's.
    t.clock.advance(2_000);
    await t.portal.modules.notifications.worker().runOnce();
    expect(await countRows(t, 'notification_outbox')).toBe(0);
    freshMinute();
    const now = t.clock.now();
    const windowEnd = new Date(now.getTime() + 10 * 60_000);
    const announced = await api.call(belastingdienst, '/api/v1/waves', { windowStart: now.toISOString(), windowEnd: windowEnd.toISOString(), expectedMessages: 600 });
    expect(announced.status).toBe(201);
    // 600 messages over 10 minutes, with 25 % headroom: 75 per minute on top of the baseline.
    expect(announced.body).toMatchObject({ expectedMessages: 600, reservedPerMinute: 75, exceedsPlatformCapacity: false });

    const admitted = await api.call(belastingdienst, '/api/v1/messages/batch', batch(60));
    expect(admitted.status).toBe(200);
    expect((admitted.body as { results: { status: number }[] }).results.every((result) => result.status === 201)).toBe(true);
    // Above baseline + reserved (80) in the same minute: refused.
    expect((await api.call(belastingdienst, '/api/v1/messages/batch', batch(25))).status).toBe(429);

    const outbox = await t.portal.db.selectFrom('notification_outbox').select(['citizen_id', 'not_before']).execute();
    const notBefore = outbox.map((row) => new Date(row.not_before).getTime());
    expect(notBefore.every((at) => at >= now.getTime() + 1000 && at <= windowEnd.getTime())).toBe(true);
    expect(new Set(notBefore).size).toBe(outbox.length); // each citizen at their own moment in the window

    const listed = await api.call(belastingdienst, '/api/v1/waves');
    const waves = (listed.body as { waves: { id: string }[] }).waves;
    expect(waves.map((wave) => wave.id)).toEqual([(announced.body as { id: string }).id]);
    // The other organisation sees none of it.
    expect((await api.call(duo, '/api/v1/waves')).body).toEqual({ waves: [] });
    expect((await api.call(duo, `/api/v1/waves/${waves[0]!.id}`, undefined, 'DELETE')).status).toBe(404);

    // Cancelled: the next minute only the baseline is left.
    expect((await api.call(belastingdienst, `/api/v1/waves/${waves[0]!.id}`, undefined, 'DELETE')).status).toBe(204);
    freshMinute();
    expect((await api.call(belastingdienst, '/api/v1/messages/batch', batch(BASELINE + 1))).status).toBe(429);
  });

  it('R27: a wave that ends before it starts, lasts over 7 days or expects no messages is refused with a clear problem', async () => {
    const now = t.clock.now();
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
    for (const body of [
      { windowStart: at(10), windowEnd: at(5), expectedMessages: 10 },
      { windowStart: at(0), windowEnd: at(8 * 24 * 60), expectedMessages: 10 },
      { windowStart: at(-20), windowEnd: at(-10), expectedMessages: 10 },
      { windowStart: at(0), windowEnd: at(10), expectedMessages: 0 },
    ]) {
      const refused = await api.call(belastingdienst, '/api/v1/waves', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect(await countRows(t, 'wave_plans')).toBe(1);
  });

  it('R27: the platform warns when announced waves together exceed the measured capacity', async () => {
    // The next whole hour, so the wave fills exactly one hour of the dashboard.
    const start = Math.ceil(t.clock.now().getTime() / 3_600_000) * 3_600_000;
    // 6,900 messages per second is the configured capacity (24.84 M an hour); 30 M in one hour is over it.
    const wave = await api.call(duo, '/api/v1/waves', { windowStart: new Date(start).toISOString(), windowEnd: new Date(start + 3_600_000).toISOString(), expectedMessages: 30_000_000 });
    expect(wave.status).toBe(201);
    expect(wave.body).toMatchObject({ exceedsPlatformCapacity: true });
    const hourly = await t.portal.modules.capacity.plan.hourly({ from: new Date(start - 3_600_000), to: new Date(start + 2 * 3_600_000) });
    expect(hourly.hours.map((hour) => hour.overCapacity)).toEqual([false, true, false]);
    expect(hourly.hours[1]?.announcedTotal).toBe(30_000_000);
  });
});
