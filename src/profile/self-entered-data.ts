import { v7 as uuidv7 } from 'uuid';
import type { Accounts } from '../identity/index.ts';
import { fieldContext } from '../identity/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import type { Acting } from '../platform/module.ts';
import { profileStore } from './profile-store.ts';
import { normalisePhoto } from './photo.ts';
import { selfEnteredStore } from './self-entered-store.ts';

export const MAX_SAVED_ADDRESSES = 10;
export const ADDRESS_LIMITS = { label: 50, street: 100, postcode: 20, city: 80 } as const;
const PHONE_PATTERN = /^\+?[0-9 ()-]{6,25}$/;

/** A plausible phone number: digits with spaces, dashes, brackets and a leading +; 6 to 15 digits. */
export function isPlausiblePhone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return PHONE_PATTERN.test(value) && digits >= 6 && digits <= 15;
}

export interface SavedAddress {
  id: string;
  label: string;
  street: string;
  postcode: string;
  city: string;
}

/** The associated data of a saved address's fields: bound to the citizen and the address. */
export const addressContext = (citizenId: string, addressId: string, field: 'label' | 'address') => fieldContext(citizenId, `address:${addressId}:${field}`);

export interface SelfEnteredDeps {
  db: Db;
  keyring: Keyring;
  accounts: Accounts;
  now: () => Date;
}

/**
 * Phone number, profile photo and saved addresses (R18). Entering a value is the consent to keep
 * it; changing or removing one overwrites or deletes the old value, so no history exists. Each
 * change is recorded in the usage history without the value itself.
 */
export function createSelfEnteredData(deps: SelfEnteredDeps) {
  const { db, keyring, accounts, now } = deps;
  const record = (acting: Acting, action: string, trx: Db) =>
    accounts.recordActivity({ citizenId: acting.subject.citizenId, actorId: acting.actor.citizenId, loginId: acting.loginId, action, db: trx });

  return {
    async view(citizenId: string) {
      const [profile, photo, addressRows] = await Promise.all([profileStore.find(db, citizenId), selfEnteredStore.photoInfo(db, citizenId), selfEnteredStore.listAddresses(db, citizenId)]);
      const addresses: SavedAddress[] = addressRows.map((row) => {
        const address = JSON.parse(keyring.decryptText(row.address_encrypted, addressContext(citizenId, row.address_id, 'address'))) as Omit<SavedAddress, 'id' | 'label'>;
        return { id: row.address_id, label: keyring.decryptText(row.label_encrypted, addressContext(citizenId, row.address_id, 'label')), ...address };
      });
      return {
        phone: profile?.phone_encrypted ? keyring.decryptText(profile.phone_encrypted, fieldContext(citizenId, 'phone')) : null,
        photo: photo ? { width: photo.width, height: photo.height, updatedAt: new Date(photo.updated_at) } : null,
        addresses,
      };
    },

    /** Sets or (with an empty value) removes the phone number. */
    async setPhone(input: { acting: Acting; phone: string }): Promise<void> {
      const citizenId = input.acting.subject.citizenId;
      const value = input.phone.trim();
      await db.transaction().execute(async (trx) => {
        await selfEnteredStore.setPhone(trx, citizenId, value ? keyring.encryptText(value, fieldContext(citizenId, 'phone')) : null);
        await record(input.acting, value ? 'phone-changed' : 'phone-removed', trx);
      });
    },

    /** Re-encodes the upload without metadata and stores it encrypted, replacing any earlier photo. Throws PhotoRefused. */
    async setPhoto(input: { acting: Acting; upload: Buffer }): Promise<void> {
      const citizenId = input.acting.subject.citizenId;
      const photo = await normalisePhoto(input.upload);
      await db.transaction().execute(async (trx) => {
        await selfEnteredStore.setPhoto(trx, {
          citizenId,
          photoEncrypted: keyring.encrypt(photo.bytes, fieldContext(citizenId, 'photo')),
          contentType: photo.contentType,
          byteSize: photo.bytes.length,
          width: photo.width,
          height: photo.height,
          at: now(),
        });
        await record(input.acting, 'photo-changed', trx);
      });
    },

    async removePhoto(input: { acting: Acting }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (await selfEnteredStore.deletePhoto(trx, input.acting.subject.citizenId)) await record(input.acting, 'photo-removed', trx);
      });
    },

    /** The decrypted photo of this citizen, or null. */
    async photo(citizenId: string): Promise<{ bytes: Buffer; contentType: string } | null> {
      const row = await selfEnteredStore.findPhoto(db, citizenId);
      return row ? { bytes: keyring.decrypt(row.photo_encrypted, fieldContext(citizenId, 'photo')), contentType: row.content_type } : null;
    },

    /** Saves one more address; false when the citizen already has the maximum. */
    async addAddress(input: { acting: Acting; address: Omit<SavedAddress, 'id'> }): Promise<boolean> {
      const citizenId = input.acting.subject.citizenId;
      const addressId = uuidv7();
      const { label, ...address } = input.address;
      return db.transaction().execute(async (trx) => {
        if ((await selfEnteredStore.countAddresses(trx, citizenId)) >= MAX_SAVED_ADDRESSES) return false;
        await selfEnteredStore.insertAddress(trx, {
          citizenId,
          addressId,
          labelEncrypted: keyring.encryptText(label, addressContext(citizenId, addressId, 'label')),
          addressEncrypted: keyring.encryptText(JSON.stringify(address), addressContext(citizenId, addressId, 'address')),
          at: now(),
        });
        await record(input.acting, 'address-added', trx);
        return true;
      });
    },

    /** Deletes one of the citizen's addresses; false when it is not theirs (or gone). */
    async removeAddress(input: { acting: Acting; addressId: string }): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const removed = await selfEnteredStore.deleteAddress(trx, input.acting.subject.citizenId, input.addressId);
        if (removed) await record(input.acting, 'address-removed', trx);
        return removed;
      });
    },
  };
}

export type SelfEnteredData = ReturnType<typeof createSelfEnteredData>;
