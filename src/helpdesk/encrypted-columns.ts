import type { EncryptedColumns } from '../platform/db/reencrypt.ts';

const context = (uuid: unknown, field: string) => `helpdesk:${String(uuid)}:${field}`;

/** The helpdesk's encrypted values (subject, thread, contact details), for key rotation. */
export const helpdeskEncryptedColumns: EncryptedColumns[] = [
  { name: 'helpdesk: klantcontacten', table: 'helpdesk_klantcontacten', key: ['uuid'], columns: [{ column: 'onderwerp_encrypted', context: (row) => context(row.uuid, 'onderwerp') }] },
  { name: 'helpdesk: berichten', table: 'helpdesk_berichten', key: ['uuid'], columns: [{ column: 'body_encrypted', context: (row) => context(row.uuid, 'body') }] },
  {
    name: 'helpdesk: betrokkenen',
    table: 'helpdesk_betrokkenen',
    key: ['uuid'],
    columns: [
      { column: 'naam_encrypted', context: (row) => context(row.uuid, 'naam') },
      { column: 'email_encrypted', context: (row) => context(row.uuid, 'email') },
      { column: 'telefoon_encrypted', context: (row) => context(row.uuid, 'telefoon') },
    ],
  },
];
