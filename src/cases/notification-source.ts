import { groupByCitizen, type NotificationSource } from '../notifications/index.ts';
import { caseStore } from './case-store.ts';

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
    const rows = await caseStore.unnotifiedStatuses(db, citizenIds);
    return groupByCitizen(rows, (row) => ({ id: `${row.case_id}:${row.sequence}`, organisationName: row.name }));
  },
  async markNotified(db, entries) {
    for (const { citizenId, itemIds, notificationId } of entries) {
      const keys = itemIds.map(parseItemId).filter((key) => key !== null);
      if (keys.length === 0) continue;
      await caseStore.setNotificationId(db, { citizenId, keys, notificationId });
    }
  },
  // A status is visible the moment it is recorded.
  async nextVisibleAt() {
    return new Map();
  },
};
