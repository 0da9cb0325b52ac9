import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { countRows, loggedInClient } from './fixtures.ts';
import { HttpClient } from './http-client.ts';
import { startTestPortal, type TestPortal } from './portal.ts';

const [johanna, fatima, pieter, sanne] = DEMO_CITIZENS;

const LIMITS = {
  TRUST_PROXY: 'loopback',
  PENDING_LOGIN_LIMIT: '100',
  RATE_LIMIT_LOGIN_STARTS: '8',
  RATE_LIMIT_PER_ADDRESS: '40',
  RATE_LIMIT_PER_CITIZEN: '30',
  VERIFICATION_MAILS_PER_CITIZEN_HOUR: '3',
  VERIFICATION_MAILS_PER_ADDRESS_DAY: '3',
};

let t: TestPortal;
beforeAll(async () => {
  // The test portal sits behind "a proxy" on loopback, so X-Forwarded-For names each client's address.
  t = await startTestPortal(LIMITS);
});
afterAll(async () => {
  await t?.close();
});

async function pendingLogins(): Promise<number> {
  const row = await t.portal.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('citizen_id', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A plain request from a given client address; no cookies kept. */
function from(address: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(path, t.baseUrl), { ...init, redirect: 'manual', headers: { 'x-forwarded-for': address, ...(init.headers as Record<string, string> | undefined) } });
}

describe('pending logins stay bounded', () => {
  it('R3: 1,000 anonymous login starts from 1,000 addresses leave at most the cap of pending logins, and a real login still works', async () => {
    let next = 0;
    const statuses = new Map<number, number>();
    // A bounded loop on 127.0.0.1 only: ten at a time, each from its own documentation address.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < 1000) {
          const index = next++;
          const response = await from(`198.51.${Math.floor(index / 250)}.${index % 250}`, '/inloggen');
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    expect(statuses.get(303)).toBe(1000);
    // The cap (100) plus at most the starts between two trims in this one process (10).
    expect(await pendingLogins()).toBeLessThanOrEqual(110);
    const client = await loggedInClient(t, johanna!.bsn);
    expect((await client.text('/mijn-account')).status).toBe(200);
  });

  it('R3: a HEAD or a browser prefetch of the login link stores nothing', async () => {
    const before = await countRows(t, 'sessions');
    expect((await from('192.0.2.50', '/inloggen', { method: 'HEAD' })).status).toBe(204);
    expect((await from('192.0.2.50', '/inloggen', { headers: { 'sec-purpose': 'prefetch' } })).status).toBe(204);
    expect(await countRows(t, 'sessions')).toBe(before);
  });

  it('R3: a pending login lives ten minutes, not twelve hours', async () => {
    const client = new HttpClient(t.baseUrl);
    await client.request('/inloggen', { headers: { 'x-forwarded-for': '192.0.2.51' } });
    const newest = await t.portal.db.selectFrom('sessions').select(['created_at', 'absolute_expires_at']).where('citizen_id', 'is', null).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(new Date(newest.absolute_expires_at).getTime() - new Date(newest.created_at).getTime()).toBe(10 * 60 * 1000);
  });
});

describe('rate limits per client address and per citizen', () => {
  it('R3: the ninth login start in a minute from one address is a readable Dutch 429 page with Retry-After, and stores nothing', async () => {
    for (let i = 0; i < 8; i++) expect((await from('192.0.2.7', '/inloggen')).status).toBe(303);
    const before = await countRows(t, 'sessions');
    const refused = await from('192.0.2.7', '/inloggen');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain('<h1 class="utrecht-heading-1">Even geduld</h1>');
    expect(html).toContain('Probeer het over ongeveer 1 minuut opnieuw.');
    expect(await countRows(t, 'sessions')).toBe(before);
    // Another address is not affected.
    expect((await from('192.0.2.8', '/inloggen')).status).toBe(303);
  });

  it('R3: one address without a login gets 40 pages a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await from('192.0.2.9', '/')).status);
    expect(statuses.slice(0, 40).every((status) => status === 200)).toBe(true);
    expect(statuses[40]).toBe(429);
  });

  it('R3: a logged-in citizen is limited per citizen, not per address, so others on the same address go on', async () => {
    const busy = await loggedInClient(t, fatima!.bsn);
    const neighbour = await loggedInClient(t, pieter!.bsn);
    const shared = { 'x-forwarded-for': '192.0.2.10' };
    let refusedAt = 0;
    for (let i = 1; i <= 31 && refusedAt === 0; i++) {
      const response = await busy.request('/mijn-account', { headers: shared });
      await response.arrayBuffer();
      if (response.status === 429) refusedAt = i;
    }
    expect(refusedAt).toBeGreaterThan(20);
    expect(refusedAt).toBeLessThanOrEqual(30);
    expect((await neighbour.request('/mijn-account', { headers: shared })).status).toBe(200);
  });
});

describe('verification mail limits', () => {
  const catcher = () => t.portal.mailCatcher!;
  const mailsTo = (address: string) => catcher().mails.filter((mail) => mail.to.some((to) => to.toLowerCase() === address)).length;

  it('R5: a citizen gets three verification mails an hour; the fourth is refused with a clear message and nothing is sent', async () => {
    const client = await loggedInClient(t, sanne!.bsn);
    for (const n of [1, 2, 3]) {
      const sent = await client.submit('/mijn-account', '/mijn-account/e-mail', { email: `sanne-${n}@example.nl` });
      expect(sent.status).toBe(200);
      await catcher().waitFor((mail) => mail.to.includes(`sanne-${n}@example.nl`));
    }
    const refused = await client.submit('/mijn-account', '/mijn-account/e-mail', { email: 'sanne-4@example.nl' });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('Wij hebben u net al een paar bevestigingsmails gestuurd');
    expect(refused.html).not.toContain('sanne-4@example.nl (');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo('sanne-4@example.nl')).toBe(0);
  });

  it('R5: one e-mail address gets three verification mails a day, whoever asks', async () => {
    const first = await loggedInClient(t, johanna!.bsn);
    const second = await loggedInClient(t, pieter!.bsn);
    for (let i = 0; i < 3; i++) expect((await first.submit('/mijn-account', '/mijn-account/e-mail', { email: 'Slachtoffer@example.nl' })).status).toBe(200);
    const refused = await second.submit('/mijn-account', '/mijn-account/e-mail', { email: 'slachtoffer@example.nl' });
    expect(refused.status).toBe(429);
    await expect.poll(() => mailsTo('slachtoffer@example.nl')).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo('slachtoffer@example.nl')).toBe(3);
    // The same citizen may still mail another address: the refusal was the address's.
    expect((await second.submit('/mijn-account', '/mijn-account/e-mail', { email: 'pieter@example.nl' })).status).toBe(200);
  });
});
