import type { Db } from '../platform/db/database.ts';
import { formatDateTime } from '../platform/i18n.ts';
import { labelOr } from '../platform/i18n.ts';
import type { ExportInput, ExportSection } from '../platform/module.ts';
import { notificationStore } from './notification-store.ts';

/** The notifications' part of the access export (R20): every notification mail attempt and its outcome. */
export async function notificationsExport(db: Db, input: ExportInput): Promise<ExportSection | null> {
  const { t, language } = input;
  const rows = await notificationStore.allAttempts(db, input.citizenId);
  const attempts = rows.map((row) => ({ notificationId: row.notification_id, attempt: row.attempt, at: new Date(row.occurred_at).toISOString(), outcome: row.outcome, detail: row.detail }));
  return {
    id: 'notifications',
    title: t('export.notifications.title'),
    data: attempts,
    entries: rows.map((row) => ({ title: formatDateTime(new Date(row.occurred_at), language), fields: [[t('export.notifications.outcome'), labelOr(t, `activity.notification-${row.outcome}`, row.outcome)]] })),
  };
}
