import type { Db } from '../platform/db/database.ts';

/** SQL for self-entered data beyond name and e-mail: phone, photo, saved addresses, and its retention. */
export const selfEnteredStore = {
  /** Overwrites (or clears) the phone number in place: no earlier value is kept. */
  async setPhone(db: Db, citizenId: string, phoneEncrypted: Uint8Array | null): Promise<void> {
    await db
      .insertInto('citizen_profiles')
      .values({ citizen_id: citizenId, phone_encrypted: phoneEncrypted })
      .onConflict((oc) => oc.column('citizen_id').doUpdateSet({ phone_encrypted: phoneEncrypted }))
      .execute();
  },

  async photoInfo(db: Db, citizenId: string) {
    return db.selectFrom('profile_photos').select(['width', 'height', 'byte_size', 'updated_at']).where('citizen_id', '=', citizenId).executeTakeFirst();
  },

  async findPhoto(db: Db, citizenId: string) {
    return db.selectFrom('profile_photos').selectAll().where('citizen_id', '=', citizenId).executeTakeFirst();
  },

  /** Replaces the photo in place: the previous one is overwritten, not kept. */
  async setPhoto(db: Db, row: { citizenId: string; photoEncrypted: Uint8Array; contentType: string; byteSize: number; width: number; height: number; at: Date }): Promise<void> {
    const values = { photo_encrypted: row.photoEncrypted, content_type: row.contentType, byte_size: row.byteSize, width: row.width, height: row.height, updated_at: row.at };
    await db
      .insertInto('profile_photos')
      .values({ citizen_id: row.citizenId, ...values })
      .onConflict((oc) => oc.column('citizen_id').doUpdateSet(values))
      .execute();
  },

  async deletePhoto(db: Db, citizenId: string): Promise<boolean> {
    const result = await db.deleteFrom('profile_photos').where('citizen_id', '=', citizenId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async listAddresses(db: Db, citizenId: string) {
    return db.selectFrom('saved_addresses').selectAll().where('citizen_id', '=', citizenId).orderBy('created_at').orderBy('address_id').execute();
  },

  async countAddresses(db: Db, citizenId: string): Promise<number> {
    const row = await db.selectFrom('saved_addresses').select((eb) => eb.fn.countAll<number>().as('n')).where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertAddress(db: Db, row: { citizenId: string; addressId: string; labelEncrypted: Uint8Array; addressEncrypted: Uint8Array; at: Date }): Promise<void> {
    await db
      .insertInto('saved_addresses')
      .values({ citizen_id: row.citizenId, address_id: row.addressId, label_encrypted: row.labelEncrypted, address_encrypted: row.addressEncrypted, created_at: row.at })
      .execute();
  },

  /** Deletes one of this citizen's addresses; false when the citizen has no such address. */
  async deleteAddress(db: Db, citizenId: string, addressId: string): Promise<boolean> {
    const result = await db.deleteFrom('saved_addresses').where('citizen_id', '=', citizenId).where('address_id', '=', addressId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** The next `limit` citizens (by id, after `after`) who hold any self-entered data. */
  async citizensWithData(db: Db, after: string | null, limit: number): Promise<string[]> {
    const profiles = db
      .selectFrom('citizen_profiles')
      .select('citizen_id')
      .where((eb) => eb.or([eb('screen_name_encrypted', 'is not', null), eb('email_encrypted', 'is not', null), eb('phone_encrypted', 'is not', null)]));
    const rows = await db
      .selectFrom(
        profiles
          .union(db.selectFrom('profile_photos').select('citizen_id'))
          .union(db.selectFrom('saved_addresses').select('citizen_id'))
          .union(db.selectFrom('email_verifications').select('citizen_id'))
          .as('holders'),
      )
      .select('holders.citizen_id')
      .$if(after !== null, (query) => query.where('holders.citizen_id', '>', after ?? ''))
      .orderBy('holders.citizen_id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.citizen_id);
  },

  async warningsFor(db: Db, citizenIds: string[]) {
    if (citizenIds.length === 0) return [];
    return db.selectFrom('self_entered_data_warnings').selectAll().where('citizen_id', 'in', citizenIds).execute();
  },

  /**
   * Claims one warning for one login basis; true when this caller should send it. A claim made for
   * an earlier login is taken over (the clock restarted); one for the same login is not, so two
   * workers never send the same warning.
   */
  async claimWarning(db: Db, row: { citizenId: string; daysBefore: number; loginBasis: Date; at: Date }): Promise<boolean> {
    const claimed = await db
      .insertInto('self_entered_data_warnings')
      .values({ citizen_id: row.citizenId, days_before: row.daysBefore, login_basis: row.loginBasis, sent_at: row.at })
      .onConflict((oc) =>
        oc
          .columns(['citizen_id', 'days_before'])
          .doUpdateSet({ login_basis: row.loginBasis, sent_at: row.at })
          .where('self_entered_data_warnings.login_basis', '<>', row.loginBasis),
      )
      .returning('citizen_id')
      .executeTakeFirst();
    return claimed !== undefined;
  },

  /** Gives a claimed warning back when its mail could not be sent, so a later run tries again. */
  async releaseWarning(db: Db, citizenId: string, daysBefore: number): Promise<void> {
    await db.deleteFrom('self_entered_data_warnings').where('citizen_id', '=', citizenId).where('days_before', '=', daysBefore).execute();
  },

  /** What one citizen has entered, without decrypting anything (for the purge note). */
  async holdings(db: Db, citizenId: string) {
    const [profile, photo, addresses] = await Promise.all([
      db.selectFrom('citizen_profiles').select(['screen_name_encrypted', 'email_encrypted', 'phone_encrypted']).where('citizen_id', '=', citizenId).executeTakeFirst(),
      db.selectFrom('profile_photos').select('citizen_id').where('citizen_id', '=', citizenId).executeTakeFirst(),
      selfEnteredStore.countAddresses(db, citizenId),
    ]);
    return {
      screenName: Boolean(profile?.screen_name_encrypted),
      email: Boolean(profile?.email_encrypted),
      phone: Boolean(profile?.phone_encrypted),
      photo: photo !== undefined,
      addresses,
    };
  },

  /** Deletes every self-entered value of one citizen, and the warnings about it. The account stays. */
  async purge(db: Db, citizenId: string): Promise<void> {
    await db.deleteFrom('saved_addresses').where('citizen_id', '=', citizenId).execute();
    await db.deleteFrom('profile_photos').where('citizen_id', '=', citizenId).execute();
    await db.deleteFrom('email_verifications').where('citizen_id', '=', citizenId).execute();
    await db.deleteFrom('citizen_profiles').where('citizen_id', '=', citizenId).execute();
    await db.deleteFrom('self_entered_data_warnings').where('citizen_id', '=', citizenId).execute();
  },
};
