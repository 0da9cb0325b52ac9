import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { fieldContext } from '../identity/index.ts';
import { messageNotificationSource } from '../inbox/notification-source.ts';
import { apiRequest, clientCertificate, readDevCa } from '../../test/api-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { createNotificationWorker } from './worker.ts';

const person = DEMO_CITIZENS[0]!;
let t: TestPortal;
let deliver: () => Promise<void>;

beforeAll(async () => {
  // The portal's own worker stays idle: this test drives a worker whose mail server is slow.
  t = await startTestPortal({ WORKER_POLL_MS: '3600000', NOTIFICATION_DELAY_MS: '0' });
  const ca = readDevCa(t.portal.devCaDir!);
  await t.portal.organisations.add({ oin: '00000004003214345009', name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true });
  const credentials = await clientCertificate(ca, '00000004003214345009', 'Belastingdienst');
  const citizenId = (await t.portal.accounts.logIn({ bsn: person.bsn, assurance: 'midden' }).then(() => t.portal.accounts.findCitizenIdByBsn(person.bsn)))!;
  await t.portal.database.db
    .insertInto('citizen_profiles')
    .values({ citizen_id: citizenId, email_encrypted: t.portal.keyring.encryptText('johanna@example.nl', fieldContext(citizenId, 'email')), email_verified_at: new Date() })
    .execute();
  let n = 0;
  deliver = async () => {
    const response = await apiRequest({
      baseUrl: t.portal.apiUrl,
      ca: ca.cert,
      path: '/api/v1/messages',
      credentials,
      body: { recipient: { bsn: person.bsn }, reference: `race-${n++}`, subject: 'Aanslag', body: 'Inhoud' },
    });
    expect(response.status).toBe(201);
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
      now: () => new Date(),
      logger: pino({ level: 'silent' }),
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
