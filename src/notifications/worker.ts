import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { MessageWatcher } from '../platform/module.ts';
import { notificationMail, representativeMail } from './notification-mail.ts';
import { notificationStore } from './notification-store.ts';
import type { NotificationItem, NotificationSource } from './source.ts';

export const LEASE_MS = 2 * 60 * 1000;
export const MAX_ATTEMPTS = 12;
/** Batches one worker process has in flight at once (see runOnce). */
export const BATCHES_IN_FLIGHT = 2;

/** Wait before retry n: 5 s, 10 s, 20 s … capped at one hour. */
export function backoffMs(attempt: number, baseMs = 5_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
}

export interface NotificationWorkerDeps {
  db: Db;
  mailer: Mailer;
  sources: NotificationSource[];
  /** Verified e-mail addresses of these citizens (those without one are absent). */
  verifiedAddresses: (citizenIds: string[]) => Promise<Map<string, string>>;
  /** Records entries in the citizens' usage history, in the given transaction. */
  recordActivities: (entries: { citizenId: string; action: string; detail?: string | null }[], db: Db) => Promise<void>;
  /** Per citizen: others to mail about their new messages (representatives who asked, R17). */
  messageWatchers?: (citizenIds: string[]) => Promise<Map<string, MessageWatcher[]>>;
  publicUrl: string;
  now: () => Date;
  logger: Logger;
  retryBaseMs?: number;
}

type Activity = { citizenId: string; action: string; detail?: string | null };

type Outcome = 'sent' | 'bounced' | 'failed' | 'no-verified-address';

interface Claimed {
  citizenId: string;
  attempt: number;
  notificationId: string;
  leaseId: string;
}

interface Result extends Claimed {
  outcome: Outcome | null;
  detail: string | null;
  retryAt: Date | null;
  items: Map<NotificationSource, NotificationItem[]>;
}

/**
 * Sends due notifications, a batch of citizens at a time: one mail per citizen for everything
 * pending, claimed with a lease (FOR UPDATE SKIP LOCKED) so several workers never send the same
 * one, and every outcome logged per attempt. Temporary SMTP failures retry with backoff; permanent
 * ones count as bounced. Reads and writes are one query per batch, not per citizen.
 */
export function createNotificationWorker(deps: NotificationWorkerDeps) {
  const { db } = deps;

  async function claim(limit: number): Promise<Claimed[]> {
    const now = deps.now();
    const leaseId = uuidv7();
    const rows = await db
      .transaction()
      .execute((trx) => notificationStore.claimDue(trx, { now, limit, leasedUntil: new Date(now.getTime() + LEASE_MS), leaseId }));
    // Retries keep their notification id, so every attempt shows up in one history.
    return rows.map((row) => ({ citizenId: row.citizen_id, attempt: row.attempts, notificationId: row.notification_id ?? uuidv7(), leaseId }));
  }

  async function send(claimed: Claimed, items: Map<NotificationSource, NotificationItem[]>, address: string | undefined): Promise<Result> {
    const base = { ...claimed, items, detail: null, retryAt: null };
    if (items.size === 0) return { ...base, outcome: null };
    if (!address) return { ...base, outcome: 'no-verified-address' };
    const itemsByKind = new Map<string, NotificationItem[]>();
    for (const [source, list] of items) itemsByKind.set(source.kind, [...(itemsByKind.get(source.kind) ?? []), ...list]);
    try {
      await deps.mailer.send(notificationMail({ to: address, publicUrl: deps.publicUrl, itemsByKind }));
      return { ...base, outcome: 'sent' };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const detail = code ? `SMTP ${code}` : ((error as { code?: string }).code ?? 'send failed');
      if (code && code >= 500) return { ...base, outcome: 'bounced', detail };
      deps.logger.warn({ attempt: claimed.attempt, detail }, 'notification mail failed');
      const retryAt = claimed.attempt >= MAX_ATTEMPTS ? null : new Date(deps.now().getTime() + backoffMs(claimed.attempt, deps.retryBaseMs));
      return { ...base, outcome: 'failed', detail, retryAt };
    }
  }

  /**
   * Mails the watchers of each citizen whose new messages are done (sent or given up; not again on
   * a retry), asked now so a revoked or expired mandate stops at once. Best effort: a failure is
   * recorded, not retried. Returns the usage-history entries of the represented citizens.
   */
  async function notifyWatchers(results: Result[]): Promise<Activity[]> {
    if (!deps.messageWatchers) return [];
    const messageCounts = new Map<string, number>();
    for (const r of results) {
      if (r.retryAt) continue;
      const count = [...r.items].filter(([source]) => source.kind === 'message').reduce((sum, [, items]) => sum + items.length, 0);
      if (count > 0) messageCounts.set(r.citizenId, count);
    }
    if (messageCounts.size === 0) return [];
    const watchers = [...(await deps.messageWatchers([...messageCounts.keys()]))].flatMap(([citizenId, list]) => list.map((watcher) => ({ citizenId, watcher })));
    if (watchers.length === 0) return [];
    const addresses = await deps.verifiedAddresses([...new Set(watchers.map((w) => w.watcher.recipientId))]);
    return Promise.all(
      watchers.map(async ({ citizenId, watcher }): Promise<Activity> => {
        const to = addresses.get(watcher.recipientId);
        let outcome = 'no-verified-address';
        if (to) {
          try {
            await deps.mailer.send(representativeMail({ to, publicUrl: deps.publicUrl, subjectName: watcher.subjectName, count: messageCounts.get(citizenId) ?? 1 }));
            outcome = 'sent';
          } catch (error) {
            deps.logger.warn({ detail: (error as { code?: string }).code ?? 'send failed' }, 'representative notification mail failed');
            outcome = 'failed';
          }
        }
        return { citizenId, action: `representative-notification-${outcome}`, detail: watcher.reference };
      }),
    );
  }

  async function finish(results: Result[], watcherActivities: Activity[]): Promise<void> {
    const now = deps.now();
    await db.transaction().execute(async (trx) => {
      if (watcherActivities.length > 0) await deps.recordActivities(watcherActivities, trx);
      const logged = results.filter((r) => r.outcome !== null);
      if (logged.length > 0) {
        await notificationStore.logAttempts(
          trx,
          logged.map((r) => ({ citizenId: r.citizenId, notificationId: r.notificationId, attempt: r.attempt, occurredAt: now, outcome: r.outcome ?? '', detail: r.detail })),
        );
        await deps.recordActivities(logged.map((r) => ({ citizenId: r.citizenId, action: `notification-${r.outcome ?? ''}` })), trx);
      }
      for (const retry of results.filter((r) => r.retryAt)) {
        // News that arrived meanwhile keeps its earlier time; otherwise wait for the backoff.
        await notificationStore.releaseForRetry(trx, { citizenId: retry.citizenId, leaseId: retry.leaseId, notificationId: retry.notificationId, retryAt: retry.retryAt ?? now });
      }
      const done = results.filter((r) => !r.retryAt);
      if (done.length === 0) return;
      for (const source of deps.sources) {
        const entries = done.flatMap((r) => {
          const items = r.items.get(source) ?? [];
          return items.length > 0 ? [{ citizenId: r.citizenId, itemIds: items.map((item) => item.id), notificationId: r.notificationId }] : [];
        });
        await source.markNotified(trx, entries);
      }
      const doneIds = done.map((r) => r.citizenId);
      const leaseId = done[0]?.leaseId ?? '';
      // Only rows this worker still holds, and to which no news was added while it was sending;
      // a dirty row is released for a mail of its own about what came in meanwhile.
      await notificationStore.releaseDone(trx, doneIds, leaseId);
      // Items that become visible later get a mail of their own then.
      const later = new Map<string, Date>();
      for (const source of deps.sources) {
        for (const [citizenId, at] of await source.nextVisibleAt(trx, doneIds, now)) {
          const known = later.get(citizenId);
          if (!known || at < known) later.set(citizenId, at);
        }
      }
      if (later.size > 0) {
        await notificationStore.scheduleLater(
          trx,
          [...later].map(([citizenId, notBefore]) => ({ citizenId, notBefore })),
          now,
        );
      }
    });
  }

  /** Claims, sends and finishes batch after batch until nothing is due (or a whole batch failed). */
  async function drain(batchSize: number, counts: { sent: number; failed: number }): Promise<void> {
    for (;;) {
      const claimed = await claim(batchSize);
      if (claimed.length === 0) return;
      const citizenIds = claimed.map((c) => c.citizenId);
      const now = deps.now();
      const [pendingBySource, addresses] = await Promise.all([
        Promise.all(deps.sources.map(async (source) => [source, await source.pending(db, citizenIds, now)] as const)),
        deps.verifiedAddresses(citizenIds),
      ]);
      const results = await Promise.all(
        claimed.map((c) => {
          const items = new Map<NotificationSource, NotificationItem[]>();
          for (const [source, byCitizen] of pendingBySource) {
            const list = byCitizen.get(c.citizenId);
            if (list && list.length > 0) items.set(source, list);
          }
          return send(c, items, addresses.get(c.citizenId));
        }),
      );
      await finish(results, await notifyWatchers(results));
      counts.sent += results.filter((r) => r.outcome === 'sent').length;
      counts.failed += results.filter((r) => r.outcome === 'failed').length;
      if (results.every((r) => r.outcome === 'failed')) return;
    }
  }

  return {
    /**
     * Sends what is due now, in rounds of `batchSize` citizens; returns the counts of outcomes.
     * `lanes` batches are in flight at once, each with a lease of its own (as if several workers):
     * while one batch is read or written, another is being mailed, so the SMTP connections do not
     * wait on the database between batches.
     */
    async runOnce(batchSize = 200, lanes = BATCHES_IN_FLIGHT): Promise<{ sent: number; failed: number }> {
      const counts = { sent: 0, failed: 0 };
      await Promise.all(Array.from({ length: lanes }, () => drain(batchSize, counts)));
      return counts;
    },
  };
}

export type NotificationWorker = ReturnType<typeof createNotificationWorker>;
