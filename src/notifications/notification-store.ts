import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { bulkRows, type BulkColumn } from '../platform/db/bulk-rows.ts';

interface OutboxEntry {
  citizen_id: string;
  not_before: Date;
  created_at: Date;
}

const OUTBOX_COLUMNS: BulkColumn<OutboxEntry>[] = [
  { name: 'citizen_id', type: 'uuid' },
  { name: 'not_before', type: 'timestamptz' },
  { name: 'created_at', type: 'timestamptz' },
];

/** SQL for the notification outbox (one row per citizen with a mail due) and the log of attempts. */
export const notificationStore = {
  /** Per outcome, how many of these notifications ended with it (the last attempt's outcome). */
  async lastOutcomes(db: Db, notificationIds: string[]) {
    return db
      .selectFrom((eb) =>
        eb
          .selectFrom('notification_log')
          .select(['notification_id', 'outcome'])
          .distinctOn('notification_id')
          .where('notification_id', 'in', notificationIds)
          .orderBy('notification_id')
          .orderBy('attempt', 'desc')
          .as('last'),
      )
      .select(['outcome', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy('outcome')
      .execute();
  },

  /**
   * Schedules one row per citizen; an existing row keeps the earlier time and is marked dirty, so a
   * row a worker is sending right now is not removed when that mail is done.
   */
  async enqueue(db: Db, entries: { citizenId: string; notBefore: Date }[], now: Date): Promise<void> {
    if (entries.length === 0) return;
    // A wave enqueues up to a batch's worth of citizens at once: one fixed-size statement (see bulkRows).
    const rows = entries.map((entry) => ({ citizen_id: entry.citizenId, not_before: entry.notBefore, created_at: now }));
    await db
      .insertInto('notification_outbox')
      .columns(OUTBOX_COLUMNS.map((column) => column.name))
      .expression(bulkRows(rows, OUTBOX_COLUMNS))
      .onConflict((oc) => oc.column('citizen_id').doUpdateSet({ not_before: sql`least(notification_outbox.not_before, excluded.not_before)`, dirty: true }))
      .execute();
  },

  /**
   * Leases up to `limit` due rows, earliest first, until `leasedUntil`; rows locked by another
   * worker are skipped (FOR UPDATE SKIP LOCKED), so two workers never claim the same citizen.
   * Call inside a transaction. Each claim clears the dirty mark and counts one more attempt.
   */
  async claimDue(db: Db, input: { now: Date; limit: number; leasedUntil: Date; leaseId: string }) {
    const due = await db
      .selectFrom('notification_outbox')
      .select(['citizen_id'])
      .where('not_before', '<=', input.now)
      .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', input.now)]))
      .orderBy('not_before')
      .limit(input.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return db
      .updateTable('notification_outbox')
      .set((eb) => ({ leased_until: input.leasedUntil, lease_id: input.leaseId, dirty: false, attempts: eb('attempts', '+', 1) }))
      .where('citizen_id', 'in', due.map((row) => row.citizen_id))
      .returning(['citizen_id', 'attempts', 'notification_id'])
      .execute();
  },

  async logAttempts(db: Db, entries: { citizenId: string; notificationId: string; attempt: number; occurredAt: Date; outcome: string; detail: string | null }[]): Promise<void> {
    await db
      .insertInto('notification_log')
      .values(
        entries.map((entry) => ({
          citizen_id: entry.citizenId,
          notification_id: entry.notificationId,
          attempt: entry.attempt,
          occurred_at: entry.occurredAt,
          outcome: entry.outcome,
          detail: entry.detail,
        })),
      )
      .execute();
  },

  /**
   * Releases a row this lease still holds for a retry at `retryAt`, keeping its notification id;
   * a row that got news meanwhile (dirty) keeps its earlier time instead.
   */
  async releaseForRetry(db: Db, input: { citizenId: string; leaseId: string; notificationId: string; retryAt: Date }): Promise<void> {
    await db
      .updateTable('notification_outbox')
      .set((eb) => ({
        not_before: eb.case().when('dirty', '=', true).then(eb.ref('not_before')).else(input.retryAt).end(),
        leased_until: null,
        lease_id: null,
        notification_id: input.notificationId,
      }))
      .where('citizen_id', '=', input.citizenId)
      .where('lease_id', '=', input.leaseId)
      .execute();
  },

  /**
   * Ends the lease on rows whose mail is done: only rows this lease still holds. Rows without news
   * since the claim are removed; a dirty row is released (attempts reset) for a mail of its own.
   */
  async releaseDone(db: Db, citizenIds: string[], leaseId: string): Promise<void> {
    await db.deleteFrom('notification_outbox').where('citizen_id', 'in', citizenIds).where('lease_id', '=', leaseId).where('dirty', '=', false).execute();
    await db
      .updateTable('notification_outbox')
      .set({ leased_until: null, lease_id: null, notification_id: null, attempts: 0, dirty: false })
      .where('citizen_id', 'in', citizenIds)
      .where('lease_id', '=', leaseId)
      .execute();
  },

  /** Schedules a later mail per citizen; an existing row keeps the earlier time (and its dirty mark). */
  async scheduleLater(db: Db, entries: { citizenId: string; notBefore: Date }[], now: Date): Promise<void> {
    if (entries.length === 0) return;
    // A wave enqueues up to a batch's worth of citizens at once: one fixed-size statement (see bulkRows).
    const rows = entries.map((entry) => ({ citizen_id: entry.citizenId, not_before: entry.notBefore, created_at: now }));
    await db
      .insertInto('notification_outbox')
      .columns(OUTBOX_COLUMNS.map((column) => column.name))
      .expression(bulkRows(rows, OUTBOX_COLUMNS))
      .onConflict((oc) => oc.column('citizen_id').doUpdateSet({ not_before: sql`least(notification_outbox.not_before, excluded.not_before)` }))
      .execute();
  },

  /** Every attempt of one notification, in order (for the citizen's view of a message). */
  /** Counts for monitoring: citizens waiting for a mail, and attempts since `since` by outcome. No personal data. */
  async figures(db: Db, since: Date) {
    const [queue, outcomes] = await Promise.all([
      db.selectFrom('notification_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom('notification_log').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')]).where('occurred_at', '>=', since).groupBy('outcome').execute(),
    ]);
    return { queued: Number(queue.n), attemptsByOutcome: new Map(outcomes.map((row) => [row.outcome, Number(row.n)])) };
  },

  /** Every attempt for this citizen, oldest first (the access export, R20). */
  async allAttempts(db: Db, citizenId: string) {
    return db.selectFrom('notification_log').select(['notification_id', 'attempt', 'occurred_at', 'outcome', 'detail']).where('citizen_id', '=', citizenId).orderBy('occurred_at').orderBy('attempt').execute();
  },

  async attempts(db: Db, citizenId: string, notificationId: string) {
    return db
      .selectFrom('notification_log')
      .select(['attempt', 'occurred_at', 'outcome'])
      .where('citizen_id', '=', citizenId)
      .where('notification_id', '=', notificationId)
      .orderBy('attempt')
      .execute();
  },
};
