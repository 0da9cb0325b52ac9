import { fieldContext } from '../identity/index.ts';
import type { EncryptedColumns } from '../platform/db/reencrypt.ts';
import { addressContext } from './self-entered-data.ts';

/** Profile's encrypted values (screen name, e-mail and pending address, phone, photo, saved addresses), for key rotation. */
export const profileEncryptedColumns: EncryptedColumns[] = [
  {
    name: 'profile: citizen_profiles',
    table: 'citizen_profiles',
    key: ['citizen_id'],
    columns: [
      { column: 'screen_name_encrypted', context: (row) => fieldContext(String(row.citizen_id), 'screen-name') },
      { column: 'email_encrypted', context: (row) => fieldContext(String(row.citizen_id), 'email') },
      { column: 'phone_encrypted', context: (row) => fieldContext(String(row.citizen_id), 'phone') },
    ],
  },
  {
    name: 'profile: profile_photos',
    table: 'profile_photos',
    key: ['citizen_id'],
    columns: [{ column: 'photo_encrypted', context: (row) => fieldContext(String(row.citizen_id), 'photo') }],
  },
  {
    name: 'profile: saved_addresses',
    table: 'saved_addresses',
    key: ['citizen_id', 'address_id'],
    columns: [
      { column: 'label_encrypted', context: (row) => addressContext(String(row.citizen_id), String(row.address_id), 'label') },
      { column: 'address_encrypted', context: (row) => addressContext(String(row.citizen_id), String(row.address_id), 'address') },
    ],
  },
  {
    name: 'profile: email_verifications',
    table: 'email_verifications',
    key: ['citizen_id', 'token_hash'],
    columns: [{ column: 'email_encrypted', context: (row) => fieldContext(String(row.citizen_id), 'pending-email') }],
  },
];
