import type { Catalogue } from '../platform/i18n.ts';

export const notificationMessages: Catalogue = {
  nl: {
    'export.notifications.title': 'E-mailmeldingen',
    'export.notifications.outcome': 'Resultaat',
    'activity.notification-sent': 'E-mailmelding verstuurd',
    'activity.notification-failed': 'E-mailmelding niet verstuurd (wij proberen het opnieuw)',
    'activity.notification-bounced': 'E-mailmelding kwam niet aan',
    'activity.notification-no-verified-address': 'Geen e-mailmelding: geen bevestigd e-mailadres',
    'activity.representative-notification-sent': 'E-mailmelding over een nieuw bericht verstuurd aan uw gemachtigde',
    'activity.representative-notification-failed': 'E-mailmelding aan uw gemachtigde niet verstuurd',
    'activity.representative-notification-no-verified-address': 'Geen e-mailmelding aan uw gemachtigde: geen bevestigd e-mailadres',
  },
  en: {
    'export.notifications.title': 'E-mail notifications',
    'export.notifications.outcome': 'Result',
    'activity.notification-sent': 'E-mail notification sent',
    'activity.notification-failed': 'E-mail notification not sent (we will try again)',
    'activity.notification-bounced': 'E-mail notification did not arrive',
    'activity.notification-no-verified-address': 'No e-mail notification: no confirmed e-mail address',
    'activity.representative-notification-sent': 'E-mail notification about a new message sent to your representative',
    'activity.representative-notification-failed': 'E-mail notification to your representative not sent',
    'activity.representative-notification-no-verified-address': 'No e-mail notification to your representative: no confirmed e-mail address',
  },
};
