import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { citizenIdOf, giveVerifiedEmail, loggedInClient } from '../../test/fixtures.ts';
import type { HttpClient } from '../../test/http-client.ts';
import { startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';
import { grantMandate, pendingMandateId, postForm } from '../../test/representation-fixture.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const pieter = DEMO_CITIZENS[2]!;
const DELAY_MS = 60_000;
const SUBJECT = 'GEHEIM-ONDERWERP toeslag';
const TO_FATIMA = 'fatima.rep@example.nl';
const TO_PIETER = 'pieter.rep@example.nl';

let f: InboxFixture;
let grantor: HttpClient;
beforeAll(async () => {
  f = await startInboxFixture({ NOTIFICATION_DELAY_MS: String(DELAY_MS) }, { workers: false });
  grantor = await loggedInClient(f.t, johanna.bsn);
  await loggedInClient(f.t, fatima.bsn);
  await loggedInClient(f.t, pieter.bsn);
  await giveVerifiedEmail(f.t, johanna.bsn, 'johanna.own@example.nl');
  await giveVerifiedEmail(f.t, fatima.bsn, TO_FATIMA);
  await giveVerifiedEmail(f.t, pieter.bsn, TO_PIETER);
});
afterAll(async () => {
  await f.close();
});

/** Mails to this address about someone else's new message. */
const representativeMails = (address: string) => f.t.portal.mailCatcher!.mails.filter((mail) => mail.to.includes(address) && mail.subject.startsWith('Nieuw bericht voor'));

const johannaMails = () => f.t.portal.mailCatcher!.mails.filter((mail) => mail.to.includes('johanna.own@example.nl') && mail.subject === 'U heeft een nieuw bericht in Burgerportaal').length;

/** The notification worker after the delay; waits for Johanna's own mail, sent in the same run as any representative's. */
async function runWorker(): Promise<void> {
  const before = johannaMails();
  f.t.clock.advance(DELAY_MS);
  await f.t.portal.modules.notifications.worker().runOnce();
  await f.t.portal.mailCatcher!.waitFor(() => johannaMails() > before);
}

/** A new message for Johanna, then the notification worker. */
async function newMessageForJohanna(): Promise<void> {
  await f.deliver(f.gemeente, johanna.bsn, { subject: SUBJECT, body: 'GEHEIME-INHOUD' });
  await runWorker();
}

async function activeMandate(representative: HttpClient, bsn: string, services: string[], until?: string): Promise<string> {
  const granted = await grantMandate(grantor, { bsn, services, until });
  const id = pendingMandateId((await representative.text('/machtigingen')).html);
  if (!id || !granted.code) throw new Error('no pending mandate');
  await postForm(representative, '/machtigingen', `/machtigingen/${id}/accepteren`, [['code', granted.code]]);
  return id;
}

const notifyOn = (client: HttpClient, id: string) => postForm(client, '/machtigingen', `/machtigingen/${id}/berichtmeldingen`, [['meldingen', 'aan']]);

describe('new-message mail to a representative', () => {
  let fatimaMandate = '';

  it('R17: a representative who opts in gets one content-free mail at their own verified address, naming the represented person', async () => {
    const representative = await loggedInClient(f.t, fatima.bsn);
    fatimaMandate = await activeMandate(representative, fatima.bsn, ['berichtenbox-read']);
    const page = await representative.text('/machtigingen');
    expect(page.html).toContain('Stuur mij een e-mail als er een nieuw bericht voor Johanna de Vries is');
    const saved = await notifyOn(representative, fatimaMandate);
    expect(saved.location).toBe('/machtigingen?melding=meldingen-aan');
    expect(saved.html).toContain('U krijgt een e-mail als er een nieuw bericht is.');
    expect(saved.html).toMatch(/name="meldingen" value="aan" type="checkbox" checked/);
    // The change is in the represented citizen's processing log, with the representative as actor.
    const johannaId = await citizenIdOf(f.t, johanna.bsn);
    const fatimaId = await citizenIdOf(f.t, fatima.bsn);
    const records = await f.t.portal.db.selectFrom('processing_log').selectAll().where('operation_name', '=', 'mandate-notifications-on').execute();
    expect(records.map((record) => [record.data_subject_id, record.actor_citizen_id])).toEqual([[johannaId, fatimaId]]);

    await newMessageForJohanna();
    const mail = await f.t.portal.mailCatcher!.waitFor((m) => m.to.includes(TO_FATIMA) && m.subject.startsWith('Nieuw bericht voor'));
    expect(mail.subject).toBe('Nieuw bericht voor Johanna de Vries in Burgerportaal');
    expect(mail.text).toContain("Er is een nieuw bericht voor Johanna de Vries in Burgerportaal. Log in en kies 'namens Johanna de Vries'.");
    for (const secret of ['GEHEIM', johanna.bsn, 'Gemeente Utrecht']) {
      expect(mail.subject).not.toContain(secret);
      expect(mail.text).not.toContain(secret);
    }
    expect(representativeMails(TO_FATIMA)).toHaveLength(1);
    // Recorded in the represented citizen's usage history, with the mandate.
    const sent = await f.t.portal.db.selectFrom('processing_log').selectAll().where('operation_name', '=', 'representative-notification-sent').execute();
    expect(sent.map((record) => [record.data_subject_id, record.detail])).toEqual([[johannaId, fatimaMandate]]);
  });

  it('R17: without opt-in a representative gets no mail; a mandate without the Berichtenbox cannot opt in', async () => {
    const representative = await loggedInClient(f.t, pieter.bsn);
    await activeMandate(representative, pieter.bsn, ['berichtenbox-read']);
    const cases = await activeMandate(representative, pieter.bsn, ['lopende-zaken']);
    expect((await representative.text('/machtigingen')).html.match(/data-testid="notify-form"/g)).toHaveLength(1);
    expect((await notifyOn(representative, cases)).status).toBe(404);
    // Nor can anyone switch it on for someone else's mandate.
    expect((await notifyOn(representative, fatimaMandate)).status).toBe(404);
    await newMessageForJohanna();
    await f.t.portal.mailCatcher!.waitFor(() => representativeMails(TO_FATIMA).length === 2);
    expect(representativeMails(TO_PIETER)).toHaveLength(0);
  });

  it('R17: after revocation or expiry the representative gets no more mail, decided at send time', async () => {
    const before = representativeMails(TO_FATIMA).length;
    // Revoked after the message arrived but before the worker sends: still nothing.
    await f.deliver(f.gemeente, johanna.bsn, { subject: SUBJECT });
    await postForm(grantor, '/machtigingen', `/machtigingen/${fatimaMandate}/beeindigen`, []);
    await runWorker();

    // Pieter opts in on a mandate that ends tomorrow; two days later it has expired.
    const representative = await loggedInClient(f.t, pieter.bsn);
    const tomorrow = new Date(f.t.clock.now().getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const expiring = await activeMandate(representative, pieter.bsn, ['berichtenbox-manage'], tomorrow);
    expect((await notifyOn(representative, expiring)).location).toBe('/machtigingen?melding=meldingen-aan');
    f.t.clock.advance(3 * 24 * 60 * 60 * 1000);
    await newMessageForJohanna();
    expect(representativeMails(TO_FATIMA)).toHaveLength(before);
    expect(representativeMails(TO_PIETER)).toHaveLength(0);
  });
});
