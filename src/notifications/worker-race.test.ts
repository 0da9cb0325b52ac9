import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { messageNotificationSource } from '../inbox/notification-source.ts';
import { activateCitizens, giveVerifiedEmail, organisationApi } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { createNotificationWorker } from './worker.ts';

const person = DEMO_CITIZENS[0]!;
let t: TestPortal;
let deliver: () => Promise<void>;

beforeAll(async () => {
  // The portal's own worker does not run: this test drives a worker whose mail server is slow.
  t = await startTestPortal({ NOTIFICATION_DELAY_MS: '0' }, { workers: false });
  const api = organisationApi(t);
  const credentials = await api.register({ oin: '00000004003214345009', name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true });
  await activateCitizens(t, [person]);
  await giveVerifiedEmail(t, person.bsn, 'johanna@example.nl');
  let n = 0;
  deliver = async () => {
    await api.deliver(credentials, person.bsn, { reference: `race-${n++}`, subject: 'Aanslag', body: 'Inhoud' });
  };
});
afterAll(async () => {
  await t.close();
});

describe('notification worker', () => {
  it('R10: a message delivered while the previous mail is being sent still gets a mail of its own', async () => {
    let deliverDuringSend = true;
    const worker = createNotificationWorker({
      db: t.portal.database.db,
      mailer: {
        async send(mail) {
          if (deliverDuringSend) {
            deliverDuringSend = false;
            await deliver();
          }
          return t.portal.mailer.send(mail);
        },
        close() {},
      },
      sources: [messageNotificationSource],
      verifiedAddresses: (ids) => t.portal.profile.verifiedEmails(ids),
      recordActivities: (entries, trx) => t.portal.accounts.recordActivities(entries, trx),
      publicUrl: t.baseUrl,
      now: t.clock.now,
      logger: t.portal.logger,
    });
    await deliver();
    expect((await worker.runOnce()).sent).toBe(2);
    const mails = t.portal.mailCatcher!.mails.filter((mail) => mail.to.includes('johanna@example.nl'));
    expect(mails).toHaveLength(2);
    const unnotified = await t.portal.database.db.selectFrom('messages').select('message_id').where('notification_id', 'is', null).execute();
    expect(unnotified).toEqual([]);
    expect(await t.portal.database.db.selectFrom('notification_outbox').selectAll().execute()).toEqual([]);
  });
});
