import type { Db } from '../platform/db/database.ts';

export interface NewContactRow {
  uuid: string;
  soort: 'vraag' | 'klacht';
  onderwerpEncrypted: Buffer;
  taal: string;
  at: Date;
  citizenId: string | null;
  deadlineAt: Date | null;
  betrokkene: { uuid: string; naam: Buffer; email: Buffer; telefoon: Buffer | null };
  taak: { uuid: string; gevraagdeHandeling: string };
  bericht: { uuid: string; body: Buffer };
  tokenHash: string;
}

/** Stores a new contact with its betrokkene, interne taak, first message and access token. */
export async function insertContact(trx: Db, row: NewContactRow): Promise<string> {
  const inserted = await trx
    .insertInto('helpdesk_klantcontacten')
    .values({ uuid: row.uuid, soort: row.soort, kanaal: 'webformulier', onderwerp_encrypted: row.onderwerpEncrypted, taal: row.taal, vertrouwelijk: true, plaatsgevonden_op: row.at, citizen_id: row.citizenId, deadline_at: row.deadlineAt })
    .returning('nummer')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('helpdesk_betrokkenen')
    .values({ uuid: row.betrokkene.uuid, klantcontact_uuid: row.uuid, rol: 'klant', initiator: true, citizen_id: row.citizenId, naam_encrypted: row.betrokkene.naam, email_encrypted: row.betrokkene.email, telefoon_encrypted: row.betrokkene.telefoon })
    .execute();
  await trx.insertInto('helpdesk_interne_taken').values({ uuid: row.taak.uuid, klantcontact_uuid: row.uuid, gevraagde_handeling: row.taak.gevraagdeHandeling, status: 'te_verwerken', toegewezen_op: row.at }).execute();
  await insertMessage(trx, { uuid: row.bericht.uuid, contactUuid: row.uuid, author: 'burger', body: row.bericht.body, at: row.at });
  await insertToken(trx, { tokenHash: row.tokenHash, contactUuid: row.uuid, at: row.at });
  return inserted.nummer;
}

export async function insertMessage(trx: Db, row: { uuid: string; contactUuid: string; author: 'burger' | 'medewerker'; body: Buffer; at: Date }): Promise<void> {
  await trx.insertInto('helpdesk_berichten').values({ uuid: row.uuid, klantcontact_uuid: row.contactUuid, author: row.author, body_encrypted: row.body, created_at: row.at }).execute();
}

export async function insertToken(trx: Db, row: { tokenHash: string; contactUuid: string; at: Date }): Promise<void> {
  await trx.insertInto('helpdesk_access_tokens').values({ token_hash: row.tokenHash, klantcontact_uuid: row.contactUuid, created_at: row.at }).execute();
}

const contactColumns = ['k.uuid', 'k.nummer', 'k.soort', 'k.kanaal', 'k.onderwerp_encrypted', 'k.taal', 'k.vertrouwelijk', 'k.plaatsgevonden_op', 'k.citizen_id', 'k.deadline_at', 'k.deferred_until', 'k.deferral_reason', 'k.handled_at', 'k.contact_erased_at'] as const;

export type ContactRow = Awaited<ReturnType<typeof findContact>>;

export async function findContact(db: Db, uuid: string) {
  return db.selectFrom('helpdesk_klantcontacten as k').select(contactColumns).where('k.uuid', '=', uuid).executeTakeFirst();
}

/** The contact a mailed link opens, by the sha256 of its token. */
export async function findContactByToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('helpdesk_access_tokens as a')
    .innerJoin('helpdesk_klantcontacten as k', 'k.uuid', 'a.klantcontact_uuid')
    .select(contactColumns)
    .where('a.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function listContactsOfCitizen(db: Db, citizenId: string) {
  return db.selectFrom('helpdesk_klantcontacten as k').select(contactColumns).where('k.citizen_id', '=', citizenId).orderBy('k.plaatsgevonden_op', 'desc').execute();
}

/** Every contact for the console: open ones first, then by deadline and receipt. */
export async function listAllContacts(db: Db, limit: number) {
  return db
    .selectFrom('helpdesk_klantcontacten as k')
    .select(contactColumns)
    .orderBy((eb) => eb.case().when('k.handled_at', 'is', null).then(0).else(1).end())
    .orderBy('k.deadline_at', (ob) => ob.asc().nullsLast())
    .orderBy('k.plaatsgevonden_op', 'desc')
    .limit(limit)
    .execute();
}

export async function listMessages(db: Db, contactUuid: string) {
  return db.selectFrom('helpdesk_berichten').select(['uuid', 'author', 'body_encrypted', 'created_at']).where('klantcontact_uuid', '=', contactUuid).orderBy('created_at').orderBy('uuid').execute();
}

/** The threads of several contacts at once (the access export), in order per contact. */
export async function listMessagesOfContacts(db: Db, contactUuids: string[]) {
  if (contactUuids.length === 0) return [];
  return db.selectFrom('helpdesk_berichten').select(['uuid', 'klantcontact_uuid', 'author', 'body_encrypted', 'created_at']).where('klantcontact_uuid', 'in', contactUuids).orderBy('created_at').orderBy('uuid').execute();
}

/** The initiating betrokkenen of several contacts at once (the access export). */
export async function listBetrokkenenOfContacts(db: Db, contactUuids: string[]) {
  if (contactUuids.length === 0) return [];
  return db.selectFrom('helpdesk_betrokkenen').selectAll().where('klantcontact_uuid', 'in', contactUuids).where('initiator', '=', true).execute();
}

export async function findBetrokkene(db: Db, contactUuid: string) {
  return db.selectFrom('helpdesk_betrokkenen').selectAll().where('klantcontact_uuid', '=', contactUuid).where('initiator', '=', true).executeTakeFirst();
}

export async function findTaak(db: Db, contactUuid: string) {
  return db.selectFrom('helpdesk_interne_taken').selectAll().where('klantcontact_uuid', '=', contactUuid).executeTakeFirst();
}

/** Locks the contact row for a change by staff (answer, deferral, handling). */
export async function lockContact(trx: Db, uuid: string) {
  return trx.selectFrom('helpdesk_klantcontacten as k').select(contactColumns).where('k.uuid', '=', uuid).forUpdate().executeTakeFirst();
}

export async function setDeferral(trx: Db, input: { uuid: string; until: Date; reason: string }): Promise<void> {
  await trx.updateTable('helpdesk_klantcontacten').set({ deferred_until: input.until, deferral_reason: input.reason }).where('uuid', '=', input.uuid).execute();
}

export async function markHandled(trx: Db, input: { uuid: string; at: Date }): Promise<void> {
  await trx.updateTable('helpdesk_klantcontacten').set({ handled_at: input.at }).where('uuid', '=', input.uuid).execute();
  await trx.updateTable('helpdesk_interne_taken').set({ status: 'verwerkt', afgehandeld_op: input.at }).where('klantcontact_uuid', '=', input.uuid).execute();
}

/** Erases the contact details of contacts handled before `before`; returns how many. */
export async function eraseContactDetails(trx: Db, input: { before: Date; at: Date }): Promise<number> {
  const due = await trx.selectFrom('helpdesk_klantcontacten').select('uuid').where('handled_at', '<', input.before).where('contact_erased_at', 'is', null).execute();
  if (due.length === 0) return 0;
  const ids = due.map((row) => row.uuid);
  await trx.updateTable('helpdesk_betrokkenen').set({ naam_encrypted: null, email_encrypted: null, telefoon_encrypted: null }).where('klantcontact_uuid', 'in', ids).execute();
  await trx.updateTable('helpdesk_klantcontacten').set({ contact_erased_at: input.at }).where('uuid', 'in', ids).execute();
  await trx.deleteFrom('helpdesk_access_tokens').where('klantcontact_uuid', 'in', ids).execute();
  return ids.length;
}

/** Deletes whole contacts (thread, task, betrokkene) handled before `before`. */
export async function deleteContactsHandledBefore(trx: Db, before: Date): Promise<number> {
  const result = await trx.deleteFrom('helpdesk_klantcontacten').where('handled_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertLookup(trx: Db, row: { citizenId: string; uuid: string; accountId: string; userName: string; reason: string; at: Date }): Promise<void> {
  await trx.insertInto('helpdesk_lookups').values({ citizen_id: row.citizenId, uuid: row.uuid, console_account_id: row.accountId, console_user_name: row.userName, reason: row.reason, looked_up_at: row.at }).execute();
}

export async function listLookups(db: Db, citizenId: string) {
  return db.selectFrom('helpdesk_lookups').select(['uuid', 'console_user_name', 'reason', 'looked_up_at']).where('citizen_id', '=', citizenId).orderBy('looked_up_at', 'desc').execute();
}
