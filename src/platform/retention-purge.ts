import type { Db } from './db/database.ts';

/**
 * Records under a legal hold (R25): a held citizen's records are kept in every category; a held
 * record id (a message, a case, an audit month 'YYYY-MM') keeps that record.
 */
export interface LegalHolds {
  citizens: readonly string[];
  records: readonly string[];
}

export interface PurgeInput {
  now: Date;
  holds: LegalHolds;
}

/**
 * One retention rule of the processing catalogue made executable, declared by the module that owns
 * the table. `purgeBatch` deletes or anonymises at most `limit` due records in the caller's
 * transaction (the retention runner writes the audit record in the same one) and returns how many.
 */
export interface RetentionPurge {
  /** The catalogue's category (src/privacy DATA_CATEGORIES). */
  category: string;
  /** The table the rule is about, as in the catalogue's rule. */
  table: string;
  count(db: Db, input: PurgeInput): Promise<number>;
  purgeBatch(trx: Db, input: PurgeInput & { limit: number }): Promise<number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The moment `days` before `now`: records whose clock is older are due. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
