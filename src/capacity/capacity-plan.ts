import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../platform/db/database.ts';
import type { DeliveryAdmission } from '../platform/module.ts';
import { capacityStore, type WavePlan } from './capacity-store.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** A wave may use this much more than its average rate (deliveries are never perfectly even). */
export const WAVE_HEADROOM = 1.25;
/** The longest window one announcement may cover. */
export const MAX_WINDOW_MS = 7 * 24 * HOUR_MS;

export interface CapacitySettings {
  /** Messages per minute any organisation may deliver without an announced wave. */
  baselinePerMinute: number;
  /** What the platform delivers per second, measured by the benchmark: the dashboard's line. */
  platformPerSecond: number;
}

export class WaveInputError extends Error {}

/** The rate a wave reserves: its average over the window, with headroom, per minute. */
export function reservedPerMinute(plan: Pick<WavePlan, 'windowStart' | 'windowEnd' | 'expectedMessages'>): number {
  const minutes = Math.max(1, (plan.windowEnd.getTime() - plan.windowStart.getTime()) / MINUTE_MS);
  return Math.ceil((plan.expectedMessages / minutes) * WAVE_HEADROOM);
}

/**
 * The capacity plan (R27): organisations deliver up to a baseline rate at any time, and above it
 * only inside an announced wave, at the wave's reserved rate. Counted per organisation and minute
 * in the database, so every API process enforces the same plan.
 */
export function createCapacityPlan(deps: { db: Db; now: () => Date; settings: CapacitySettings }) {
  const { db, settings } = deps;

  return {
    /** Announces a wave; pass a transaction to commit it together with its audit record. */
    async announce(input: { organisationId: string; windowStart: Date; windowEnd: Date; expectedMessages: number; announcedBy: string }, trx: Db = db): Promise<WavePlan> {
      const now = deps.now();
      if (!(input.windowEnd > input.windowStart)) throw new WaveInputError('windowEnd must be after windowStart');
      if (input.windowEnd <= now) throw new WaveInputError('the window has already ended');
      if (input.windowEnd.getTime() - input.windowStart.getTime() > MAX_WINDOW_MS) throw new WaveInputError('a window covers at most 7 days; announce a longer wave in parts');
      if (!Number.isInteger(input.expectedMessages) || input.expectedMessages < 1) throw new WaveInputError('expectedMessages must be a whole number of at least 1');
      const plan: WavePlan = { planId: uuidv7(), announcedAt: now, ...input };
      await capacityStore.insertPlan(trx, plan);
      return plan;
    },

    cancel(input: { organisationId: string | null; planId: string }, trx: Db = db): Promise<boolean> {
      return capacityStore.cancelPlan(trx, { ...input, at: deps.now() });
    },

    plans(range: { from: Date; to: Date; organisationId?: string }): Promise<WavePlan[]> {
      return capacityStore.plansOverlapping(db, range);
    },

    /** Counts the delivery against this minute's allowance; refuses (and uncounts) above it. */
    async admit(input: { organisationId: string; count: number }): Promise<DeliveryAdmission> {
      const now = deps.now();
      const minute = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
      const waves = await capacityStore.plansOverlapping(db, { from: now, to: new Date(now.getTime() + 1), organisationId: input.organisationId });
      const allowedPerMinute = settings.baselinePerMinute + waves.reduce((sum, wave) => sum + reservedPerMinute(wave), 0);
      const counted = await capacityStore.addDeliveries(db, { organisationId: input.organisationId, minute, messages: input.count });
      if (counted > allowedPerMinute) {
        await capacityStore.subtractDeliveries(db, { organisationId: input.organisationId, minute, messages: input.count });
        return { admitted: false, allowedPerMinute, retryAfterSeconds: Math.max(1, Math.ceil((minute.getTime() + MINUTE_MS - now.getTime()) / 1000)) };
      }
      const notifyUntil = waves.reduce<Date | null>((latest, wave) => (!latest || wave.windowEnd > latest ? wave.windowEnd : latest), null);
      return { admitted: true, notifyUntil };
    },

    /**
     * Per organisation and hour in [from, to): the announced messages (each wave spread evenly over
     * its window) against the admitted deliveries; and the platform's capacity per hour.
     */
    async hourly(range: { from: Date; to: Date }) {
      const [plans, deliveries] = await Promise.all([capacityStore.plansOverlapping(db, range), capacityStore.deliveriesBetween(db, range)]);
      const hours: Date[] = [];
      for (let at = Math.floor(range.from.getTime() / HOUR_MS) * HOUR_MS; at < range.to.getTime(); at += HOUR_MS) hours.push(new Date(at));
      const organisations = [...new Set([...plans.map((plan) => plan.organisationId), ...deliveries.map((row) => row.organisationId)])];
      const rows = hours.map((hour) => {
        const end = hour.getTime() + HOUR_MS;
        const perOrganisation = organisations.map((organisationId) => {
          const announced = plans
            .filter((plan) => plan.organisationId === organisationId)
            .reduce((sum, plan) => {
              const overlap = Math.min(end, plan.windowEnd.getTime()) - Math.max(hour.getTime(), plan.windowStart.getTime());
              return overlap > 0 ? sum + (plan.expectedMessages * overlap) / (plan.windowEnd.getTime() - plan.windowStart.getTime()) : sum;
            }, 0);
          const delivered = deliveries.filter((row) => row.organisationId === organisationId && row.minute.getTime() >= hour.getTime() && row.minute.getTime() < end).reduce((sum, row) => sum + row.messages, 0);
          return { organisationId, announced: Math.round(announced), delivered };
        });
        const announcedTotal = perOrganisation.reduce((sum, row) => sum + row.announced, 0);
        return { hour, perOrganisation, announcedTotal, overCapacity: announcedTotal > settings.platformPerSecond * 3600 };
      });
      return { hours: rows, organisations, capacityPerHour: settings.platformPerSecond * 3600 };
    },

    /** Keeps two weeks of per-minute counts (the dashboard's range); older ones go. */
    prune(): Promise<number> {
      return capacityStore.pruneMinutes(db, new Date(deps.now().getTime() - 14 * 24 * HOUR_MS));
    },
  };
}

export type CapacityPlan = ReturnType<typeof createCapacityPlan>;
