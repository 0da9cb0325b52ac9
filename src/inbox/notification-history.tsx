import { formatDateTime, type Language, type Translate } from '../platform/i18n.ts';
import type { NotificationAttempt } from './message-service.ts';

const KNOWN_OUTCOMES = new Set(['sent', 'bounced', 'failed', 'no-verified-address']);

/** The notification mails about one message (R10): each attempt and its outcome, or that there was none yet. */
export function NotificationHistory(props: { t: Translate; language: Language; notification: { attempts: NotificationAttempt[] } | null }) {
  const { t, language, notification } = props;
  if (!notification) return <p class="utrecht-paragraph" data-testid="notification-history">{t('message.notifications.none')}</p>;
  if (notification.attempts.length === 0) return <p class="utrecht-paragraph" data-testid="notification-history">{t('message.notifications.pending')}</p>;
  return (
    <table class="utrecht-table bp-table bp-table--stack" data-testid="notification-history">
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          <th scope="col" class="utrecht-table__header-cell">{t('message.notifications.when')}</th>
          <th scope="col" class="utrecht-table__header-cell">{t('message.notifications.attempt')}</th>
          <th scope="col" class="utrecht-table__header-cell">{t('message.notifications.outcome')}</th>
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {notification.attempts.map((attempt) => (
          <tr class="utrecht-table__row" data-outcome={attempt.outcome}>
            <td class="utrecht-table__cell" data-label={t('message.notifications.when')}>{formatDateTime(attempt.occurredAt, language)}</td>
            <td class="utrecht-table__cell" data-label={t('message.notifications.attempt')}>{attempt.attempt}</td>
            <td class="utrecht-table__cell" data-label={t('message.notifications.outcome')}>{t(KNOWN_OUTCOMES.has(attempt.outcome) ? `message.outcome.${attempt.outcome}` : 'message.outcome.unknown')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
