import { groupByCitizen, type NotificationSource } from '../notifications/index.ts';

// An item id is "<case id>:<sequence>", the status's key within the citizen's cases.
function parseItemId(itemId: string): { caseId: string; sequence: number } | null {
  const match = /^([0-9a-f-]{36}):(\d+)$/i.exec(itemId);
  return match?.[1] && match[2] ? { caseId: match[1], sequence: Number(match[2]) } : null;
}

/**
 * Case status changes as notification items (R13): every status not yet in a notification.
 * The mail names only the organisation, never the case or its status.
 */
export const caseStatusNotificationSource: NotificationSource = {
  kind: 'case-status',
  async pending(db, citizenIds) {
    if (citizenIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('case_statuses')
      .innerJoin('cases', (join) => join.onRef('cases.citizen_id', '=', 'case_statuses.citizen_id').onRef('cases.case_id', '=', 'case_statuses.case_id'))
      .innerJoin('organisations', 'organisations.organisation_id', 'cases.organisation_id')
      .select(['case_statuses.citizen_id', 'case_statuses.case_id', 'case_statuses.sequence', 'organisations.name'])
      .where('case_statuses.citizen_id', 'in', citizenIds)
      .where('case_statuses.notification_id', 'is', null)
      .orderBy('case_statuses.received_at')
      .execute();
    return groupByCitizen(rows, (row) => ({ id: `${row.case_id}:${row.sequence}`, organisationName: row.name }));
  },
  async markNotified(db, entries) {
    for (const { citizenId, itemIds, notificationId } of entries) {
      const keys = itemIds.map(parseItemId).filter((key) => key !== null);
      if (keys.length === 0) continue;
      await db
        .updateTable('case_statuses')
        .set({ notification_id: notificationId })
        .where('citizen_id', '=', citizenId)
        .where((eb) => eb.or(keys.map((key) => eb.and([eb('case_id', '=', key.caseId), eb('sequence', '=', key.sequence)]))))
        .execute();
    }
  },
  // A status is visible the moment it is recorded.
  async nextVisibleAt() {
    return new Map();
  },
};
