import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

/**
 * Schedules one notification per citizen, inside the caller's transaction, so no mail is sent for
 * a change that rolls back and none is lost for one that commits. Items arriving while a mail is
 * pending join it: a citizen gets one mail, not many (R10, R13).
 */
export async function enqueueNotifications(trx: Db, entries: { citizenId: string; notBefore: Date }[], now: Date): Promise<void> {
  if (entries.length === 0) return;
  const earliest = new Map<string, Date>();
  for (const entry of entries) {
    const known = earliest.get(entry.citizenId);
    if (!known || entry.notBefore < known) earliest.set(entry.citizenId, entry.notBefore);
  }
  await trx
    .insertInto('notification_outbox')
    .values([...earliest].map(([citizenId, notBefore]) => ({ citizen_id: citizenId, not_before: notBefore, created_at: now })))
    // A row a worker is sending right now is marked dirty, so it is not removed when that mail is done.
    .onConflict((oc) => oc.column('citizen_id').doUpdateSet({ not_before: sql`least(notification_outbox.not_before, excluded.not_before)`, dirty: true }))
    .execute();
}
