import type { NotificationSource } from '../notifications/index.ts';

/** New messages as notification items: visible, not in the bin, not yet notified (R10). */
export const messageNotificationSource: NotificationSource = {
  kind: 'message',
  async pending(db, citizenId, now) {
    const rows = await db
      .selectFrom('messages')
      .innerJoin('organisations', 'organisations.organisation_id', 'messages.organisation_id')
      .select(['messages.message_id', 'organisations.name'])
      .where('messages.citizen_id', '=', citizenId)
      .where('messages.notification_id', 'is', null)
      .where('messages.visible_from', '<=', now)
      .where('messages.folder', '!=', 'bin')
      .execute();
    return rows.map((row) => ({ id: row.message_id, organisationName: row.name }));
  },
  async markNotified(db, { citizenId, itemIds, notificationId }) {
    if (itemIds.length === 0) return;
    await db.updateTable('messages').set({ notification_id: notificationId }).where('citizen_id', '=', citizenId).where('message_id', 'in', itemIds).execute();
  },
  async nextVisibleAt(db, citizenId, now) {
    const row = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.min('visible_from').as('next'))
      .where('citizen_id', '=', citizenId)
      .where('notification_id', 'is', null)
      .where('visible_from', '>', now)
      .executeTakeFirst();
    return row?.next ? new Date(row.next) : null;
  },
};
