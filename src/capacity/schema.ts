import type { ColumnType } from 'kysely';

// This module's tables, added to the one Database type by declaration merging.
declare module '../platform/db/schema.ts' {
  interface Database {
    wave_plans: WavePlanTable;
    delivery_minutes: DeliveryMinuteTable;
  }
}

/** An announced wave (R27): an organisation's expected messages in a window. */
export interface WavePlanTable {
  plan_id: string;
  organisation_id: string;
  window_start: Date;
  window_end: Date;
  expected_messages: number;
  /** 'api' (the organisation itself) or the console account that announced it. */
  announced_by: string;
  announced_at: ColumnType<Date, Date, never>;
  cancelled_at: Date | null;
}

/** Messages admitted per organisation per minute: what the plan is enforced and drawn against. */
export interface DeliveryMinuteTable {
  organisation_id: string;
  minute: Date;
  messages: number;
}
