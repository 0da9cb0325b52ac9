import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../platform/http/errors.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import type { Profile } from './email-verification.ts';
import { PHOTO_MAX_UPLOAD_BYTES, PhotoRefused } from './photo.ts';
import { ProfilePage, type ProfileField, type ProfileNotice } from './profile-page.tsx';
import { hasHiddenControls } from './screen-name.ts';
import { ADDRESS_LIMITS, isPlausiblePhone, type SelfEnteredData } from './self-entered-data.ts';

/** Outcomes in the redirect URL (post/redirect/get): F5 and the language switch show them again; no personal data. */
const OUTCOMES = {
  'roepnaam-opgeslagen': { kind: 'ok', key: 'myProfile.nickname.saved', status: 200 },
  'roepnaam-te-lang': { kind: 'error', key: 'account.screenName.tooLong', field: 'nickname', status: 400 },
  'roepnaam-tekens': { kind: 'error', key: 'myProfile.characters', field: 'nickname', status: 400 },
  'telefoon-opgeslagen': { kind: 'ok', key: 'myProfile.phone.saved', status: 200 },
  'telefoon-ongeldig': { kind: 'error', key: 'myProfile.phone.invalid', field: 'phone', status: 400 },
  'telefoon-verwijderd': { kind: 'ok', key: 'myProfile.phone.removed', status: 200 },
  'foto-opgeslagen': { kind: 'ok', key: 'myProfile.photo.saved', status: 200 },
  'foto-leeg': { kind: 'error', key: 'myProfile.photo.empty', field: 'photo', status: 400 },
  'foto-soort': { kind: 'error', key: 'myProfile.photo.type', field: 'photo', status: 415 },
  'foto-onleesbaar': { kind: 'error', key: 'myProfile.photo.unreadable', field: 'photo', status: 400 },
  'foto-te-groot': { kind: 'error', key: 'myProfile.photo.tooLarge', field: 'photo', status: 413 },
  'foto-verwijderd': { kind: 'ok', key: 'myProfile.photo.removed', status: 200 },
  'adres-opgeslagen': { kind: 'ok', key: 'myProfile.address.saved', status: 200 },
  'adres-onvolledig': { kind: 'error', key: 'myProfile.address.incomplete', field: 'address-label', status: 400 },
  'adres-te-lang': { kind: 'error', key: 'myProfile.address.tooLong', field: 'address-label', status: 400 },
  'adres-tekens': { kind: 'error', key: 'myProfile.characters', field: 'address-label', status: 400 },
  'adres-te-veel': { kind: 'error', key: 'myProfile.address.tooMany', field: 'address-label', status: 409 },
  'adres-verwijderd': { kind: 'ok', key: 'myProfile.address.removed', status: 200 },
} as const satisfies Record<string, { kind: 'ok' | 'error'; key: string; field?: ProfileField; status: number }>;
type Outcome = keyof typeof OUTCOMES;

const PROFILE_PATH = '/mijn-profiel';
const outcomeUrl = (outcome: Outcome) => `${PROFILE_PATH}?melding=${outcome}`;
const REFUSAL_OUTCOME = { type: 'foto-soort', unreadable: 'foto-onleesbaar', 'too-large': 'foto-te-groot' } as const satisfies Record<PhotoRefused['reason'], Outcome>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const text = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** Reads a multipart form whose `_csrf` field comes first: the token is checked before the file is read. */
async function readPhotoUpload(request: FastifyRequest): Promise<Buffer | 'too-large' | null> {
  let checked = false;
  let upload: Buffer | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: PHOTO_MAX_UPLOAD_BYTES } })) {
      if (part.type === 'field') {
        if (part.fieldname === '_csrf') {
          request.assertCsrfToken(part.value);
          checked = true;
        }
        continue;
      }
      if (!checked) request.assertCsrfToken(undefined);
      const bytes = await part.toBuffer();
      if (part.fieldname === 'photo') upload = bytes;
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return 'too-large';
    if (error instanceof HttpError) throw error;
    if (typeof (error as { code?: string }).code === 'string' && (error as { code: string }).code.startsWith('FST_')) return null;
    throw error;
  }
  if (!checked) request.assertCsrfToken(undefined);
  return upload && upload.length > 0 ? upload : null;
}

/** Mijn profiel (R18): nickname, phone number, profile photo and saved addresses. */
export function profilePageRoutes(app: FastifyInstance, deps: { profile: Profile; selfEntered: SelfEnteredData }): void {
  const { profile, selfEntered } = deps;

  app.get(PROFILE_PATH, async (request, reply) => {
    const context = requireCitizen(request);
    const citizenId = context.subject.citizenId;
    const asked = (request.query as { melding?: unknown }).melding;
    const found = typeof asked === 'string' && asked in OUTCOMES ? OUTCOMES[asked as Outcome] : null;
    const notice: ProfileNotice | null = found ? { kind: found.kind, text: request.t(found.key), ...('field' in found ? { field: found.field } : {}) } : null;
    const [nickname, data] = await Promise.all([profile.screenName(citizenId), selfEntered.view(citizenId)]);
    return reply.page({
      status: found?.status ?? 200,
      error: found?.kind === 'error',
      title: request.t('myProfile.title'),
      body: <ProfilePage t={request.t} csrf={request.csrfToken() ?? ''} notice={notice} nickname={nickname} {...data} />,
    });
  });

  // The same value as the screen name on Mijn account: the name we address the citizen by.
  app.post('/mijn-profiel/roepnaam', async (request, reply) => {
    const context = requireCitizen(request);
    const nickname = text(request.body, 'nickname');
    if (nickname.length > 50) return reply.redirect(outcomeUrl('roepnaam-te-lang'), 303);
    if (hasHiddenControls(nickname)) return reply.redirect(outcomeUrl('roepnaam-tekens'), 303);
    await profile.setScreenName({ acting: context, screenName: nickname });
    return reply.redirect(outcomeUrl('roepnaam-opgeslagen'), 303);
  });

  app.post('/mijn-profiel/telefoon', async (request, reply) => {
    const context = requireCitizen(request);
    const phone = text(request.body, 'phone');
    if (!isPlausiblePhone(phone)) return reply.redirect(outcomeUrl('telefoon-ongeldig'), 303);
    await selfEntered.setPhone({ acting: context, phone });
    return reply.redirect(outcomeUrl('telefoon-opgeslagen'), 303);
  });

  app.post('/mijn-profiel/telefoon/verwijderen', async (request, reply) => {
    const context = requireCitizen(request);
    await selfEntered.setPhone({ acting: context, phone: '' });
    return reply.redirect(outcomeUrl('telefoon-verwijderd'), 303);
  });

  app.post('/mijn-profiel/foto', { config: { csrfCheckedByRoute: true } }, async (request, reply) => {
    const context = requireCitizen(request);
    if (!request.isMultipart()) return reply.redirect(outcomeUrl('foto-leeg'), 303);
    const upload = await readPhotoUpload(request);
    if (upload === 'too-large') return reply.redirect(outcomeUrl('foto-te-groot'), 303);
    if (!upload) return reply.redirect(outcomeUrl('foto-leeg'), 303);
    try {
      await selfEntered.setPhoto({ acting: context, upload });
    } catch (error) {
      if (error instanceof PhotoRefused) return reply.redirect(outcomeUrl(REFUSAL_OUTCOME[error.reason]), 303);
      throw error;
    }
    return reply.redirect(outcomeUrl('foto-opgeslagen'), 303);
  });

  app.post('/mijn-profiel/foto/verwijderen', async (request, reply) => {
    const context = requireCitizen(request);
    await selfEntered.removePhoto({ acting: context });
    return reply.redirect(outcomeUrl('foto-verwijderd'), 303);
  });

  // Only the citizen themselves sees the photo; never cached by anyone but their own browser session.
  app.get('/mijn-profiel/foto', async (request, reply) => {
    const context = requireCitizen(request);
    if (context.actor.citizenId !== context.subject.citizenId) throw new HttpError(404, 'not-found');
    const photo = await selfEntered.photo(context.subject.citizenId);
    if (!photo) throw new HttpError(404, 'not-found');
    return reply
      .header('Cache-Control', 'private, no-store')
      .header('Content-Disposition', 'inline; filename="profielfoto.jpg"')
      .type(photo.contentType)
      .send(photo.bytes);
  });

  app.post('/mijn-profiel/adressen', async (request, reply) => {
    const context = requireCitizen(request);
    const address = { label: text(request.body, 'label'), street: text(request.body, 'street'), postcode: text(request.body, 'postcode'), city: text(request.body, 'city') };
    if (!address.label || !address.street || !address.city) return reply.redirect(outcomeUrl('adres-onvolledig'), 303);
    if ((Object.keys(ADDRESS_LIMITS) as (keyof typeof ADDRESS_LIMITS)[]).some((field) => address[field].length > ADDRESS_LIMITS[field])) return reply.redirect(outcomeUrl('adres-te-lang'), 303);
    if (Object.values(address).some(hasHiddenControls)) return reply.redirect(outcomeUrl('adres-tekens'), 303);
    const added = await selfEntered.addAddress({ acting: context, address });
    return reply.redirect(outcomeUrl(added ? 'adres-opgeslagen' : 'adres-te-veel'), 303);
  });

  app.post('/mijn-profiel/adressen/:addressId/verwijderen', async (request, reply) => {
    const context = requireCitizen(request);
    const { addressId } = request.params as { addressId: string };
    // Someone else's (or an unknown) address is not found: no hint that it exists.
    if (!UUID.test(addressId) || !(await selfEntered.removeAddress({ acting: context, addressId }))) throw new HttpError(404, 'not-found');
    return reply.redirect(outcomeUrl('adres-verwijderd'), 303);
  });
}
