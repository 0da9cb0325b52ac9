import { groupByCitizen, type NotificationSource } from '../notifications/index.ts';
import { inboxStore } from './inbox-store.ts';

/** New messages as notification items: visible, not in the bin, not yet notified (R10). */
export const messageNotificationSource: NotificationSource = {
  kind: 'message',
  async pending(db, citizenIds, now) {
    if (citizenIds.length === 0) return new Map();
    const rows = await inboxStore.unnotifiedMessages(db, citizenIds, now);
    return groupByCitizen(rows, (row) => ({ id: row.message_id, organisationName: row.name }));
  },
  async markNotified(db, entries) {
    const pairs = entries.flatMap((entry) => entry.itemIds.map((messageId) => ({ citizenId: entry.citizenId, messageId, notificationId: entry.notificationId })));
    if (pairs.length === 0) return;
    await inboxStore.setNotificationIds(db, pairs);
  },
  async nextVisibleAt(db, citizenIds, now) {
    if (citizenIds.length === 0) return new Map();
    const rows = await inboxStore.nextUnnotifiedVisibleFrom(db, citizenIds, now);
    return new Map(rows.map((row) => [row.citizen_id, new Date(row.next)]));
  },
};
