export { enqueueNotifications } from './outbox.ts';
export { groupByCitizen, type NotificationItem, type NotificationSource } from './source.ts';
export { backoffMs, createNotificationWorker, MAX_ATTEMPTS, type NotificationWorker } from './worker.ts';
export { notificationMessages } from './messages.ts';
