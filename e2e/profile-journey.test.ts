import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { expectAccessible, launchBrowser, loginByMouse } from './browser.ts';

let t: TestPortal;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPortal(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Where screenshots go for a person to look at (not compared by the test). */
const SHOTS = process.env.SCREENSHOT_DIR;

describe('Mijn profiel in Chromium', () => {
  it('R18: on a 320 px phone the citizen sets a nickname, phone number, photo and address; axe finds nothing in Dutch and English', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await loginByMouse(page, t.baseUrl, 'Fatima El Amrani');
    await page.getByRole('link', { name: 'Mijn profiel' }).first().click();
    await page.waitForURL(/\/mijn-profiel$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mijn profiel');
    expect(await page.getByTestId('consent').textContent()).toContain('daarmee geeft u toestemming');
    await expectAccessible(page);

    await page.getByLabel('Uw roepnaam').fill('Fatima');
    await page.getByRole('button', { name: 'Roepnaam opslaan' }).click();
    expect(await page.getByTestId('notice').textContent()).toBe('Uw roepnaam is opgeslagen.');

    await page.getByLabel('Uw telefoonnummer').fill('06 12345678');
    await page.getByRole('button', { name: 'Telefoonnummer opslaan' }).click();
    expect(await page.getByTestId('notice').textContent()).toBe('Uw telefoonnummer is opgeslagen.');

    // A wrong number comes back with an error summary that links to the field.
    await page.getByLabel('Uw telefoonnummer').fill('bel mij');
    await page.getByRole('button', { name: 'Telefoonnummer opslaan' }).click();
    expect(await page.getByTestId('error-summary').textContent()).toContain('Vul een telefoonnummer in');
    expect(await page.getByLabel('Uw telefoonnummer').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 30, g: 110, b: 160 } } })
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 5/1 2/1' } })
      .jpeg()
      .toBuffer();
    await page.getByLabel('Kies een foto').setInputFiles({ name: 'vakantie.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: 'Foto opslaan' }).click();
    expect(await page.getByTestId('notice').textContent()).toBe('Uw profielfoto is opgeslagen.');
    const image = page.getByRole('img', { name: 'Uw profielfoto' });
    expect(await image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(512);
    expect(await image.evaluate((element) => element.getBoundingClientRect().width)).toBeLessThanOrEqual(320);

    await page.getByLabel('Naam van dit adres').fill('Zorgadres');
    await page.getByLabel('Straat en huisnummer').fill('Zorglaan 7');
    await page.getByLabel('Postcode').fill('3511 AB');
    await page.getByLabel('Plaats').fill('Utrecht');
    await page.getByRole('button', { name: 'Adres opslaan' }).click();
    expect(await page.getByTestId('notice').textContent()).toBe('Het adres is opgeslagen.');
    expect(await page.getByTestId('address').textContent()).toContain('Zorglaan 7');
    expect(await page.locator('.bp-header__name').textContent()).toBe('Fatima');

    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    expect(await sideways()).toBe(false);
    await expectAccessible(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/profile-nl-320.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/profile-nl-1280.png`, fullPage: true });

    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${t.baseUrl}/mijn-profiel?lang=en`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My profile');
    expect(await sideways()).toBe(false);
    await expectAccessible(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/profile-en-320.png`, fullPage: true });

    await page.getByRole('button', { name: 'Remove Zorgadres' }).click();
    expect(await page.getByTestId('notice').textContent()).toBe('The address has been removed.');
    await page.getByRole('button', { name: 'Remove profile photo' }).click();
    expect(await page.getByTestId('notice').textContent()).toBe('Your profile photo has been removed.');
    await expectAccessible(page);
    await context.close();
  }, 120_000);
});
