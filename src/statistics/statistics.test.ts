import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateCitizens, organisationApi } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { geometricNoise, publishGroup, type Uniform } from './disclosure.ts';

/** A seeded generator (mulberry32), so the distribution checks are reproducible. */
function seededUniform(seed: number): Uniform {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return (((x ^ (x >>> 14)) >>> 0) + 1) / 4294967296;
  };
}

describe('disclosure control', () => {
  it('R28: the noise follows the two-sided geometric distribution of the stated ε (mean 0, P(0) and variance as derived)', () => {
    const epsilon = 0.5;
    const alpha = Math.exp(-epsilon);
    const uniform = seededUniform(42);
    const samples = Array.from({ length: 50_000 }, () => geometricNoise(epsilon, uniform));
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / samples.length;
    const zeros = samples.filter((x) => x === 0).length / samples.length;
    expect(samples.every(Number.isInteger)).toBe(true);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(zeros).toBeCloseTo((1 - alpha) / (1 + alpha), 2);
    expect(variance / ((2 * alpha) / (1 - alpha) ** 2)).toBeGreaterThan(0.95);
    expect(variance / ((2 * alpha) / (1 - alpha) ** 2)).toBeLessThan(1.05);
  });

  it('R28: a small count is suppressed, and a second cell with it, so the total cannot give it away', () => {
    const published = publishGroup(
      [
        { dimension: 'a', count: 3 },
        { dimension: 'b', count: 40 },
        { dimension: 'c', count: 50 },
      ],
      { minCount: 10, epsilon: 1, uniform: seededUniform(1) },
    );
    const byDimension = new Map(published.map((cell) => [cell.dimension, cell.published]));
    expect(byDimension.get('a')).toBeNull();
    expect(byDimension.get('b')).toBeNull(); // the smallest other cell: secondary suppression
    expect(byDimension.get('c')).toEqual(expect.any(Number));
    expect(byDimension.get('total')).toEqual(expect.any(Number));
    // Two unknowns and one equation: total − c leaves a + b, not a.
    expect(published.filter((cell) => cell.published === null)).toHaveLength(2);
  });

  it('R28: a figure without breakdown is published once, without a separate total, and suppressed when small', () => {
    expect(publishGroup([{ dimension: 'all', count: 4 }], { minCount: 10, epsilon: 1 })).toEqual([{ dimension: 'all', count: 4, published: null }]);
    const large = publishGroup([{ dimension: 'all', count: 400 }], { minCount: 10, epsilon: 1 });
    expect(large.map((cell) => cell.dimension)).toEqual(['all']);
    expect(large[0]?.published).toEqual(expect.any(Number));
  });

  it('R28: nothing suppressed when every count reaches the threshold; published figures are never negative', () => {
    const published = publishGroup(
      [
        { dimension: 'a', count: 10 },
        { dimension: 'b', count: 12 },
      ],
      { minCount: 10, epsilon: 0.1, uniform: seededUniform(7) },
    );
    expect(published.every((cell) => cell.published !== null && cell.published >= 0)).toBe(true);
  });
});

describe('published usage statistics on a small population', () => {
  let t: TestPortal;
  beforeAll(async () => {
    t = await startTestPortal({ STATISTICS_MIN_COUNT: '3', STATISTICS_EPSILON: '0.5' }, { workers: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('R28: a day is published once, small counts suppressed with their complement, every other figure noised; page and CSV show no exact small count', async () => {
    const api = organisationApi(t);
    const large = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox'] });
    const small = await api.register({ oin: '00000001810220350000', name: 'UWV', capabilities: ['inbox'] });
    const people = DEMO_CITIZENS.slice(0, 3); // the adults
    await activateCitizens(t, people);
    await t.portal.accounts.logIn({ bsn: DEMO_CITIZENS[0]!.bsn, assurance: 'substantieel' });
    for (const person of people) await api.deliver(large, person.bsn);
    await api.deliver(large, people[0]!.bsn);
    await api.deliver(small, people[1]!.bsn);

    t.clock.advance(24 * 60 * 60 * 1000);
    const statistics = t.portal.modules.statistics;
    expect(await statistics.publisher.runOnce()).toBeGreaterThan(0);

    const rows = await t.portal.db.selectFrom('statistics_daily').selectAll().execute();
    const figure = (metric: string, dimension: string) => rows.find((row) => row.metric === metric && row.dimension === dimension);
    // Logins: three at midden, one at substantieel: 1 < 3 suppressed, and midden with it; the total stays.
    expect(figure('logins', 'midden')).toMatchObject({ count: 3, published: null });
    expect(figure('logins', 'substantieel')).toMatchObject({ count: 1, published: null });
    expect(figure('logins', 'total')?.count).toBe(4);
    expect(figure('logins', 'total')?.published).toEqual(expect.any(Number));
    // Deliveries per organisation: UWV's single message is suppressed, Utrecht's four with it.
    const organisations = new Map((await t.portal.organisations.list()).map((organisation) => [organisation.name, organisation.organisationId]));
    expect(figure('messages-delivered', organisations.get('UWV')!)).toMatchObject({ count: 1, published: null });
    expect(figure('messages-delivered', organisations.get('Gemeente Utrecht')!)).toMatchObject({ count: 4, published: null });
    expect(figure('messages-delivered', 'total')).toMatchObject({ count: 5 });
    expect(figure('visits', 'all')).toMatchObject({ count: 4 });

    // Drawn once: a second run publishes nothing new and changes no figure.
    expect(await statistics.publisher.runOnce()).toBe(0);
    expect(await t.portal.db.selectFrom('statistics_daily').selectAll().execute()).toEqual(rows);

    const visitor = new HttpClient(t.baseUrl);
    const page = await visitor.text('/statistieken');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Cijfers over het gebruik van Burgerportaal');
    expect(page.html).toContain('niet gepubliceerd');
    const csv = await visitor.text('/statistieken.csv');
    expect(csv.status).toBe(200);
    const lines = csv.html.trim().split('\r\n');
    expect(lines[0]).toBe('day,metric,dimension,organisation,value');
    const uwvLine = lines.find((line) => line.includes(',messages-delivered,') && line.includes('UWV'));
    expect(uwvLine?.endsWith(',')).toBe(true); // suppressed: no value
    const totalLine = lines.find((line) => line.includes(',logins,total,'));
    expect(totalLine).toBe(`${figure('logins', 'total')!.day},logins,total,,${figure('logins', 'total')!.published}`);
    const middenLine = lines.find((line) => line.includes(',logins,midden,'));
    expect(middenLine?.endsWith(',')).toBe(true);
  });
});
