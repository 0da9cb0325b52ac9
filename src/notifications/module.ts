import type { Logger } from 'pino';
import type { Db } from '../platform/db/database.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { MessageWatcher, ModuleDirectory, PortalModule } from '../platform/module.ts';
import { notificationsExport } from './access-export.ts';
import { notificationMessages } from './messages.ts';
import { createNotificationWorker, type NotificationWorker } from './worker.ts';
import { notificationDailyCounts } from './statistics-store.ts';

export interface NotificationsModuleDeps {
  db: Db;
  mailer: Mailer;
  logger: Logger;
  now: () => Date;
  config: { publicUrl: string; notificationRetryBaseMs: number; workerPollMs: number };
  /** Verified e-mail addresses of these citizens (profile). */
  verifiedEmails(citizenIds: string[]): Promise<Map<string, string>>;
  /** Records usage-history entries (identity). */
  recordActivities(entries: { citizenId: string; action: string; detail?: string | null }[], db: Db): Promise<void>;
  /** The modules, whose notification sources the mail covers. */
  directory: ModuleDirectory;
}

/** Notification mail (R10): one coalesced, content-free mail per citizen for every module's news. */
export function createNotificationsModule(deps: NotificationsModuleDeps) {
  let worker: NotificationWorker | undefined;
  // Built at the first run, when every module (and so every notification source) exists.
  const notifications = (): NotificationWorker =>
    (worker ??= createNotificationWorker({
      db: deps.db,
      mailer: deps.mailer,
      sources: deps.directory.modules().flatMap((module) => module.notificationSources ?? []),
      verifiedAddresses: (citizenIds) => deps.verifiedEmails(citizenIds),
      // Others who asked to hear of a citizen's new messages (representation), from every module that knows some.
      messageWatchers: async (citizenIds) => {
        const merged = new Map<string, MessageWatcher[]>();
        for (const module of deps.directory.modules()) {
          if (!module.messageWatchers) continue;
          for (const [citizenId, list] of await module.messageWatchers(citizenIds)) merged.set(citizenId, [...(merged.get(citizenId) ?? []), ...list]);
        }
        return merged;
      },
      recordActivities: (entries, trx) => deps.recordActivities(entries, trx),
      publicUrl: deps.config.publicUrl,
      now: deps.now,
      logger: deps.logger,
      retryBaseMs: deps.config.notificationRetryBaseMs,
    }));
  const module = {
    name: 'notifications',
    texts: notificationMessages,
    accessExport: (input) => notificationsExport(deps.db, input),
    statistics: (day: { start: Date; end: Date }) => notificationDailyCounts(deps.db, day),
    jobs: [{ name: 'notification-mail', intervalMs: deps.config.workerPollMs, run: () => notifications().runOnce() }],
  } satisfies PortalModule;
  return { ...module, worker: notifications };
}
