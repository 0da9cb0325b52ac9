/** Awb art. 9:11: a complaint is handled within six weeks; one deferral of at most four weeks. */
export const HANDLING_WEEKS = 6;
export const MAX_DEFERRAL_WEEKS = 4;
/** The console warns this many days before a deadline. */
export const WARN_DAYS = 7;

const WEEK_MS = 7 * 24 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export function complaintDeadline(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + HANDLING_WEEKS * WEEK_MS);
}

/** The deadline in force: the deferral's when there is one. */
export function currentDeadline(contact: { deadline_at: Date | null; deferred_until: Date | null }): Date | null {
  return contact.deferred_until ?? contact.deadline_at;
}

/** The latest date a deferral may name: four weeks past the original deadline. */
export function latestDeferral(deadline: Date): Date {
  return new Date(deadline.getTime() + MAX_DEFERRAL_WEEKS * WEEK_MS);
}

export type DeadlineState = 'none' | 'ok' | 'soon' | 'overdue' | 'handled';

/** Where a contact stands against its deadline at `now`; 'soon' within WARN_DAYS. */
export function deadlineState(contact: { deadline_at: Date | null; deferred_until: Date | null; handled_at: Date | null }, now: Date): DeadlineState {
  if (contact.handled_at) return 'handled';
  const deadline = currentDeadline(contact);
  if (!deadline) return 'none';
  if (deadline.getTime() < now.getTime()) return 'overdue';
  return deadline.getTime() - now.getTime() <= WARN_DAYS * DAY_MS ? 'soon' : 'ok';
}

/**
 * Why a deferral is refused, or null when allowed: only complaints, only once, only before the
 * deadline, to a date after the deadline and at most four weeks past it, with a reason.
 */
export function deferralRefusal(contact: { soort: string; deadline_at: Date | null; deferred_until: Date | null; handled_at: Date | null }, input: { until: Date; reason: string; now: Date }): 'not-a-complaint' | 'already-deferred' | 'handled' | 'too-late' | 'bad-date' | 'no-reason' | null {
  if (contact.soort !== 'klacht' || !contact.deadline_at) return 'not-a-complaint';
  if (contact.handled_at) return 'handled';
  if (contact.deferred_until) return 'already-deferred';
  if (input.now.getTime() > contact.deadline_at.getTime()) return 'too-late';
  if (Number.isNaN(input.until.getTime()) || input.until.getTime() <= contact.deadline_at.getTime() || input.until.getTime() > latestDeferral(contact.deadline_at).getTime()) return 'bad-date';
  if (input.reason.trim().length === 0) return 'no-reason';
  return null;
}
