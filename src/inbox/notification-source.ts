import { sql } from 'kysely';
import { groupByCitizen, type NotificationSource } from '../notifications/index.ts';

/** New messages as notification items: visible, not in the bin, not yet notified (R10). */
export const messageNotificationSource: NotificationSource = {
  kind: 'message',
  async pending(db, citizenIds, now) {
    if (citizenIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('messages')
      .innerJoin('organisations', 'organisations.organisation_id', 'messages.organisation_id')
      .select(['messages.citizen_id', 'messages.message_id', 'organisations.name'])
      .where('messages.citizen_id', 'in', citizenIds)
      .where('messages.notification_id', 'is', null)
      .where('messages.visible_from', '<=', now)
      .where('messages.folder', '!=', 'bin')
      .execute();
    return groupByCitizen(rows, (row) => ({ id: row.message_id, organisationName: row.name }));
  },
  async markNotified(db, entries) {
    const pairs = entries.flatMap((entry) => entry.itemIds.map((id) => [entry.citizenId, id, entry.notificationId] as const));
    if (pairs.length === 0) return;
    await sql`
      update messages set notification_id = x.notification_id
      from (select unnest(${pairs.map((p) => p[0])}::uuid[]) as citizen_id, unnest(${pairs.map((p) => p[1])}::uuid[]) as message_id,
                   unnest(${pairs.map((p) => p[2])}::uuid[]) as notification_id) x
      where messages.citizen_id = x.citizen_id and messages.message_id = x.message_id`.execute(db);
  },
  async nextVisibleAt(db, citizenIds, now) {
    if (citizenIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('messages')
      .select((eb) => ['citizen_id', eb.fn.min('visible_from').as('next')])
      .where('citizen_id', 'in', citizenIds)
      .where('notification_id', 'is', null)
      .where('visible_from', '>', now)
      .groupBy('citizen_id')
      .execute();
    return new Map(rows.map((row) => [row.citizen_id, new Date(row.next)]));
  },
};
