import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

function dueLeaves(db: Db, input: { beforeMonth: string; heldMonths: readonly string[] }) {
  return db
    .selectFrom('audit_log')
    .where('month', '<', input.beforeMonth)
    .$if(input.heldMonths.length > 0, (query) => query.where('month', 'not in', input.heldMonths));
}

/** Audit leaves of whole months before `beforeMonth` ('YYYY-MM'), skipping held months (R24, R25). */
export const auditRetentionStore = {
  async countDue(db: Db, input: { beforeMonth: string; heldMonths: readonly string[] }): Promise<number> {
    const row = await dueLeaves(db, input).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
    return row.count;
  },

  async deleteDue(db: Db, input: { beforeMonth: string; heldMonths: readonly string[]; limit: number }): Promise<number> {
    const batch = dueLeaves(db, input).select('seq').orderBy('seq').limit(input.limit);
    const result = await db.deleteFrom('audit_log').where('seq', 'in', batch).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
