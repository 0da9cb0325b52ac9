import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { apiRequest, clientCertificate, readDevCa } from '../../test/api-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import type { PemPair } from '../organisations/index.ts';
import { backoffMs } from './worker.ts';

let t: TestPortal;
let ca: PemPair;
let sender: PemPair;
const [johanna, fatima, pieter, sanne] = DEMO_CITIZENS as [typeof DEMO_CITIZENS[number], typeof DEMO_CITIZENS[number], typeof DEMO_CITIZENS[number], typeof DEMO_CITIZENS[number]];
const addresses = new Map([
  [johanna.bsn, 'johanna@example.nl'],
  [fatima.bsn, 'fatima@example.nl'],
  [pieter.bsn, 'pieter@example.nl'],
]);

async function verifyAddress(bsn: string, email: string) {
  const citizenId = (await t.portal.accounts.findCitizenIdByBsn(bsn))!;
  const { keyring } = t.portal;
  const { fieldContext } = await import('../identity/index.ts');
  await t.portal.database.db
    .insertInto('citizen_profiles')
    .values({ citizen_id: citizenId, email_encrypted: keyring.encryptText(email, fieldContext(citizenId, 'email')), email_verified_at: new Date() })
    .execute();
  return citizenId;
}

async function deliver(bsn: string, overrides: Record<string, unknown> = {}) {
  const response = await apiRequest({
    baseUrl: t.portal.apiUrl,
    ca: ca.cert,
    path: '/api/v1/messages',
    credentials: sender,
    body: { recipient: { bsn }, reference: `n-${Math.random().toString(36).slice(2)}`, subject: 'GEHEIM-ONDERWERP toeslag', body: 'GEHEIME-INHOUD van het bericht', ...overrides },
  });
  expect(response.status).toBe(201);
  return (response.body as { id: string }).id;
}

const mailsTo = (address: string) => t.portal.mailCatcher!.mails.filter((mail) => mail.to.includes(address));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function logFor(citizenId: string) {
  return t.portal.database.db.selectFrom('notification_log').selectAll().where('citizen_id', '=', citizenId).orderBy('occurred_at').execute();
}

beforeAll(async () => {
  t = await startTestPortal();
  ca = readDevCa(t.portal.devCaDir!);
  await t.portal.organisations.add({ oin: '00000004003214345001', name: 'Dienst Toeslagen', capabilities: ['inbox'], mandatoryChannel: true });
  sender = await clientCertificate(ca, '00000004003214345001', 'Dienst Toeslagen');
  for (const person of [johanna, fatima, pieter]) {
    await t.portal.accounts.logIn({ bsn: person.bsn, assurance: 'midden' });
    await verifyAddress(person.bsn, addresses.get(person.bsn)!);
  }
});
afterAll(async () => {
  await t.close();
});

describe('notifications', () => {
  it('R10: a delivery leads to one mail to the verified address, naming the sender but not the content', async () => {
    await deliver(johanna.bsn);
    const mail = await t.portal.mailCatcher!.waitFor((m) => m.to.includes('johanna@example.nl'));
    expect(mail.subject).toBe('U heeft nieuwe post in Burgerportaal');
    expect(mail.text).toContain('Dienst Toeslagen');
    expect(mail.text).toContain(t.baseUrl);
    expect(mail.text).not.toContain('GEHEIM');
    expect(mail.text).not.toContain(johanna.bsn);
    const citizenId = (await t.portal.accounts.findCitizenIdByBsn(johanna.bsn))!;
    await expect.poll(async () => (await logFor(citizenId)).map((row) => row.outcome)).toEqual(['sent']);
    const activity = await t.portal.accounts.usageHistory(citizenId);
    expect(activity.activity.map((a) => a.action)).toContain('notification-sent');
  });

  it('R10: several messages arriving close together produce one mail, not many', async () => {
    const before = mailsTo('fatima@example.nl').length;
    await Promise.all([deliver(fatima.bsn), deliver(fatima.bsn), deliver(fatima.bsn)]);
    await t.portal.mailCatcher!.waitFor(() => mailsTo('fatima@example.nl').length > before);
    await sleep(800);
    expect(mailsTo('fatima@example.nl').length).toBe(before + 1);
    const citizenId = (await t.portal.accounts.findCitizenIdByBsn(fatima.bsn))!;
    const notified = await t.portal.database.db.selectFrom('messages').select('notification_id').where('citizen_id', '=', citizenId).execute();
    expect(new Set(notified.map((row) => row.notification_id)).size).toBe(1);
    expect(notified.every((row) => row.notification_id !== null)).toBe(true);
  });

  it('R10: without a verified address no mail is sent, and that is recorded', async () => {
    const before = t.portal.mailCatcher!.mails.length;
    await deliver(sanne.bsn);
    const citizenId = (await t.portal.accounts.findCitizenIdByBsn(sanne.bsn))!;
    await expect.poll(async () => (await logFor(citizenId)).map((row) => row.outcome), { timeout: 5000 }).toEqual(['no-verified-address']);
    expect(t.portal.mailCatcher!.mails.length).toBe(before);
  });

  it('R10: a permanently refused address counts as bounced and is not retried', async () => {
    const citizenId = await verifyAddress(sanne.bsn, 'bestaat-niet@example.nl');
    t.portal.mailCatcher!.rejectAddress('bestaat-niet@example.nl');
    await deliver(sanne.bsn);
    await expect.poll(async () => (await logFor(citizenId)).map((row) => row.outcome), { timeout: 5000 }).toEqual(['no-verified-address', 'bounced']);
    await sleep(600);
    expect((await logFor(citizenId)).length).toBe(2);
  });

  it('R10: while SMTP is down mails are retried with backoff; after recovery every mail arrives exactly once', async () => {
    const people = [johanna, fatima, pieter];
    const before = new Map(people.map((p) => [p.bsn, mailsTo(addresses.get(p.bsn)!).length]));
    t.portal.mailCatcher!.setFailing(true);
    for (const person of people) await deliver(person.bsn);
    const citizenIds = await Promise.all(people.map(async (p) => (await t.portal.accounts.findCitizenIdByBsn(p.bsn))!));
    const sentBefore = await Promise.all(citizenIds.map(async (id) => (await logFor(id)).filter((r) => r.outcome === 'sent').length));
    // Wait until every citizen's mail has failed at least twice.
    await expect
      .poll(async () => Math.min(...(await Promise.all(citizenIds.map(async (id) => (await logFor(id)).filter((r) => r.outcome === 'failed').length)))), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    for (const person of people) expect(mailsTo(addresses.get(person.bsn)!).length).toBe(before.get(person.bsn));
    t.portal.mailCatcher!.setFailing(false);
    for (const person of people) {
      await t.portal.mailCatcher!.waitFor(() => mailsTo(addresses.get(person.bsn)!).length > before.get(person.bsn)!, 15_000);
    }
    await sleep(1500);
    for (const person of people) expect(mailsTo(addresses.get(person.bsn)!).length).toBe(before.get(person.bsn)! + 1);
    for (const [index, id] of citizenIds.entries()) {
      const outcomes = (await logFor(id)).map((row) => row.outcome);
      expect(outcomes.at(-1)).toBe('sent');
      expect(outcomes.filter((o) => o === 'sent').length).toBe(sentBefore[index]! + 1);
      expect(outcomes.filter((o) => o === 'failed').length).toBeGreaterThanOrEqual(2);
    }
    const remaining = await t.portal.database.db.selectFrom('notification_outbox').selectAll().execute();
    expect(remaining).toEqual([]);
  });

  it('R10: a message visible only later is notified only once it is visible', async () => {
    const before = mailsTo('pieter@example.nl').length;
    await deliver(pieter.bsn, { visibleFrom: new Date(Date.now() + 1500).toISOString() });
    await sleep(700);
    expect(mailsTo('pieter@example.nl').length).toBe(before);
    await t.portal.mailCatcher!.waitFor(() => mailsTo('pieter@example.nl').length > before, 10_000);
  });

  it('R10: the retry delay doubles per attempt and is capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30)).toBe(60 * 60 * 1000);
  });
});
