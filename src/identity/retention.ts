import type { Keyring } from '../platform/crypto/keyring.ts';
import { daysBefore, type RetentionPurge } from '../platform/retention-purge.ts';
import { fieldContext } from './accounts.ts';
import { identityRetentionStore as store } from './retention-store.ts';

/** Periods identity's purges use (the catalogue's RETENTION_DAYS; passed in, identity does not import privacy). */
export interface IdentityRetentionDays {
  accountWithoutLogin: number;
  usageAndLogins: number;
}

/**
 * Identity's retention purges (R25): dormant accounts are anonymised (the BSN and its lookup key go;
 * the internal id stays so other categories' records age out on their own clocks), login history
 * and usage history are deleted after their period. Security events have their own hourly job.
 */
export function identityRetentionPurges(deps: { keyring: Keyring; days: IdentityRetentionDays }): RetentionPurge[] {
  const { keyring, days } = deps;
  return [
    {
      category: 'user',
      table: 'citizens',
      count: (db, input) => store.countDormantAccounts(db, { before: daysBefore(input.now, days.accountWithoutLogin), holds: input.holds }),
      async purgeBatch(trx, input) {
        const ids = await store.lockDormantAccounts(trx, { before: daysBefore(input.now, days.accountWithoutLogin), holds: input.holds, limit: input.limit });
        for (const citizenId of ids) {
          // An empty value sealed like every BSN, so key rotation and reads keep working on the row.
          await store.anonymiseAccount(trx, { citizenId, emptyBsn: keyring.encryptText('', fieldContext(citizenId, 'bsn')), now: input.now });
        }
        return ids.length;
      },
    },
    {
      category: 'session-security-logs',
      table: 'login_history',
      count: (db, input) => store.countOldLogins(db, { before: daysBefore(input.now, days.usageAndLogins), holds: input.holds }),
      purgeBatch: (trx, input) => store.deleteOldLogins(trx, { before: daysBefore(input.now, days.usageAndLogins), holds: input.holds, limit: input.limit }),
    },
    {
      category: 'session-security-logs',
      table: 'processing_log',
      count: (db, input) => store.countOldUsage(db, { before: daysBefore(input.now, days.usageAndLogins), holds: input.holds }),
      purgeBatch: (trx, input) => store.deleteOldUsage(trx, { before: daysBefore(input.now, days.usageAndLogins), holds: input.holds, limit: input.limit }),
    },
  ];
}
