import type { Translate } from '../platform/i18n.ts';
import { ADDRESS_LIMITS, type SavedAddress } from './self-entered-data.ts';
import { FormNoticeBlock } from './form-notice.tsx';

export type ProfileField = 'nickname' | 'phone' | 'photo' | 'address-label';
export type ProfileNotice = { kind: 'ok' | 'error'; text: string; field?: ProfileField };

export interface ProfilePageProps {
  t: Translate;
  csrf: string;
  notice: ProfileNotice | null;
  nickname: string | null;
  phone: string | null;
  photo: { width: number; height: number; updatedAt: Date } | null;
  addresses: SavedAddress[];
}

function FieldError(props: { notice: ProfileNotice | null; field: ProfileField }) {
  return props.notice?.kind === 'error' && props.notice.field === props.field ? (
    <p class="bp-error" id={`${props.field}-error`}>
      {props.notice.text}
    </p>
  ) : null;
}

/** aria attributes of a field: its hint, and its error when the notice names it. */
function described(notice: ProfileNotice | null, field: ProfileField, hint: boolean) {
  const invalid = notice?.kind === 'error' && notice.field === field;
  const ids = [hint ? `${field}-hint` : null, invalid ? `${field}-error` : null].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': invalid ? ('true' as const) : undefined };
}

/** Mijn profiel (R18): the consent sentence, then nickname, phone, photo and saved addresses, each its own form. */
export function ProfilePage(props: ProfilePageProps) {
  const { t, csrf, notice } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('myProfile.title')}</h1>
      <FormNoticeBlock notice={notice} t={t} />
      <p class="utrecht-paragraph" data-testid="consent">
        {t('myProfile.consent')}
      </p>
      <p class="utrecht-paragraph">{t('myProfile.retention')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/mijn-account">
          {t('myProfile.accountLink')}
        </a>
      </p>

      <section class="bp-card bp-stack" aria-labelledby="nickname-heading">
        <h2 class="utrecht-heading-2" id="nickname-heading">
          {t('myProfile.nickname')}
        </h2>
        <form method="post" action="/mijn-profiel/roepnaam" novalidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <div class="bp-field">
            <label for="nickname">{t('myProfile.nickname.label')}</label>
            <p class="bp-hint" id="nickname-hint">
              {t('myProfile.nickname.hint')}
            </p>
            <FieldError notice={notice} field="nickname" />
            <input id="nickname" name="nickname" type="text" autocomplete="nickname" value={props.nickname ?? ''} {...described(notice, 'nickname', true)} />
          </div>
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {t('myProfile.nickname.save')}
          </button>
        </form>
      </section>

      <section class="bp-card bp-stack" aria-labelledby="phone-heading">
        <h2 class="utrecht-heading-2" id="phone-heading">
          {t('myProfile.phone')}
        </h2>
        <form method="post" action="/mijn-profiel/telefoon" novalidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <div class="bp-field">
            <label for="phone">{t('myProfile.phone.label')}</label>
            <p class="bp-hint" id="phone-hint">
              {t('myProfile.phone.hint')}
            </p>
            <FieldError notice={notice} field="phone" />
            <input id="phone" name="phone" type="tel" autocomplete="tel" value={props.phone ?? ''} {...described(notice, 'phone', true)} />
          </div>
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {t('myProfile.phone.save')}
          </button>
        </form>
        {props.phone ? (
          <form method="post" action="/mijn-profiel/telefoon/verwijderen">
            <input type="hidden" name="_csrf" value={csrf} />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              {t('myProfile.phone.remove')}
            </button>
          </form>
        ) : null}
      </section>

      <section class="bp-card bp-stack" aria-labelledby="photo-heading">
        <h2 class="utrecht-heading-2" id="photo-heading">
          {t('myProfile.photo')}
        </h2>
        {props.photo ? (
          <img
            class="bp-profile-photo"
            src={`/mijn-profiel/foto?v=${props.photo.updatedAt.getTime()}`}
            alt={t('myProfile.photo.alt')}
            width={props.photo.width}
            height={props.photo.height}
            data-testid="profile-photo"
          />
        ) : (
          <p class="utrecht-paragraph">{t('myProfile.photo.none')}</p>
        )}
        {/* The token comes before the file, so the server checks it before reading the upload. */}
        <form method="post" action="/mijn-profiel/foto" enctype="multipart/form-data" novalidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <div class="bp-field">
            <label for="photo">{t('myProfile.photo.file')}</label>
            <p class="bp-hint" id="photo-hint">
              {t('myProfile.photo.hint')}
            </p>
            <FieldError notice={notice} field="photo" />
            <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" {...described(notice, 'photo', true)} />
          </div>
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {t('myProfile.photo.save')}
          </button>
        </form>
        {props.photo ? (
          <form method="post" action="/mijn-profiel/foto/verwijderen">
            <input type="hidden" name="_csrf" value={csrf} />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              {t('myProfile.photo.remove')}
            </button>
          </form>
        ) : null}
      </section>

      <section class="bp-card bp-stack" aria-labelledby="addresses-heading">
        <h2 class="utrecht-heading-2" id="addresses-heading">
          {t('myProfile.addresses')}
        </h2>
        <p class="utrecht-paragraph">{t('myProfile.addresses.hint')}</p>
        {props.addresses.length === 0 ? (
          <p class="utrecht-paragraph">{t('myProfile.addresses.none')}</p>
        ) : (
          <ul class="bp-list-plain bp-stack" data-testid="addresses">
            {props.addresses.map((address) => (
              <li class="bp-stack" data-testid="address">
                <h3 class="utrecht-heading-3">{address.label}</h3>
                <p class="utrecht-paragraph">
                  {address.street}
                  <br />
                  {[address.postcode, address.city].filter(Boolean).join(' ')}
                </p>
                <form method="post" action={`/mijn-profiel/adressen/${address.id}/verwijderen`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                    {t('myProfile.address.remove', { label: address.label })}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/mijn-profiel/adressen" novalidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <h3 class="utrecht-heading-3">{t('myProfile.address.new')}</h3>
          <FieldError notice={notice} field="address-label" />
          <div class="bp-field">
            <label for="address-label">{t('myProfile.address.label')}</label>
            <p class="bp-hint" id="address-label-hint">
              {t('myProfile.address.label.hint')}
            </p>
            <input id="address-label" name="label" type="text" maxlength={ADDRESS_LIMITS.label} {...described(notice, 'address-label', true)} />
          </div>
          <div class="bp-field">
            <label for="address-street">{t('myProfile.address.street')}</label>
            <input id="address-street" name="street" type="text" autocomplete="address-line1" maxlength={ADDRESS_LIMITS.street} />
          </div>
          <div class="bp-field">
            <label for="address-postcode">{t('myProfile.address.postcode')}</label>
            <input id="address-postcode" name="postcode" type="text" autocomplete="postal-code" maxlength={ADDRESS_LIMITS.postcode} />
          </div>
          <div class="bp-field">
            <label for="address-city">{t('myProfile.address.city')}</label>
            <input id="address-city" name="city" type="text" autocomplete="address-level2" maxlength={ADDRESS_LIMITS.city} />
          </div>
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {t('myProfile.address.save')}
          </button>
        </form>
      </section>
    </div>
  );
}
