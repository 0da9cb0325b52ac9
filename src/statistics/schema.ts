import type { ColumnType } from 'kysely';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    statistics_daily: StatisticsDailyTable;
  }
}

/**
 * One figure of one day: the exact count (never shown) and the figure as published, with noise,
 * or null when suppressed. Counts of groups, nothing about a person: it survives retention.
 */
export interface StatisticsDailyTable {
  /** 'YYYY-MM-DD', a UTC day. */
  day: ColumnType<string, string, never>;
  metric: string;
  /** 'total', an assurance level, an organisation id, an outcome, 'open'/'closed'. */
  dimension: string;
  count: number;
  published: number | null;
  published_at: ColumnType<Date, Date, never>;
}
