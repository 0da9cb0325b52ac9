export { notificationMessages } from './messages.ts';
export { createNotificationsModule, type NotificationsModuleDeps } from './module.ts';
export { enqueueNotifications, notificationAttempts } from './outbox.ts';
export { groupByCitizen, type NotificationItem, type NotificationSource } from './source.ts';
export { backoffMs, createNotificationWorker, MAX_ATTEMPTS, type NotificationWorker } from './worker.ts';
export { notificationFigures } from './outbox.ts';
export { mailsSentBetween } from './statistics-store.ts';
