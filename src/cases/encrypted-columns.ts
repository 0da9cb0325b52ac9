import type { EncryptedColumns } from '../platform/db/reencrypt.ts';
import { caseFieldContext } from './case-store.ts';

const field = (name: string) => (row: Record<string, unknown>) => caseFieldContext(String(row.citizen_id), String(row.case_id), name);

/** The cases' encrypted values (type, title, dossier URL, next step, status labels), for key rotation. */
export const casesEncryptedColumns: EncryptedColumns[] = [
  {
    name: 'cases: cases',
    table: 'cases',
    key: ['citizen_id', 'case_id'],
    columns: [
      { column: 'case_type_encrypted', context: field('case-type') },
      { column: 'title_encrypted', context: field('title') },
      { column: 'dossier_url_encrypted', context: field('dossier-url') },
      { column: 'next_step_encrypted', context: field('next-step') },
    ],
  },
  {
    name: 'cases: case_statuses',
    table: 'case_statuses',
    key: ['citizen_id', 'case_id', 'sequence'],
    columns: [{ column: 'label_encrypted', context: (row) => caseFieldContext(String(row.citizen_id), String(row.case_id), `status:${String(row.sequence)}:label`) }],
  },
];
