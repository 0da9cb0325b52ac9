import type { EncryptedColumns } from '../platform/db/reencrypt.ts';
import { fieldContext } from './accounts.ts';

/** Identity's encrypted values, for key rotation. Session data is not listed: it expires within hours. */
export const identityEncryptedColumns: EncryptedColumns[] = [
  { name: 'identity: citizens (BSN)', table: 'citizens', key: ['citizen_id'], columns: [{ column: 'bsn_encrypted', context: (row) => fieldContext(String(row.citizen_id), 'bsn') }] },
];
