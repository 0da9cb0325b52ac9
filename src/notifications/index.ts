export { enqueueNotifications } from './outbox.ts';
export type { NotificationItem, NotificationSource } from './source.ts';
export { backoffMs, createNotificationWorker, MAX_ATTEMPTS, type NotificationWorker } from './worker.ts';
export { notificationMessages } from './messages.ts';
