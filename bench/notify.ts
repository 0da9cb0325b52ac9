import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { createAccounts, fieldContext, type PopulationRegister } from '../src/identity/index.ts';

/** The drain never resolves recipients: every account already exists. */
const NO_REGISTER: PopulationRegister = { findByBsn: async () => null, findByBsns: async () => new Map() };
import { createProfile } from '../src/profile/index.ts';
import { messageNotificationSource } from '../src/inbox/notification-source.ts';
import { createNotificationWorker } from '../src/notifications/index.ts';
import type { Keyring } from '../src/platform/crypto/keyring.ts';
import type { Db } from '../src/platform/db/database.ts';
import { createMailer } from '../src/platform/mail/mailer.ts';
import { copyRows, hex } from './lib/population.ts';
import { round } from './lib/stats.ts';

/** An SMTP server that accepts and counts mail without keeping it. */
async function startSink(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 100,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received++;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, count: () => received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * N citizens with a verified address and one unnotified message each, then the notification
 * worker drains the outbox to a local SMTP server: mails per second.
 */
export async function runNotify(input: { client: pg.Client; db: Db; keyring: Keyring; citizenIds: string[]; organisationId: string; smtpPool: number }): Promise<{ mails: number; smtpPool: number; seconds: number; mailsPerSecond: number }> {
  const { client, keyring, citizenIds } = input;
  await client.query('create temp table notify_emails (citizen_id uuid, email bytea)');
  await copyRows(client, 'notify_emails', ['citizen_id', 'email'], citizenIds.map((id, i) => `${id}\t${hex(keyring.encryptText(`burger${i}@example.nl`, fieldContext(id, 'email')))}`));
  await client.query('insert into citizen_profiles (citizen_id, email_encrypted, email_verified_at) select citizen_id, email, now() from notify_emails');
  const batch = crypto.randomUUID();
  await client.query(`insert into receipt_batches values ('${batch}', '${input.organisationId}', 'x', now())`);
  const past = new Date(Date.now() - 60_000).toISOString();
  await copyRows(
    client,
    'messages',
    ['citizen_id', 'message_id', 'organisation_id', 'reference', 'content_hash', 'subject_encrypted', 'body_encrypted', 'visible_from', 'delivered_at', 'receipt_batch_id', 'receipt_index', 'receipt_proof'],
    citizenIds.map((id, i) => `${id}\t${crypto.randomUUID()}\t${input.organisationId}\tnotify-${i}\t\\\\x00\t\\\\x00\t\\\\x00\t${past}\t${past}\t${batch}\t0\t\\\\x`),
  );
  await copyRows(client, 'notification_outbox', ['citizen_id', 'not_before', 'created_at'], citizenIds.map((id) => `${id}\t${past}\t${past}`));

  console.log('[bench]   seeded; draining');
  // The portal's own services, so the figure includes decrypting addresses and the usage history.
  const accounts = createAccounts({ db: input.db, keyring, register: NO_REGISTER, now: () => new Date() });
  const profile = createProfile({ db: input.db, keyring, accounts, mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'x@example.nl' }), publicUrl: 'https://mijn.example.nl', now: () => new Date(), mailLimits: { verificationMailsPerCitizenPerHour: 3, verificationMailsPerAddressPerDay: 3 } });
  const sink = await startSink();
  const mailer = createMailer({ smtpUrl: sink.url, from: 'Burgerportaal <noreply@example.nl>', poolSize: input.smtpPool });
  const worker = createNotificationWorker({
    db: input.db,
    mailer,
    sources: [messageNotificationSource],
    verifiedAddresses: (citizenIds) => profile.verifiedEmails(citizenIds),
    recordActivities: (entries, trx) => accounts.recordActivities(entries, trx),
    publicUrl: 'https://mijn.example.nl',
    now: () => new Date(),
    logger: pino({ level: 'warn' }),
  });
  const started = performance.now();
  const counts = await worker.runOnce(200);
  console.log('[bench]   drained', counts);
  const seconds = (performance.now() - started) / 1000;
  const mails = sink.count();
  mailer.close();
  await sink.close();
  return { mails, smtpPool: input.smtpPool, seconds: round(seconds, 2), mailsPerSecond: Math.round(mails / seconds) };
}
