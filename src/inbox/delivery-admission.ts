import { Problem } from '../platform/http/problem.ts';
import type { ModuleDirectory } from '../platform/module.ts';

/**
 * Asks every module with an `admitDeliveries` hook (the capacity plan, R27) before a delivery;
 * a refusal is a 429 problem with Retry-After, so the organisation's client retries later.
 */
export async function admitDelivery(directory: ModuleDirectory, input: { organisationId: string; count: number }): Promise<{ notifyUntil: Date | null }> {
  let notifyUntil: Date | null = null;
  for (const module of directory.modules()) {
    const admission = await module.admitDeliveries?.(input);
    if (!admission) continue;
    if (!admission.admitted) {
      throw new Problem(
        429,
        'delivery-rate-above-plan',
        'Delivery rate above your plan',
        `Your organisation may deliver ${admission.allowedPerMinute} messages in this minute. Announce a wave (POST /api/v1/waves) to deliver more, or retry after the Retry-After seconds.`,
        undefined,
        { retryAfterSeconds: admission.retryAfterSeconds },
      );
    }
    notifyUntil = admission.notifyUntil ?? notifyUntil;
  }
  return { notifyUntil };
}

/** When to send the notification about a wave's message: spread evenly, by citizen, until the wave ends. */
export function spreadNotification(input: { citizenId: string; earliest: Date; notifyUntil: Date | null }): Date {
  if (!input.notifyUntil || input.notifyUntil <= input.earliest) return input.earliest;
  // The uuid's last 8 hex digits are random: a stable, evenly spread fraction per citizen.
  const fraction = parseInt(input.citizenId.replaceAll('-', '').slice(-8), 16) / 0x1_0000_0000;
  return new Date(input.earliest.getTime() + fraction * (input.notifyUntil.getTime() - input.earliest.getTime()));
}
