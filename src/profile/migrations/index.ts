import type { Migration } from 'kysely';
import * as citizenProfiles from './0006-citizen-profiles.ts';
import * as verificationMailLog from './0021-verification-mail-log.ts';
import * as selfEnteredData from './0120-self-entered-data.ts';

/** Profile's migrations, by name (forward only). */
export const profileMigrations: Record<string, Migration> = { '0006-citizen-profiles': citizenProfiles, '0021-verification-mail-log': verificationMailLog, '0120-self-entered-data': selfEnteredData };
