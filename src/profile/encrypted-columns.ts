import { fieldContext } from '../identity/index.ts';
import type { EncryptedColumns } from '../platform/db/reencrypt.ts';

/** Profile's encrypted values (screen name, e-mail address, pending address), for key rotation. */
export const profileEncryptedColumns: EncryptedColumns[] = [
  {
    name: 'profile: citizen_profiles',
    table: 'citizen_profiles',
    key: ['citizen_id'],
    columns: [
      { column: 'screen_name_encrypted', context: (row) => fieldContext(String(row.citizen_id), 'screen-name') },
      { column: 'email_encrypted', context: (row) => fieldContext(String(row.citizen_id), 'email') },
    ],
  },
  {
    name: 'profile: email_verifications',
    table: 'email_verifications',
    key: ['citizen_id', 'token_hash'],
    columns: [{ column: 'email_encrypted', context: (row) => fieldContext(String(row.citizen_id), 'pending-email') }],
  },
];
