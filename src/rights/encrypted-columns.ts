import type { EncryptedColumns } from '../platform/db/reencrypt.ts';
import { requestContext } from './requests.ts';

/**
 * The rights module's encrypted values, for key rotation. Not listed: access exports, which are
 * deleted within their keeping time (EXPORT_RETENTION_HOURS), after which an old key decrypts nothing live.
 */
export const rightsEncryptedColumns: EncryptedColumns[] = [
  {
    name: 'rights: rights_requests',
    table: 'rights_requests',
    key: ['citizen_id', 'request_id'],
    columns: [
      { column: 'explanation_encrypted', context: (row) => requestContext(String(row.citizen_id), String(row.request_id), 'explanation') },
      { column: 'reason_encrypted', context: (row) => requestContext(String(row.citizen_id), String(row.request_id), 'reason') },
      { column: 'extension_reason_encrypted', context: (row) => requestContext(String(row.citizen_id), String(row.request_id), 'extension-reason') },
    ],
  },
];
