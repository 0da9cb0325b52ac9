import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.ts';
import type { Accounts } from '../identity/index.ts';
import type { ConsoleUser } from '../platform/console.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Language } from '../platform/i18n.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { complaintDeadline, deferralRefusal } from './complaint-clock.ts';
import { answeredMail, deferralMail, deferralNotice, receivedMail } from './helpdesk-mail.ts';
import * as store from './helpdesk-store.ts';

/** Contact details are erased this many days after a contact is handled (R22). */
export const CONTACT_RETENTION_DAYS = 30;
/** The thread itself is deleted a year after handling: the yearly complaints report (Awb 9:12a) counts it. */
export const THREAD_RETENTION_DAYS = 365;
const DAY_MS = 24 * 60 * 60_000;

export interface HelpdeskDeps {
  db: Db;
  keyring: Keyring;
  mailer: Mailer;
  accounts: Pick<Accounts, 'findCitizenIdByBsn' | 'findCitizen' | 'recordActivity'>;
  audit: AuditLog;
  now: () => Date;
  publicUrl: string;
  logger: Logger;
}

export interface NewContact {
  soort: 'vraag' | 'klacht';
  onderwerp: string;
  body: string;
  naam: string;
  email: string;
  telefoon: string;
  citizenId: string | null;
  language: Language;
}

export interface ThreadMessage {
  author: 'burger' | 'medewerker';
  body: string;
  at: Date;
}

export interface ContactView {
  uuid: string;
  nummer: string;
  soort: 'vraag' | 'klacht';
  onderwerp: string;
  receivedAt: Date;
  deadline_at: Date | null;
  deferred_until: Date | null;
  deferral_reason: string | null;
  handled_at: Date | null;
  citizenId: string | null;
  taal: Language;
}

export type AccountLookup = { kind: 'found'; citizenId: string; activatedAt: Date | null; lastLoginAt: Date | null; contacts: ContactView[] } | { kind: 'not-found' } | { kind: 'no-reason' };

const context = (uuid: string, field: string) => `helpdesk:${uuid}:${field}`;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The helpdesk (R22): citizens' questions and complaints, staff answers, the Awb 9:11 clock and
 * reasoned account lookups. Every change by a console user is audited in its own transaction (R24).
 */
export function createHelpdesk(deps: HelpdeskDeps) {
  const { db, keyring } = deps;
  const seal = (uuid: string, field: string, value: string) => keyring.encrypt(value, context(uuid, field));
  const open = (uuid: string, field: string, value: Uint8Array) => keyring.decryptText(value, context(uuid, field));
  const linkFor = (token: string) => `${deps.publicUrl}/helpdesk/contact/${token}`;

  const view = (row: NonNullable<store.ContactRow>): ContactView => ({
    uuid: row.uuid,
    nummer: row.nummer,
    soort: row.soort,
    onderwerp: open(row.uuid, 'onderwerp', row.onderwerp_encrypted),
    receivedAt: new Date(row.plaatsgevonden_op),
    deadline_at: row.deadline_at ? new Date(row.deadline_at) : null,
    deferred_until: row.deferred_until ? new Date(row.deferred_until) : null,
    deferral_reason: row.deferral_reason,
    handled_at: row.handled_at ? new Date(row.handled_at) : null,
    citizenId: row.citizen_id,
    taal: row.taal === 'en' ? 'en' : 'nl',
  });

  const thread = async (uuid: string): Promise<ThreadMessage[]> =>
    (await store.listMessages(db, uuid)).map((message) => ({ author: message.author, body: open(message.uuid, 'body', message.body_encrypted), at: new Date(message.created_at) }));

  /** Mails the citizen (never fails the action: the thread is in the portal either way). */
  const mailCitizen = async (email: string | null, mail: { subject: string; text: string }) => {
    if (!email) return;
    try {
      await deps.mailer.send({ to: email, ...mail });
    } catch (error) {
      deps.logger.error({ err: error }, 'helpdesk mail not sent');
    }
  };

  /** The citizen's address, with a fresh access link stored in the same transaction. */
  const newLink = async (trx: Db, contactUuid: string) => {
    const token = randomBytes(32).toString('base64url');
    await store.insertToken(trx, { tokenHash: tokenHash(token), contactUuid, at: deps.now() });
    const betrokkene = await store.findBetrokkene(trx, contactUuid);
    const email = betrokkene?.email_encrypted ? open(betrokkene.uuid, 'email', betrokkene.email_encrypted) : null;
    return { link: linkFor(token), email };
  };

  return {
    /** Stores a question or complaint and mails the asker a private link to its thread. */
    async submit(input: NewContact): Promise<{ uuid: string; nummer: string }> {
      const uuid = randomUUID();
      const at = deps.now();
      const token = randomBytes(32).toString('base64url');
      const betrokkeneUuid = randomUUID();
      const messageUuid = randomUUID();
      const deadlineAt = input.soort === 'klacht' ? complaintDeadline(at) : null;
      const nummer = await db.transaction().execute(async (trx) => {
        const nummer = await store.insertContact(trx, {
          uuid,
          soort: input.soort,
          onderwerpEncrypted: seal(uuid, 'onderwerp', input.onderwerp),
          taal: input.language,
          at,
          citizenId: input.citizenId,
          deadlineAt,
          betrokkene: {
            uuid: betrokkeneUuid,
            naam: seal(betrokkeneUuid, 'naam', input.naam),
            email: seal(betrokkeneUuid, 'email', input.email),
            telefoon: input.telefoon ? seal(betrokkeneUuid, 'telefoon', input.telefoon) : null,
          },
          taak: { uuid: randomUUID(), gevraagdeHandeling: input.soort === 'klacht' ? 'Klacht behandelen (Awb 9:11)' : 'Vraag beantwoorden' },
          bericht: { uuid: messageUuid, body: seal(messageUuid, 'body', input.body) },
          tokenHash: tokenHash(token),
        });
        if (input.citizenId) await deps.accounts.recordActivity({ citizenId: input.citizenId, actorId: input.citizenId, action: `helpdesk-${input.soort}`, db: trx });
        return nummer;
      });
      await mailCitizen(input.email, receivedMail({ language: input.language, nummer, link: linkFor(token), complaint: input.soort === 'klacht', deadline: deadlineAt }));
      return { uuid, nummer };
    },

    /** The citizen's own contacts (logged in). */
    async contactsOf(citizenId: string): Promise<ContactView[]> {
      return (await store.listContactsOfCitizen(db, citizenId)).map(view);
    },

    /** One of the citizen's own contacts with its thread; null for anyone else's (a 404). */
    async threadOf(citizenId: string, uuid: string): Promise<{ contact: ContactView; messages: ThreadMessage[] } | null> {
      const row = await store.findContact(db, uuid);
      if (!row || row.citizen_id !== citizenId) return null;
      return { contact: view(row), messages: await thread(uuid) };
    },

    /** The contact a mailed link opens; null for an unknown (or expired) token. */
    async threadByToken(token: string): Promise<{ contact: ContactView; messages: ThreadMessage[] } | null> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      const row = await store.findContactByToken(db, tokenHash(token));
      if (!row) return null;
      return { contact: view(row), messages: await thread(row.uuid) };
    },

    /**
     * Everything the helpdesk holds on a citizen, for their access export (R20): their own contacts
     * (logged-in submissions only) with the whole thread and the contact details they gave (until
     * erased), and the reasoned lookups of their account. Staff answers carry no staff identity.
     */
    async exportOf(citizenId: string) {
      const contacts = (await store.listContactsOfCitizen(db, citizenId)).map(view);
      const uuids = contacts.map((contact) => contact.uuid);
      const [messageRows, betrokkenen, lookups] = await Promise.all([store.listMessagesOfContacts(db, uuids), store.listBetrokkenenOfContacts(db, uuids), store.listLookups(db, citizenId)]);
      const detail = (uuid: string, field: 'naam' | 'email' | 'telefoon', value: Uint8Array | null) => (value ? open(uuid, field, value) : null);
      return {
        contacts: contacts.map((contact) => {
          const betrokkene = betrokkenen.find((row) => row.klantcontact_uuid === contact.uuid);
          const messages: ThreadMessage[] = messageRows
            .filter((row) => row.klantcontact_uuid === contact.uuid)
            .map((row) => ({ author: row.author, body: open(row.uuid, 'body', row.body_encrypted), at: new Date(row.created_at) }));
          const details = betrokkene?.naam_encrypted || betrokkene?.email_encrypted ? { naam: detail(betrokkene.uuid, 'naam', betrokkene.naam_encrypted), email: detail(betrokkene.uuid, 'email', betrokkene.email_encrypted), telefoon: detail(betrokkene.uuid, 'telefoon', betrokkene.telefoon_encrypted) } : null;
          return { contact, messages, details };
        }),
        lookups: lookups.map((row) => ({ reason: row.reason, at: new Date(row.looked_up_at) })),
      };
    },

    /** The helpdesk lookups of a citizen's account, for the citizen. */
    async lookupsOf(citizenId: string) {
      return (await store.listLookups(db, citizenId)).map((row) => ({ by: row.console_user_name, reason: row.reason, at: new Date(row.looked_up_at) }));
    },

    /** Every contact for the console, open ones first by deadline. */
    async consoleList(): Promise<ContactView[]> {
      return (await store.listAllContacts(db, 500)).map(view);
    },

    /** One contact for the console: thread, contact details (until erased) and the interne taak. */
    async consoleContact(uuid: string) {
      const row = await store.findContact(db, uuid);
      if (!row) return null;
      const betrokkene = await store.findBetrokkene(db, uuid);
      const detail = (field: 'naam' | 'email' | 'telefoon', value: Uint8Array | null | undefined) => (betrokkene && value ? open(betrokkene.uuid, field, value) : null);
      return {
        contact: view(row),
        messages: await thread(uuid),
        details: { naam: detail('naam', betrokkene?.naam_encrypted), email: detail('email', betrokkene?.email_encrypted), telefoon: detail('telefoon', betrokkene?.telefoon_encrypted), erased: row.contact_erased_at !== null },
      };
    },

    /** Staff answer; with `handled` the contact is closed too. Mails the citizen a link. */
    async answer(input: { user: ConsoleUser; uuid: string; body: string; handled: boolean }): Promise<'ok' | 'not-found' | 'empty'> {
      if (input.body.trim().length === 0) return 'empty';
      const outcome = await db.transaction().execute(async (trx) => {
        const row = await store.lockContact(trx, input.uuid);
        if (!row) return null;
        const at = deps.now();
        const messageUuid = randomUUID();
        await store.insertMessage(trx, { uuid: messageUuid, contactUuid: input.uuid, author: 'medewerker', body: seal(messageUuid, 'body', input.body), at });
        if (input.handled && !row.handled_at) await store.markHandled(trx, { uuid: input.uuid, at });
        await deps.audit.append(trx, { actor: actorOf(input.user), action: 'helpdesk.answer', target: { type: 'klantcontact', id: row.nummer }, after: { handled: input.handled || row.handled_at !== null }, clientAddress: input.user.clientAddress });
        return { row, ...(await newLink(trx, input.uuid)) };
      });
      if (!outcome) return 'not-found';
      await mailCitizen(outcome.email, answeredMail({ language: outcome.row.taal === 'en' ? 'en' : 'nl', nummer: outcome.row.nummer, link: outcome.link }));
      return 'ok';
    },

    /** Closes a contact without a further answer. */
    async markHandled(input: { user: ConsoleUser; uuid: string }): Promise<'ok' | 'not-found'> {
      return db.transaction().execute(async (trx) => {
        const row = await store.lockContact(trx, input.uuid);
        if (!row) return 'not-found';
        if (row.handled_at) return 'ok';
        await store.markHandled(trx, { uuid: input.uuid, at: deps.now() });
        await deps.audit.append(trx, { actor: actorOf(input.user), action: 'helpdesk.handle', target: { type: 'klantcontact', id: row.nummer }, before: { handled: false }, after: { handled: true }, clientAddress: input.user.clientAddress });
        return 'ok';
      });
    },

    /** The one deferral of a complaint (Awb 9:11 lid 2): stored, put in the thread and mailed as the written notice. */
    async defer(input: { user: ConsoleUser; uuid: string; until: Date; reason: string }): Promise<'ok' | 'not-found' | NonNullable<ReturnType<typeof deferralRefusal>>> {
      const outcome = await db.transaction().execute(async (trx) => {
        const row = await store.lockContact(trx, input.uuid);
        if (!row) return 'not-found' as const;
        const contact = { soort: row.soort, deadline_at: row.deadline_at ? new Date(row.deadline_at) : null, deferred_until: row.deferred_until, handled_at: row.handled_at };
        const refusal = deferralRefusal(contact, { until: input.until, reason: input.reason, now: deps.now() });
        if (refusal) return refusal;
        const reason = input.reason.trim();
        const language: Language = row.taal === 'en' ? 'en' : 'nl';
        await store.setDeferral(trx, { uuid: input.uuid, until: input.until, reason });
        const messageUuid = randomUUID();
        await store.insertMessage(trx, { uuid: messageUuid, contactUuid: input.uuid, author: 'medewerker', body: seal(messageUuid, 'body', deferralNotice({ language, until: input.until, reason })), at: deps.now() });
        await deps.audit.append(trx, { actor: actorOf(input.user), action: 'complaint.defer', target: { type: 'klantcontact', id: row.nummer }, before: { deadline: row.deadline_at }, after: { deferredUntil: input.until.toISOString(), reason }, clientAddress: input.user.clientAddress });
        return { row, language, reason, ...(await newLink(trx, input.uuid)) };
      });
      if (typeof outcome === 'string') return outcome;
      await mailCitizen(outcome.email, deferralMail({ language: outcome.language, nummer: outcome.row.nummer, link: outcome.link, until: input.until, reason: outcome.reason }));
      return 'ok';
    },

    /**
     * A reasoned lookup of a citizen's account by BSN (R22): only with a reason; recorded in the
     * helpdesk's lookups (which the citizen sees), the citizen's usage history (actor: the console
     * account) and the audit log, in one transaction.
     */
    async lookUpAccount(input: { user: ConsoleUser; bsn: string; reason: string }): Promise<AccountLookup> {
      const reason = input.reason.trim();
      if (reason.length === 0) return { kind: 'no-reason' };
      const citizenId = await deps.accounts.findCitizenIdByBsn(input.bsn);
      if (!citizenId) return { kind: 'not-found' };
      await db.transaction().execute(async (trx) => {
        const at = deps.now();
        await store.insertLookup(trx, { citizenId, uuid: randomUUID(), accountId: input.user.accountId, userName: input.user.fullName, reason, at });
        await deps.accounts.recordActivity({ citizenId, actorId: null, action: 'helpdesk-lookup', detail: `console:${input.user.accountId}`, db: trx });
        await deps.audit.append(trx, { actor: actorOf(input.user), action: 'citizen.lookup', target: { type: 'citizen', id: citizenId }, after: { reason }, clientAddress: input.user.clientAddress });
      });
      const citizen = await deps.accounts.findCitizen(citizenId);
      return {
        kind: 'found',
        citizenId,
        activatedAt: citizen?.activated_at ? new Date(citizen.activated_at) : null,
        lastLoginAt: citizen?.last_login_at ? new Date(citizen.last_login_at) : null,
        contacts: (await store.listContactsOfCitizen(db, citizenId)).map(view),
      };
    },

    /** Retention (R22): contact details erased 30 days after handling, whole contacts a year after. */
    async applyRetention(): Promise<{ erased: number; deleted: number }> {
      const now = deps.now();
      return db.transaction().execute(async (trx) => {
        const erased = await store.eraseContactDetails(trx, { before: new Date(now.getTime() - CONTACT_RETENTION_DAYS * DAY_MS), at: now });
        const deleted = await store.deleteContactsHandledBefore(trx, new Date(now.getTime() - THREAD_RETENTION_DAYS * DAY_MS));
        if (erased + deleted > 0) {
          await deps.audit.append(trx, { actor: { kind: 'system', id: 'helpdesk-retention', name: 'helpdesk-retention' }, action: 'retention.purge', target: { type: 'helpdesk', id: now.toISOString().slice(0, 10) }, after: { contactDetailsErased: erased, contactsDeleted: deleted } });
        }
        return { erased, deleted };
      });
    },

    /** A contact in the shape of VNG Klantinteracties (klantcontact, betrokkene, interne taak), for a back office to take over. */
    async asKlantinteracties(uuid: string) {
      const found = await this.consoleContact(uuid);
      const betrokkene = await store.findBetrokkene(db, uuid);
      const taak = await store.findTaak(db, uuid);
      if (!found || !betrokkene || !taak) return null;
      const { contact, messages, details } = found;
      const answers = messages.filter((message) => message.author === 'medewerker');
      return {
        klantcontact: {
          uuid: contact.uuid,
          nummer: contact.nummer,
          kanaal: 'webformulier',
          onderwerp: contact.onderwerp,
          inhoud: messages[0]?.body ?? '',
          reactie: answers.at(-1)?.body ?? null,
          indicatieContactGelukt: true,
          taal: contact.taal === 'en' ? 'eng' : 'nld',
          vertrouwelijk: true,
          plaatsgevondenOp: contact.receivedAt.toISOString(),
          hadBetrokkenen: [{ uuid: betrokkene.uuid }],
          leiddeTotInterneTaken: [{ uuid: taak.uuid }],
        },
        betrokkene: {
          uuid: betrokkene.uuid,
          hadKlantcontact: { uuid: contact.uuid },
          rol: betrokkene.rol,
          initiator: betrokkene.initiator,
          volledigeNaam: details.naam ?? '',
          digitaleAdressen: [
            ...(details.email ? [{ soortDigitaalAdres: 'email', adres: details.email }] : []),
            ...(details.telefoon ? [{ soortDigitaalAdres: 'telefoonnummer', adres: details.telefoon }] : []),
          ],
        },
        interneTaak: {
          uuid: taak.uuid,
          aanleidinggevendKlantcontact: { uuid: contact.uuid },
          gevraagdeHandeling: taak.gevraagde_handeling,
          status: taak.status,
          toegewezenOp: new Date(taak.toegewezen_op).toISOString(),
          afgehandeldOp: taak.afgehandeld_op ? new Date(taak.afgehandeld_op).toISOString() : null,
        },
      };
    },
  };
}

export type Helpdesk = ReturnType<typeof createHelpdesk>;

function actorOf(user: ConsoleUser) {
  return { kind: 'console' as const, id: user.accountId, name: user.fullName };
}
