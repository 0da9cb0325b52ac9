import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { daysBefore, type RetentionPurge } from '../retention-purge.ts';

function abandoned(db: Db, before: Date) {
  return db.selectFrom('sessions').where('citizen_id', 'is', null).where('created_at', '<', before);
}

/**
 * Visitor data's retention purge (R25): pending logins (sessions without a citizen) left behind.
 * The session sweep removes them within minutes; this is the daily backstop the catalogue declares.
 */
export function pendingLoginPurges(deps: { days: number }): RetentionPurge[] {
  return [
    {
      category: 'visitor',
      table: 'sessions',
      async count(db, input) {
        const row = await abandoned(db, daysBefore(input.now, deps.days)).select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
        return row.count;
      },
      async purgeBatch(trx, input) {
        const batch = abandoned(trx, daysBefore(input.now, deps.days)).select('session_hash').limit(input.limit);
        const result = await trx.deleteFrom('sessions').where('session_hash', 'in', batch).executeTakeFirst();
        return Number(result.numDeletedRows);
      },
    },
  ];
}
