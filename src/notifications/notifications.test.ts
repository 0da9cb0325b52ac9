import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { activateCitizens, citizenIdOf, giveVerifiedEmail, organisationApi, type OrganisationApi } from '../../test/fixtures.ts';
import type { ClientCredentials } from '../../test/api-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { backoffMs } from './worker.ts';

// The production defaults: the worker runs only when a test calls it, on the injected clock.
const DELAY_MS = 60_000;
const RETRY_BASE_MS = 5_000;
const HOUR_MS = 60 * 60 * 1000;

let t: TestPortal;
let api: OrganisationApi;
let sender: ClientCredentials;
const [johanna, fatima, pieter, sanne] = DEMO_CITIZENS as [typeof DEMO_CITIZENS[number], typeof DEMO_CITIZENS[number], typeof DEMO_CITIZENS[number], typeof DEMO_CITIZENS[number]];
const addresses = new Map([
  [johanna.bsn, 'johanna@example.nl'],
  [fatima.bsn, 'fatima@example.nl'],
  [pieter.bsn, 'pieter@example.nl'],
]);

const deliver = (bsn: string, overrides: Record<string, unknown> = {}) =>
  api.deliver(sender, bsn, { subject: 'GEHEIM-ONDERWERP toeslag', body: 'GEHEIME-INHOUD van het bericht', ...overrides });

const mailsTo = (address: string) => t.portal.mailCatcher!.mails.filter((mail) => mail.to.includes(address));

/** Moves the clock on, then lets the portal's notification worker send what is due by then. */
async function runWorkerAfter(ms: number) {
  t.clock.advance(ms);
  return t.portal.modules.notifications.worker().runOnce();
}

async function logFor(citizenId: string) {
  return t.portal.database.db.selectFrom('notification_log').selectAll().where('citizen_id', '=', citizenId).orderBy('occurred_at').execute();
}

beforeAll(async () => {
  t = await startTestPortal({ NOTIFICATION_DELAY_MS: String(DELAY_MS), NOTIFICATION_RETRY_BASE_MS: String(RETRY_BASE_MS) }, { workers: false });
  api = organisationApi(t);
  sender = await api.register({ oin: '00000004003214345001', name: 'Dienst Toeslagen', capabilities: ['inbox'], mandatoryChannel: true });
  await activateCitizens(t, [johanna, fatima, pieter]);
  for (const person of [johanna, fatima, pieter]) await giveVerifiedEmail(t, person.bsn, addresses.get(person.bsn)!);
});
afterAll(async () => {
  await t.close();
});

describe('notifications', () => {
  it('R10: a delivery leads to one mail to the verified address, naming the sender but not the content', async () => {
    await deliver(johanna.bsn);
    // Nothing is sent before the notification delay has passed.
    expect(await runWorkerAfter(DELAY_MS - 1000)).toEqual({ sent: 0, failed: 0 });
    expect(await runWorkerAfter(1000)).toEqual({ sent: 1, failed: 0 });
    const mail = await t.portal.mailCatcher!.waitFor((m) => m.to.includes('johanna@example.nl'));
    expect(mail.subject).toBe('U heeft een nieuw bericht in Burgerportaal');
    expect(mail.text).toContain('U heeft een nieuw bericht in uw Berichtenbox. Van: Dienst Toeslagen.');
    expect(mail.text).toContain('Dienst Toeslagen');
    expect(mail.text).toContain(t.baseUrl);
    // One safety message: go there yourself; the mail does not also warn against its own address.
    expect(mail.text).toContain('Typ het adres zelf in');
    expect(mail.text).not.toContain('Klik nooit');
    expect(mail.text).not.toContain('GEHEIM');
    expect(mail.text).not.toContain(johanna.bsn);
    const citizenId = await citizenIdOf(t, johanna.bsn);
    expect((await logFor(citizenId)).map((row) => row.outcome)).toEqual(['sent']);
    const activity = await t.portal.accounts.usageHistory(citizenId);
    expect(activity.activity.map((a) => a.action)).toContain('notification-sent');
  });

  it('R10: several messages arriving close together produce one mail, not many', async () => {
    const before = mailsTo('fatima@example.nl').length;
    await Promise.all([deliver(fatima.bsn), deliver(fatima.bsn), deliver(fatima.bsn)]);
    expect((await runWorkerAfter(DELAY_MS)).sent).toBe(1);
    await t.portal.mailCatcher!.waitFor(() => mailsTo('fatima@example.nl').length > before);
    // Later runs send nothing more.
    expect((await runWorkerAfter(DELAY_MS)).sent).toBe(0);
    expect(mailsTo('fatima@example.nl').length).toBe(before + 1);
    // Three messages: the mail speaks of messages (plural).
    expect(mailsTo('fatima@example.nl').at(-1)?.subject).toBe('U heeft nieuwe berichten in Burgerportaal');
    const citizenId = await citizenIdOf(t, fatima.bsn);
    const notified = await t.portal.database.db.selectFrom('messages').select('notification_id').where('citizen_id', '=', citizenId).execute();
    expect(new Set(notified.map((row) => row.notification_id)).size).toBe(1);
    expect(notified.every((row) => row.notification_id !== null)).toBe(true);
  });

  it('R10: without a verified address no mail is sent, and that is recorded', async () => {
    const before = t.portal.mailCatcher!.mails.length;
    await deliver(sanne.bsn);
    const citizenId = await citizenIdOf(t, sanne.bsn);
    expect(await runWorkerAfter(DELAY_MS)).toEqual({ sent: 0, failed: 0 });
    expect((await logFor(citizenId)).map((row) => row.outcome)).toEqual(['no-verified-address']);
    expect(t.portal.mailCatcher!.mails.length).toBe(before);
  });

  it('R10: a permanently refused address counts as bounced and is not retried', async () => {
    const citizenId = await giveVerifiedEmail(t, sanne.bsn, 'bestaat-niet@example.nl');
    t.portal.mailCatcher!.rejectAddress('bestaat-niet@example.nl');
    await deliver(sanne.bsn);
    expect(await runWorkerAfter(DELAY_MS)).toEqual({ sent: 0, failed: 0 });
    expect((await logFor(citizenId)).map((row) => row.outcome)).toEqual(['no-verified-address', 'bounced']);
    // An hour later (past any retry delay) nothing has been attempted again.
    expect(await runWorkerAfter(HOUR_MS)).toEqual({ sent: 0, failed: 0 });
    expect((await logFor(citizenId)).length).toBe(2);
  });

  it('R10: while SMTP is down mails are retried with backoff; after recovery every mail arrives exactly once', async () => {
    const people = [johanna, fatima, pieter];
    const before = new Map(people.map((p) => [p.bsn, mailsTo(addresses.get(p.bsn)!).length]));
    t.portal.mailCatcher!.setFailing(true);
    for (const person of people) await deliver(person.bsn);
    const citizenIds = await Promise.all(people.map((p) => citizenIdOf(t, p.bsn)));
    const sentBefore = await Promise.all(citizenIds.map(async (id) => (await logFor(id)).filter((r) => r.outcome === 'sent').length));
    // Every citizen's mail fails twice: the second attempt waits for the first backoff, not less.
    expect(await runWorkerAfter(DELAY_MS)).toEqual({ sent: 0, failed: 3 });
    expect(await runWorkerAfter(backoffMs(1, RETRY_BASE_MS) - 1000)).toEqual({ sent: 0, failed: 0 });
    expect(await runWorkerAfter(1000)).toEqual({ sent: 0, failed: 3 });
    for (const id of citizenIds) expect((await logFor(id)).filter((r) => r.outcome === 'failed').length).toBeGreaterThanOrEqual(2);
    for (const person of people) expect(mailsTo(addresses.get(person.bsn)!).length).toBe(before.get(person.bsn));
    t.portal.mailCatcher!.setFailing(false);
    // The delay has doubled for the third attempt.
    expect(await runWorkerAfter(backoffMs(1, RETRY_BASE_MS))).toEqual({ sent: 0, failed: 0 });
    expect(await runWorkerAfter(backoffMs(2, RETRY_BASE_MS) - backoffMs(1, RETRY_BASE_MS))).toEqual({ sent: 3, failed: 0 });
    for (const person of people) {
      await t.portal.mailCatcher!.waitFor(() => mailsTo(addresses.get(person.bsn)!).length > before.get(person.bsn)!);
    }
    // An hour later nothing has been sent again.
    expect(await runWorkerAfter(HOUR_MS)).toEqual({ sent: 0, failed: 0 });
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
    await deliver(pieter.bsn, { visibleFrom: new Date(t.clock.now().getTime() + 3 * DELAY_MS).toISOString() });
    // Past the notification delay, but not yet visible: no mail.
    expect((await runWorkerAfter(2 * DELAY_MS)).sent).toBe(0);
    expect(mailsTo('pieter@example.nl').length).toBe(before);
    expect((await runWorkerAfter(DELAY_MS)).sent).toBe(1);
    await t.portal.mailCatcher!.waitFor(() => mailsTo('pieter@example.nl').length > before);
  });

  it('R10: the retry delay doubles per attempt and is capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30)).toBe(60 * 60 * 1000);
  });
});
