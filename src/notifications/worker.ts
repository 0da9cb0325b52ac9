import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { notificationMail } from './notification-mail.ts';
import type { NotificationItem, NotificationSource } from './source.ts';

export const LEASE_MS = 2 * 60 * 1000;
export const MAX_ATTEMPTS = 12;

/** Wait before retry n: 5 s, 10 s, 20 s … capped at one hour. */
export function backoffMs(attempt: number, baseMs = 5_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
}

export interface NotificationWorkerDeps {
  db: Db;
  mailer: Mailer;
  sources: NotificationSource[];
  /** The citizen's verified e-mail address, or null. */
  verifiedAddress: (citizenId: string) => Promise<string | null>;
  /** Records an entry in the citizen's usage history. */
  recordActivity: (input: { citizenId: string; action: string; detail?: string; db: Db }) => Promise<void>;
  publicUrl: string;
  now: () => Date;
  logger: Logger;
  retryBaseMs?: number;
}

type Outcome = 'sent' | 'bounced' | 'failed' | 'no-verified-address';

/**
 * Sends due notifications: one mail per citizen for everything pending, claimed with a lease
 * (FOR UPDATE SKIP LOCKED) so several workers never send the same one. Every outcome is logged
 * per attempt; temporary SMTP failures retry with backoff, permanent ones count as bounced.
 */
export function createNotificationWorker(deps: NotificationWorkerDeps) {
  const { db } = deps;

  async function claim(limit: number) {
    const now = deps.now();
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('notification_outbox')
        .select(['citizen_id'])
        .where('not_before', '<=', now)
        .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
        .orderBy('not_before')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      return trx
        .updateTable('notification_outbox')
        .set((eb) => ({ leased_until: new Date(now.getTime() + LEASE_MS), attempts: eb('attempts', '+', 1), notification_id: eb.fn.coalesce('notification_id', eb.val(uuidv7())) }))
        .where('citizen_id', 'in', due.map((row) => row.citizen_id))
        .returning(['citizen_id', 'attempts', 'notification_id'])
        .execute();
    });
  }

  async function finish(input: { citizenId: string; notificationId: string; attempt: number; outcome: Outcome | null; detail: string | null; items: Map<NotificationSource, NotificationItem[]>; retryAt: Date | null }) {
    const now = deps.now();
    await db.transaction().execute(async (trx) => {
      if (input.outcome) {
        await trx
          .insertInto('notification_log')
          .values({ citizen_id: input.citizenId, notification_id: input.notificationId, attempt: input.attempt, occurred_at: now, outcome: input.outcome, detail: input.detail })
          .execute();
        await deps.recordActivity({ citizenId: input.citizenId, action: `notification-${input.outcome}`, db: trx });
      }
      if (input.retryAt) {
        await trx.updateTable('notification_outbox').set({ not_before: input.retryAt, leased_until: null }).where('citizen_id', '=', input.citizenId).execute();
        return;
      }
      for (const [source, items] of input.items) {
        await source.markNotified(trx, { citizenId: input.citizenId, itemIds: items.map((item) => item.id), notificationId: input.notificationId });
      }
      await trx.deleteFrom('notification_outbox').where('citizen_id', '=', input.citizenId).execute();
      // Items that become visible later get a mail of their own then.
      const later = (await Promise.all(deps.sources.map((source) => source.nextVisibleAt(trx, input.citizenId, now)))).filter((d): d is Date => d !== null);
      if (later.length > 0) {
        const notBefore = new Date(Math.min(...later.map((d) => d.getTime())));
        await trx.insertInto('notification_outbox').values({ citizen_id: input.citizenId, not_before: notBefore, created_at: now }).execute();
      }
    });
  }

  async function notifyOne(row: { citizen_id: string; attempts: number; notification_id: string | null }): Promise<Outcome | null> {
    const citizenId = row.citizen_id;
    const notificationId = row.notification_id ?? uuidv7();
    const now = deps.now();
    const items = new Map<NotificationSource, NotificationItem[]>();
    for (const source of deps.sources) {
      const pending = await source.pending(db, citizenId, now);
      if (pending.length > 0) items.set(source, pending);
    }
    if (items.size === 0) {
      // Nothing to say (e.g. the message went to the bin): release the slot without a mail.
      await finish({ citizenId, notificationId, attempt: row.attempts, outcome: null, detail: null, items, retryAt: null });
      return null;
    }
    const address = await deps.verifiedAddress(citizenId);
    if (!address) {
      await finish({ citizenId, notificationId, attempt: row.attempts, outcome: 'no-verified-address', detail: null, items, retryAt: null });
      return 'no-verified-address';
    }
    const itemsByKind = new Map<string, NotificationItem[]>();
    for (const [source, list] of items) itemsByKind.set(source.kind, [...(itemsByKind.get(source.kind) ?? []), ...list]);
    try {
      await deps.mailer.send(notificationMail({ to: address, publicUrl: deps.publicUrl, itemsByKind }));
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const detail = code ? `SMTP ${code}` : ((error as { code?: string }).code ?? 'send failed');
      if (code && code >= 500) {
        await finish({ citizenId, notificationId, attempt: row.attempts, outcome: 'bounced', detail, items, retryAt: null });
        return 'bounced';
      }
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      const retryAt = giveUp ? null : new Date(deps.now().getTime() + backoffMs(row.attempts, deps.retryBaseMs));
      deps.logger.warn({ attempt: row.attempts, detail }, 'notification mail failed');
      await finish({ citizenId, notificationId, attempt: row.attempts, outcome: 'failed', detail, items, retryAt });
      return 'failed';
    }
    await finish({ citizenId, notificationId, attempt: row.attempts, outcome: 'sent', detail: null, items, retryAt: null });
    return 'sent';
  }

  return {
    /** Sends what is due now, in rounds of `batchSize`; returns how many mails were sent. */
    async runOnce(batchSize = 50): Promise<{ sent: number; failed: number }> {
      const counts = { sent: 0, failed: 0 };
      for (;;) {
        const claimed = await claim(batchSize);
        if (claimed.length === 0) return counts;
        const outcomes = await Promise.all(claimed.map((row) => notifyOne(row)));
        counts.sent += outcomes.filter((o) => o === 'sent').length;
        counts.failed += outcomes.filter((o) => o === 'failed').length;
        if (outcomes.every((o) => o === 'failed')) return counts;
      }
    },
  };
}

export type NotificationWorker = ReturnType<typeof createNotificationWorker>;
