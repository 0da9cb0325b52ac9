import type { NotificationItem } from '../platform/module.ts';

export type { NotificationItem, NotificationSource } from '../platform/module.ts';

/** Groups rows by citizen. */
export function groupByCitizen<T extends { citizen_id: string }>(rows: T[], toItem: (row: T) => NotificationItem): Map<string, NotificationItem[]> {
  const result = new Map<string, NotificationItem[]>();
  for (const row of rows) {
    const list = result.get(row.citizen_id) ?? [];
    list.push(toItem(row));
    result.set(row.citizen_id, list);
  }
  return result;
}
