import type { Logger } from 'pino';
import { budgetState, ENCRYPTION_BUDGET, type Keyring } from '../platform/crypto/keyring.ts';
import type { Db } from '../platform/db/database.ts';
import { keyUsageStore } from './key-usage-store.ts';

/**
 * Writes this process's encryption counts per data key to the database and warns when a key nears
 * its budget (from half of it) or has reached it: then `burgerportaal keys rotate` is due. It
 * warns rather than refuses, so a citizen's action never fails on it.
 */
export function createKeyUsage(deps: { db: Db; keyring: Keyring; logger: Pick<Logger, 'warn' | 'error'> }) {
  return {
    async flush(): Promise<Map<string, number>> {
      const counts = deps.keyring.takeEncryptionCounts();
      if (counts.size === 0) return new Map();
      const totals = await keyUsageStore.add(deps.db, counts);
      for (const [keyId, total] of totals) {
        const state = budgetState(total);
        if (state === 'exhausted') deps.logger.error({ keyId, encryptions: total, budget: ENCRYPTION_BUDGET }, 'data key has reached its encryption budget: run burgerportaal keys rotate now');
        else if (state === 'warn') deps.logger.warn({ keyId, encryptions: total, budget: ENCRYPTION_BUDGET }, 'data key has used half its encryption budget: plan burgerportaal keys rotate');
      }
      return totals;
    },
    /** Encryptions recorded so far for a key. */
    usage: (keyId: string) => keyUsageStore.get(deps.db, keyId),
  };
}

export type KeyUsage = ReturnType<typeof createKeyUsage>;
