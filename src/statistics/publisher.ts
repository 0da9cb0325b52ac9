import type { Db } from '../platform/db/database.ts';
import type { DailyCount, ModuleDirectory } from '../platform/module.ts';
import { publishGroup, type Uniform } from './disclosure.ts';
import { statisticsStore, type FigureRow } from './statistics-store.ts';

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of a UTC day. */
export function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Publishes each closed UTC day once: gathers every module's counts, suppresses and noises them
 * per metric (disclosure.ts) and stores both. The first run goes back `backfillDays`.
 */
export function createStatisticsPublisher(deps: {
  db: Db;
  now: () => Date;
  directory: ModuleDirectory;
  settings: { minCount: number; epsilon: number };
  backfillDays?: number;
  uniform?: Uniform;
}) {
  async function countsOf(day: { start: Date; end: Date }): Promise<DailyCount[]> {
    const perModule = await Promise.all(deps.directory.modules().map((module) => module.statistics?.(day) ?? []));
    return perModule.flat();
  }

  async function publishDay(start: Date): Promise<number> {
    const counts = await countsOf({ start, end: new Date(start.getTime() + DAY_MS) });
    const byMetric = new Map<string, DailyCount[]>();
    for (const count of counts) byMetric.set(count.metric, [...(byMetric.get(count.metric) ?? []), count]);
    const rows: FigureRow[] = [];
    for (const [metric, cells] of byMetric) {
      for (const cell of publishGroup(cells, { ...deps.settings, uniform: deps.uniform })) rows.push({ day: dayKey(start), metric, ...cell });
    }
    await statisticsStore.insertDay(deps.db, rows, deps.now());
    return rows.length;
  }

  return {
    /** Publishes every closed day not yet published; returns how many days it published. */
    async runOnce(): Promise<number> {
      const today = Date.parse(dayKey(deps.now()));
      const last = await statisticsStore.lastPublishedDay(deps.db);
      let day = last ? Date.parse(last) + DAY_MS : today - (deps.backfillDays ?? 30) * DAY_MS;
      let published = 0;
      for (; day < today; day += DAY_MS, published++) await publishDay(new Date(day));
      return published;
    },
  };
}
