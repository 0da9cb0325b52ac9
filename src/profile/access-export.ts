import { formatDateTime } from '../platform/i18n.ts';
import type { ExportInput, ExportSection } from '../platform/module.ts';
import type { Profile } from './email-verification.ts';
import type { SelfEnteredData } from './self-entered-data.ts';

/** Profile's part of the access export (R20): everything the citizen entered themselves, the photo included. */
export async function profileExport(deps: { profile: Profile; selfEntered: SelfEnteredData }, input: ExportInput): Promise<ExportSection | null> {
  const [view, own, photo] = await Promise.all([deps.profile.view(input.citizenId), deps.selfEntered.view(input.citizenId), deps.selfEntered.photo(input.citizenId)]);
  const { t, language } = input;
  const none = '—';
  return {
    id: 'profile',
    title: t('export.profile.title'),
    data: {
      screenName: view.screenName,
      email: view.email,
      emailVerifiedAt: view.emailVerifiedAt?.toISOString() ?? null,
      pendingEmail: view.pendingEmail,
      phone: own.phone,
      // The photo is small (bounded at upload) and the citizen's own: always included.
      photo: photo && own.photo ? { contentType: photo.contentType, width: own.photo.width, height: own.photo.height, updatedAt: own.photo.updatedAt.toISOString(), contentBase64: photo.bytes.toString('base64') } : null,
      savedAddresses: own.addresses.map(({ label, street, postcode, city }) => ({ label, street, postcode, city })),
    },
    entries: [
      {
        title: t('export.profile.title'),
        fields: [
          [t('myProfile.nickname'), view.screenName ?? none],
          [t('account.email'), view.email ?? none],
          [t('export.profile.emailVerifiedAt'), view.emailVerifiedAt ? formatDateTime(view.emailVerifiedAt, language) : none],
          [t('export.profile.pendingEmail'), view.pendingEmail ?? none],
          [t('myProfile.phone'), own.phone ?? none],
          [t('export.profile.photo'), own.photo ? `${own.photo.width} × ${own.photo.height} (${formatDateTime(own.photo.updatedAt, language)})` : none],
          ...own.addresses.map((address) => [address.label, `${address.street}, ${address.postcode} ${address.city}`] as [string, string]),
        ],
      },
    ],
  };
}
