import type { Db } from '../platform/db/database.ts';
import { organisationStore } from './organisation-store.ts';

/**
 * Sets how long an organisation's messages without a retain-until are kept (R25; null: the portal's
 * default), in the caller's transaction so the caller audits it in the same one.
 */
export function setMessageRetentionDays(trx: Db, input: { oin: string; days: number | null }): Promise<{ previous: number | null } | undefined> {
  return organisationStore.setMessageRetentionDays(trx, input);
}
