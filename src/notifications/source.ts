import type { Db } from '../platform/db/database.ts';

/** Something new for a citizen that a notification mail mentions (never its content). */
export interface NotificationItem {
  id: string;
  /** Who it is from, e.g. "Belastingdienst". */
  organisationName: string;
}

/**
 * A domain that has news for citizens (new messages, case status changes). The notification
 * worker asks every source for a citizen's pending items and sends one mail for all of them.
 */
export interface NotificationSource {
  /** 'message' | 'case-status'; also the key of the mail's wording. */
  kind: string;
  /** Items not yet in any notification and visible at `now`. */
  pending(db: Db, citizenId: string, now: Date): Promise<NotificationItem[]>;
  /** Records that these items were (attempted to be) notified in `notificationId`. */
  markNotified(db: Db, input: { citizenId: string; itemIds: string[]; notificationId: string }): Promise<void>;
  /** When a still-hidden pending item becomes visible (to schedule the next mail), or null. */
  nextVisibleAt(db: Db, citizenId: string, now: Date): Promise<Date | null>;
}
