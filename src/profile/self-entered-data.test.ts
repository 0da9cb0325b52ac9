import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldContext } from '../identity/index.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { citizenIdOf, loggedInClient } from '../../test/fixtures.ts';
import type { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { PHOTO_MAX_SIDE, PHOTO_MAX_STORED_BYTES, PHOTO_MAX_UPLOAD_BYTES } from './photo.ts';
import { addressContext } from './self-entered-data.ts';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(async () => {
  await t.close();
});

/** A large JPEG carrying EXIF with a camera owner and GPS position, as a phone would write it. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1600, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .withExif({
      IFD0: { Artist: 'Jan Jansen', Copyright: 'Jan Jansen', Make: 'PhoneMaker', Model: 'Phone 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 5/1 2/1', GPSLongitudeRef: 'E', GPSLongitude: '4/1 53/1 4/1' },
    })
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function csrfOf(client: HttpClient): Promise<string> {
  const { html } = await client.text('/mijn-profiel');
  return /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
}

/** Posts the photo form as a browser does: the token field first, then the file. */
async function uploadPhoto(client: HttpClient, input: { bytes: Buffer; type: string; name: string; csrf: string | null }) {
  const form = new FormData();
  if (input.csrf !== null) form.append('_csrf', input.csrf);
  form.append('photo', new Blob([new Uint8Array(input.bytes)], { type: input.type }), input.name);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(new URL('/mijn-profiel/foto', t.baseUrl), { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
  const page = await client.follow(response);
  return { status: page.status, html: await page.text() };
}

/** Every bytea and text column of every table that holds exactly this value or contains this text. */
async function placesHolding(value: { bytes?: Uint8Array; text?: string }): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() and data_type in ('bytea', 'text')`.execute(t.portal.db);
  const found: string[] = [];
  for (const column of columns.rows) {
    const ref = sql.ref(`${column.table_name}.${column.column_name}`);
    const condition = column.data_type === 'bytea' ? (value.bytes ? sql`${ref} = ${Buffer.from(value.bytes)}` : null) : value.text ? sql`position(${value.text} in ${ref}) > 0` : null;
    if (!condition) continue;
    const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(column.table_name)} where ${condition}`.execute(t.portal.db);
    if (Number(row.rows[0]?.n) > 0) found.push(`${column.table_name}.${column.column_name}`);
  }
  return found;
}

describe('Mijn profiel', () => {
  it('R18: the page says in one sentence that entering a value is consent, in Dutch and English', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[0]!.bsn);
    const nl = await client.text('/mijn-profiel');
    expect(nl.status).toBe(200);
    expect(nl.html).toMatch(/data-testid="consent">Wat u hier invult, bewaren wij omdat u het zelf invult: daarmee geeft u toestemming/);
    const en = await client.text('/mijn-profiel?lang=en');
    expect(en.html).toMatch(/data-testid="consent">We keep what you enter here because you enter it yourself: that is your consent/);
    for (const label of ['Nickname', 'Phone number', 'Profile photo', 'Saved addresses']) expect(en.html).toContain(label);
  });

  it('R18: an uploaded photo is re-encoded without EXIF or GPS, bounded in pixels and bytes, stored encrypted and served only privately', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[0]!.bsn);
    const citizenId = await citizenIdOf(t, DEMO_CITIZENS[0]!.bsn);
    const original = await photoWithGps();
    const before = await sharp(original).metadata();
    expect(before.exif?.toString('latin1')).toContain('Jan Jansen');
    expect(before.width).toBe(2400);

    const saved = await uploadPhoto(client, { bytes: original, type: 'image/jpeg', name: 'vakantie.jpg', csrf: await csrfOf(client) });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Uw profielfoto is opgeslagen.');
    expect(saved.html).toMatch(/<img class="bp-profile-photo" src="\/mijn-profiel\/foto\?v=\d+" alt="Uw profielfoto"/);

    const row = await t.portal.db.selectFrom('profile_photos').selectAll().where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    // At rest only ciphertext: no JPEG header, nothing of the EXIF.
    expect(Buffer.from(row.photo_encrypted).subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    const stored = t.portal.keyring.decrypt(row.photo_encrypted, fieldContext(citizenId, 'photo'));
    const served = await client.get('/mijn-profiel/foto');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('cache-control')).toBe('private, no-store');
    const servedBytes = Buffer.from(await served.arrayBuffer());
    expect(servedBytes.equals(stored)).toBe(true);

    for (const image of [stored, servedBytes]) {
      const meta = await sharp(image).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(PHOTO_MAX_SIDE);
      expect(image.length).toBeLessThanOrEqual(PHOTO_MAX_STORED_BYTES);
      const latin = image.toString('latin1');
      for (const trace of ['Exif', 'Jan Jansen', 'PhoneMaker', 'GPS']) expect(latin).not.toContain(trace);
    }
    expect(row.width).toBe(512);
    expect(row.height).toBe(341);
    expect(row.byte_size).toBe(stored.length);

    // Another citizen gets no photo at that address, and someone logged out gets the login page.
    const other = await loggedInClient(t, DEMO_CITIZENS[1]!.bsn);
    expect((await other.get('/mijn-profiel/foto')).status).toBe(404);
    expect((await fetch(new URL('/mijn-profiel/foto', t.baseUrl))).status).toBe(401);
  });

  it('R18: a GIF, an SVG, a file that is no image, a file over 5 MB and an upload without the form token are refused, and nothing is stored', async () => {
    const client = await loggedInClient(t, DEMO_CITIZENS[2]!.bsn);
    const citizenId = await citizenIdOf(t, DEMO_CITIZENS[2]!.bsn);
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#00f' } }).gif().toBuffer();
    const refusedGif = await uploadPhoto(client, { bytes: gif, type: 'image/gif', name: 'a.gif', csrf: await csrfOf(client) });
    expect(refusedGif.status).toBe(415);
    expect(refusedGif.html).toContain('Dit bestand is geen JPEG-, PNG- of WebP-foto.');
    expect(refusedGif.html).toContain('aria-invalid="true"');
    // An SVG named .jpg: decodable, but not one of the accepted formats.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20"/></svg>');
    expect((await uploadPhoto(client, { bytes: svg, type: 'image/jpeg', name: 'x.jpg', csrf: await csrfOf(client) })).status).toBe(415);
    const notImage = await uploadPhoto(client, { bytes: Buffer.from('dit is geen foto'), type: 'image/jpeg', name: 'x.jpg', csrf: await csrfOf(client) });
    expect(notImage.status).toBe(400);
    expect(notImage.html).toContain('Wij konden deze foto niet lezen.');
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const noToken = await uploadPhoto(client, { bytes: png, type: 'image/png', name: 'a.png', csrf: null });
    expect(noToken.status).toBe(403);
    const wrongToken = await uploadPhoto(client, { bytes: png, type: 'image/png', name: 'a.png', csrf: 'not-a-token' });
    expect(wrongToken.status).toBe(403);
    // Beyond the upload limit the file is not read to its end, and the citizen is told.
    const huge = Buffer.concat([await photoWithGps(), Buffer.alloc(PHOTO_MAX_UPLOAD_BYTES)]);
    const tooLarge = await uploadPhoto(client, { bytes: huge, type: 'image/jpeg', name: 'groot.jpg', csrf: await csrfOf(client) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.html).toContain('Deze foto is te groot.');
    expect(await t.portal.db.selectFrom('profile_photos').selectAll().where('citizen_id', '=', citizenId).execute()).toHaveLength(0);
    // A PNG with the token is accepted (and stored as JPEG).
    const ok = await uploadPhoto(client, { bytes: png, type: 'image/png', name: 'a.png', csrf: await csrfOf(client) });
    expect(ok.status).toBe(200);
    const row = await t.portal.db.selectFrom('profile_photos').selectAll().where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    expect(row.content_type).toBe('image/jpeg');
    expect([row.width, row.height]).toEqual([40, 30]);
  });

  it('R18: changing or removing a value leaves no old value anywhere in the database', async () => {
    const person = DEMO_CITIZENS[1]!;
    const client = await loggedInClient(t, person.bsn);
    const citizenId = await citizenIdOf(t, person.bsn);
    const profileRow = () => t.portal.db.selectFrom('citizen_profiles').selectAll().where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();

    // Phone number: the old ciphertext is gone from every column of every table.
    expect((await client.submit('/mijn-profiel', '/mijn-profiel/telefoon', { phone: '06 11111111' })).html).toContain('Uw telefoonnummer is opgeslagen.');
    const oldPhone = (await profileRow()).phone_encrypted;
    expect(oldPhone).not.toBeNull();
    expect(await placesHolding({ bytes: oldPhone ?? undefined })).toEqual(['citizen_profiles.phone_encrypted']);
    const changed = await client.submit('/mijn-profiel', '/mijn-profiel/telefoon', { phone: '+31 20 2222222' });
    expect(changed.html).toContain('value="+31 20 2222222"');
    const newPhone = (await profileRow()).phone_encrypted;
    expect(t.portal.keyring.decryptText(newPhone ?? new Uint8Array(), fieldContext(citizenId, 'phone'))).toBe('+31 20 2222222');
    expect(await placesHolding({ bytes: oldPhone ?? undefined })).toEqual([]);
    // Nothing readable either: not the old number, not the new one (all at rest is encrypted, logs hold no values).
    expect(await placesHolding({ text: '11111111' })).toEqual([]);
    expect(await placesHolding({ text: '2222222' })).toEqual([]);
    const invalid = await client.submit('/mijn-profiel', '/mijn-profiel/telefoon', { phone: 'bel me' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('Vul een telefoonnummer in met 6 tot 15 cijfers');
    await client.submit('/mijn-profiel', '/mijn-profiel/telefoon/verwijderen', {});
    expect((await profileRow()).phone_encrypted).toBeNull();
    expect(await placesHolding({ bytes: newPhone ?? undefined })).toEqual([]);

    // Nickname (the screen name): replaced in place.
    await client.submit('/mijn-profiel', '/mijn-profiel/roepnaam', { nickname: 'Fa' });
    const oldName = (await profileRow()).screen_name_encrypted;
    const named = await client.submit('/mijn-profiel', '/mijn-profiel/roepnaam', { nickname: 'Fatima' });
    expect(named.html).toMatch(/class="bp-header__name">Fatima</);
    expect(await placesHolding({ bytes: oldName ?? undefined })).toEqual([]);

    // Photo: one row, overwritten; the first photo's ciphertext is gone.
    const first = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#0a0' } }).jpeg().toBuffer();
    const second = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#00a' } }).webp().toBuffer();
    await uploadPhoto(client, { bytes: first, type: 'image/jpeg', name: 'a.jpg', csrf: await csrfOf(client) });
    const firstStored = (await t.portal.db.selectFrom('profile_photos').selectAll().where('citizen_id', '=', citizenId).executeTakeFirstOrThrow()).photo_encrypted;
    await uploadPhoto(client, { bytes: second, type: 'image/webp', name: 'b.webp', csrf: await csrfOf(client) });
    const photos = await t.portal.db.selectFrom('profile_photos').selectAll().where('citizen_id', '=', citizenId).execute();
    expect(photos).toHaveLength(1);
    expect([photos[0]?.width, photos[0]?.height]).toEqual([60, 40]);
    expect(await placesHolding({ bytes: firstStored })).toEqual([]);
    await client.submit('/mijn-profiel', '/mijn-profiel/foto/verwijderen', {});
    expect(await t.portal.db.selectFrom('profile_photos').selectAll().where('citizen_id', '=', citizenId).execute()).toHaveLength(0);
    expect((await client.get('/mijn-profiel/foto')).status).toBe(404);

    // Addresses: several with their own label; removing one deletes its row.
    const holiday = await client.submit('/mijn-profiel', '/mijn-profiel/adressen', { label: 'Vakantieadres', street: 'Duinweg 1', postcode: '1234 AB', city: 'Zandvoort' });
    expect(holiday.html).toContain('Het adres is opgeslagen.');
    await client.submit('/mijn-profiel', '/mijn-profiel/adressen', { label: 'Zorgadres', street: 'Zorglaan 7', postcode: '', city: 'Utrecht' });
    const rows = await t.portal.db.selectFrom('saved_addresses').selectAll().where('citizen_id', '=', citizenId).orderBy('created_at').execute();
    expect(rows.map((row) => t.portal.keyring.decryptText(row.label_encrypted, addressContext(citizenId, row.address_id, 'label')))).toEqual(['Vakantieadres', 'Zorgadres']);
    const page = await client.text('/mijn-profiel');
    expect(page.html).toContain('Duinweg 1');
    expect(page.html).toContain('Zorglaan 7');
    const holidayRow = rows[0]!;
    const incomplete = await client.submit('/mijn-profiel', '/mijn-profiel/adressen', { label: 'Leeg', street: '', postcode: '', city: '' });
    expect(incomplete.status).toBe(400);
    // Another citizen cannot remove it: 404, and the row stays.
    const other = await loggedInClient(t, DEMO_CITIZENS[0]!.bsn);
    expect((await other.submit('/mijn-profiel', `/mijn-profiel/adressen/${holidayRow.address_id}/verwijderen`, {})).status).toBe(404);
    expect((await client.submit('/mijn-profiel', `/mijn-profiel/adressen/${holidayRow.address_id}/verwijderen`, {})).html).toContain('Het adres is verwijderd.');
    expect(await placesHolding({ bytes: holidayRow.address_encrypted })).toEqual([]);
    expect(await placesHolding({ bytes: holidayRow.label_encrypted })).toEqual([]);
    expect(await t.portal.db.selectFrom('saved_addresses').selectAll().where('citizen_id', '=', citizenId).execute()).toHaveLength(1);

    // Every change is in the usage history (processing log), without the values.
    const account = await client.text('/mijn-account');
    const actions = /data-testid="activity-history">([\s\S]*?)<\/table>/.exec(account.html)?.[1] ?? '';
    for (const label of ['Telefoonnummer gewijzigd', 'Telefoonnummer verwijderd', 'Profielfoto gewijzigd', 'Profielfoto verwijderd', 'Adres opgeslagen', 'Adres verwijderd']) expect(actions).toContain(label);
    const log = await t.portal.db.selectFrom('processing_log').select(['operation_name', 'actor_citizen_id', 'detail']).where('data_subject_id', '=', citizenId).where('operation_name', 'in', ['phone-changed', 'address-added', 'photo-changed']).execute();
    expect(log.length).toBeGreaterThanOrEqual(5);
    expect(log.every((entry) => entry.actor_citizen_id === citizenId && entry.detail === null)).toBe(true);
    expect(t.logText()).not.toContain('2222222');
    expect(t.logText()).not.toContain('Duinweg');
  });
});
