import { formatDateTime } from '../platform/i18n.ts';
import type { ExportInput, ExportSection } from '../platform/module.ts';
import type { Profile } from './email-verification.ts';

/** Profile's part of the access export (R20): what the citizen entered themselves. */
export async function profileExport(profile: Profile, input: ExportInput): Promise<ExportSection | null> {
  const view = await profile.view(input.citizenId);
  const { t } = input;
  const none = '—';
  return {
    id: 'profile',
    title: t('export.profile.title'),
    data: {
      screenName: view.screenName,
      email: view.email,
      emailVerifiedAt: view.emailVerifiedAt?.toISOString() ?? null,
      pendingEmail: view.pendingEmail,
    },
    entries: [
      {
        title: t('export.profile.title'),
        fields: [
          [t('account.screenName'), view.screenName ?? none],
          [t('account.email'), view.email ?? none],
          [t('export.profile.emailVerifiedAt'), view.emailVerifiedAt ? formatDateTime(view.emailVerifiedAt, input.language) : none],
          [t('export.profile.pendingEmail'), view.pendingEmail ?? none],
        ],
      },
    ],
  };
}
