import type { EncryptedColumns } from '../platform/db/reencrypt.ts';
import { messageContext } from './message-crypto.ts';

const contextOf = (row: Record<string, unknown>) => messageContext(String(row.citizen_id), String(row.message_id));

/** The inbox's encrypted values (subject, body, attachment file names and contents), for key rotation. */
export const inboxEncryptedColumns: EncryptedColumns[] = [
  {
    name: 'inbox: messages',
    table: 'messages',
    key: ['citizen_id', 'message_id'],
    columns: [
      { column: 'subject_encrypted', context: (row) => `${contextOf(row)}:subject` },
      { column: 'body_encrypted', context: (row) => `${contextOf(row)}:body` },
    ],
  },
  {
    name: 'inbox: message_attachments',
    table: 'message_attachments',
    key: ['citizen_id', 'message_id', 'position'],
    columns: [
      { column: 'filename_encrypted', context: (row) => `${contextOf(row)}:attachment:${String(row.position)}:filename` },
      { column: 'content_encrypted', context: (row) => `${contextOf(row)}:attachment:${String(row.position)}` },
    ],
  },
];
