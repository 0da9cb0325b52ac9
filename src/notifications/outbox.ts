import type { Db } from '../platform/db/database.ts';
import { notificationStore } from './notification-store.ts';

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
  await notificationStore.enqueue(
    trx,
    [...earliest].map(([citizenId, notBefore]) => ({ citizenId, notBefore })),
    now,
  );
}

/** The attempts to mail one notification, in order: what the citizen sees on a message (R10). */
export async function notificationAttempts(db: Db, citizenId: string, notificationId: string): Promise<{ attempt: number; occurredAt: Date; outcome: string }[]> {
  const rows = await notificationStore.attempts(db, citizenId, notificationId);
  return rows.map((row) => ({ attempt: row.attempt, occurredAt: new Date(row.occurred_at), outcome: row.outcome }));
}

/** Monitoring figures: how many citizens wait for a mail, and mail attempts in the last hour by outcome. */
export function notificationFigures(db: Db, now: Date) {
  return notificationStore.figures(db, new Date(now.getTime() - 60 * 60 * 1000));
}

/** How the given notification mails ended, counted per outcome (sent, bounced, failed, …); no recipients. */
export async function notificationOutcomes(db: Db, notificationIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let start = 0; start < notificationIds.length; start += 5000) {
    for (const row of await notificationStore.lastOutcomes(db, notificationIds.slice(start, start + 5000))) {
      counts.set(row.outcome, (counts.get(row.outcome) ?? 0) + Number(row.count));
    }
  }
  return counts;
}
