import type { Db } from '../platform/db/database.ts';

/** Something new for a citizen that a notification mail mentions (never its content). */
export interface NotificationItem {
  id: string;
  /** Who it is from, e.g. "Belastingdienst". */
  organisationName: string;
}

/**
 * A domain that has news for citizens (new messages, case status changes). The notification
 * worker asks every source for the pending items of a whole batch of citizens at once and sends
 * each citizen one mail for all of them. Every method is one query for the whole batch.
 */
export interface NotificationSource {
  /** 'message' | 'case-status'; also the key of the mail's wording. */
  kind: string;
  /** Per citizen: items not yet in any notification and visible at `now`. */
  pending(db: Db, citizenIds: string[], now: Date): Promise<Map<string, NotificationItem[]>>;
  /** Records that these items were notified (or the attempt ended) in the given notification. */
  markNotified(db: Db, entries: { citizenId: string; itemIds: string[]; notificationId: string }[]): Promise<void>;
  /** Per citizen: when a still-hidden pending item becomes visible (to schedule the next mail). */
  nextVisibleAt(db: Db, citizenIds: string[], now: Date): Promise<Map<string, Date>>;
}

/** Groups rows by citizen. */
export function groupByCitizen<T extends { citizen_id: string }>(rows: T[], toItem: (row: T) => NotificationItem): Map<string, NotificationItem[]> {
  const result = new Map<string, NotificationItem[]>();
  for (const row of rows) {
    const list = result.get(row.citizen_id) ?? [];
    list.push(toItem(row));
    result.set(row.citizen_id, list);
  }
  return result;
}
