import type { Catalogue } from '../platform/i18n.ts';

export const notificationMessages: Catalogue = {
  nl: {
    'activity.notification-sent': 'E-mailmelding verstuurd',
    'activity.notification-failed': 'E-mailmelding kon niet worden verstuurd (wordt opnieuw geprobeerd)',
    'activity.notification-bounced': 'E-mailmelding onbestelbaar',
    'activity.notification-no-verified-address': 'Geen e-mailmelding: geen bevestigd e-mailadres',
  },
  en: {
    'activity.notification-sent': 'E-mail notification sent',
    'activity.notification-failed': 'E-mail notification could not be sent (will be retried)',
    'activity.notification-bounced': 'E-mail notification undeliverable',
    'activity.notification-no-verified-address': 'No e-mail notification: no confirmed e-mail address',
  },
};
