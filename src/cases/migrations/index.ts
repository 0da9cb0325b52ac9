import type { Migration } from 'kysely';
import * as encryptedCaseData from './0023-encrypted-case-data.ts';

/** Cases' migrations, by name (forward only). */
export const casesMigrations: Record<string, Migration> = { '0023-encrypted-case-data': encryptedCaseData };
