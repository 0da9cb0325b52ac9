import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';

/** SQL for profile's tables: self-entered contact data and pending e-mail verifications. */
export const profileStore = {
  /** The screen name of the session's citizen, as a subquery read with the session row. */
  screenNameOfSession(eb: ExpressionBuilder<Database, 'sessions'>) {
    return eb.selectFrom('citizen_profiles').select('citizen_profiles.screen_name_encrypted').whereRef('citizen_profiles.citizen_id', '=', 'sessions.citizen_id');
  },

  async find(db: Db, citizenId: string) {
    return db.selectFrom('citizen_profiles').selectAll().where('citizen_id', '=', citizenId).executeTakeFirst();
  },

  async findVerifiedEmails(db: Db, citizenIds: string[]) {
    return db
      .selectFrom('citizen_profiles')
      .select(['citizen_id', 'email_encrypted'])
      .where('citizen_id', 'in', citizenIds)
      .where('email_verified_at', 'is not', null)
      .where('email_encrypted', 'is not', null)
      .execute();
  },

  async setScreenName(db: Db, citizenId: string, screenNameEncrypted: Uint8Array | null): Promise<void> {
    await db
      .insertInto('citizen_profiles')
      .values({ citizen_id: citizenId, screen_name_encrypted: screenNameEncrypted })
      .onConflict((oc) => oc.column('citizen_id').doUpdateSet({ screen_name_encrypted: screenNameEncrypted }))
      .execute();
  },

  async setEmail(db: Db, citizenId: string, emailEncrypted: Uint8Array | null, verifiedAt: Date | null): Promise<void> {
    await db
      .insertInto('citizen_profiles')
      .values({ citizen_id: citizenId, email_encrypted: emailEncrypted, email_verified_at: verifiedAt })
      .onConflict((oc) => oc.column('citizen_id').doUpdateSet({ email_encrypted: emailEncrypted, email_verified_at: verifiedAt }))
      .execute();
  },

  async findPendingVerification(db: Db, citizenId: string, now: Date) {
    return db
      .selectFrom('email_verifications')
      .select(['email_encrypted', 'expires_at'])
      .where('citizen_id', '=', citizenId)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  },

  async replaceVerification(db: Db, row: { citizenId: string; tokenHash: Buffer; emailEncrypted: Uint8Array; expiresAt: Date; createdAt: Date }): Promise<void> {
    await db.deleteFrom('email_verifications').where('citizen_id', '=', row.citizenId).execute();
    await db
      .insertInto('email_verifications')
      .values({ citizen_id: row.citizenId, token_hash: row.tokenHash, email_encrypted: row.emailEncrypted, expires_at: row.expiresAt, created_at: row.createdAt })
      .execute();
  },

  /** How many verification mails went to this citizen's requests and to this address since the given times. */
  /** `addressHashes`: the address's hash under every lookup key version, so a key rotation resets no limit. */
  async countVerificationMails(db: Db, input: { citizenId: string; addressHashes: Buffer[]; citizenSince: Date; addressSince: Date }) {
    const [byCitizen, byAddress] = await Promise.all([
      db.selectFrom('verification_mail_log').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('sent_at').as('first')]).where('citizen_id', '=', input.citizenId).where('sent_at', '>', input.citizenSince).executeTakeFirstOrThrow(),
      db.selectFrom('verification_mail_log').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('sent_at').as('first')]).where('address_hash', 'in', input.addressHashes).where('sent_at', '>', input.addressSince).executeTakeFirstOrThrow(),
    ]);
    return {
      byCitizen: { count: Number(byCitizen.n), first: byCitizen.first ? new Date(byCitizen.first) : null },
      byAddress: { count: Number(byAddress.n), first: byAddress.first ? new Date(byAddress.first) : null },
    };
  },

  /** Records one verification mail and forgets those older than `forgetBefore`. */
  async logVerificationMail(db: Db, input: { citizenId: string; addressHash: Buffer; sentAt: Date; forgetBefore: Date }): Promise<void> {
    await db.deleteFrom('verification_mail_log').where('sent_at', '<', input.forgetBefore).execute();
    await db.insertInto('verification_mail_log').values({ citizen_id: input.citizenId, address_hash: input.addressHash, sent_at: input.sentAt }).execute();
  },

  async deleteVerification(db: Db, citizenId: string, tokenHash?: Buffer): Promise<void> {
    let query = db.deleteFrom('email_verifications').where('citizen_id', '=', citizenId);
    if (tokenHash) query = query.where('token_hash', '=', tokenHash);
    await query.execute();
  },

  /** Removes and returns the verification behind a token: a token works once. */
  async takeVerification(db: Db, tokenHash: Buffer) {
    return db.deleteFrom('email_verifications').where('token_hash', '=', tokenHash).returningAll().executeTakeFirst();
  },
};
