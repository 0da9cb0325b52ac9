import type { Db } from '../platform/db/database.ts';
import type { Problem } from '../platform/http/problem.ts';
import { deliveryFiguresStore } from './delivery-figures-store.ts';

/** The reason classes an organisation sees its refused deliveries under. */
export const REFUSAL_CLASSES = ['invalid-input', 'invalid-attachment', 'recipient-not-accepting', 'reference-conflict', 'unavailable', 'other'] as const;
export type RefusalClass = (typeof REFUSAL_CLASSES)[number];

/** The class of one refusal, from its problem type or else its status. */
export function refusalClass(status: number, problem?: Problem | null): RefusalClass {
  switch (problem?.slug) {
    case 'recipient-not-accepting':
      return 'recipient-not-accepting';
    case 'attachment-not-pdf':
      return 'invalid-attachment';
    case 'reference-conflict':
      return 'reference-conflict';
    default:
      if (status === 400 || status === 413) return 'invalid-input';
      if (status >= 500) return 'unavailable';
      return 'other';
  }
}

/** Counts refused deliveries for the organisation's figures (one upsert per request). */
export async function recordRefusals(db: Db, organisationId: string, classes: RefusalClass[], now: Date): Promise<void> {
  const counts = new Map<string, number>();
  for (const reason of classes) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  await deliveryFiguresStore.addRefusals(db, organisationId, now.toISOString().slice(0, 10), counts);
}

export interface DeliveryFigures {
  sent: number;
  refused: { reason: RefusalClass; count: number }[];
  /** The notification mails that mentioned the organisation's messages, for their outcomes. */
  notificationIds: string[];
}

/** Messages delivered since `since` and refusals since that day; never content or recipients. */
export async function deliveryFigures(db: Db, organisationId: string, since: Date): Promise<DeliveryFigures> {
  const [sent, refused, notificationIds] = await Promise.all([
    deliveryFiguresStore.sent(db, organisationId, since),
    deliveryFiguresStore.refusals(db, organisationId, since.toISOString().slice(0, 10)),
    deliveryFiguresStore.notificationIds(db, organisationId, since, 50_000),
  ]);
  return { sent, refused: refused.map((row) => ({ reason: row.reason as RefusalClass, count: Number(row.count) })), notificationIds };
}
