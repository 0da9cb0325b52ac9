import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

/** With SCREENSHOT_DIR set, keeps full-page screenshots at 320 and 1280 px for a person to look at. */
async function screenshots(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 320, height: 640 });
}

/** Whether the page scrolls sideways (WCAG 1.4.10 asks that it does not at 320 CSS px). */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Axe and reflow at 320 px in Dutch and in English, on the page as it is now. */
async function accessibleInBothLanguages(page: Page): Promise<void> {
  await page.setViewportSize({ width: 320, height: 640 });
  await expectAccessible(page);
  expect(await scrollsSideways(page)).toBe(false);
  const url = new URL(page.url());
  url.searchParams.set('lang', 'en');
  await page.goto(url.toString());
  await expectAccessible(page);
  expect(await scrollsSideways(page)).toBe(false);
  url.searchParams.set('lang', 'nl');
  await page.goto(url.toString());
}

describe('rights journeys in Chromium', () => {
  it('R20: from the start page the citizen downloads their data as PDF and JSON; axe clean in Dutch and English at 320 px', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await loginByMouse(page, t.baseUrl, 'Fatima El Amrani');
    await page.getByRole('link', { name: 'Mijn rechten' }).first().click();
    await page.waitForURL(/\/mijn-rechten$/);
    await accessibleInBothLanguages(page);
    await screenshots(page, 'rights');
    await page.getByRole('link', { name: 'Download mijn gegevens' }).click();
    await page.waitForURL(/\/mijn-rechten\/inzage$/);
    await page.getByLabel('De bijlagen zelf meesturen (in het JSON-bestand)').check();
    await page.getByRole('button', { name: 'Download mijn gegevens' }).click();
    await page.waitForURL(/melding=klaar/);
    expect(await page.getByTestId('notice').textContent()).toBe('Uw bestanden zijn klaar.');
    await accessibleInBothLanguages(page);
    await screenshots(page, 'export');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').first().click()]);
    const pdfBytes = fs.readFileSync((await pdf.path()) ?? '');
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').first().click()]);
    const exported = JSON.parse(fs.readFileSync((await json.path()) ?? '', 'utf8')) as { format: string; sections: Record<string, unknown> };
    expect(exported.format).toBe('burgerportaal-export/1');
    expect(Object.keys(exported.sections)).toEqual(expect.arrayContaining(['account', 'profile', 'messages', 'cases', 'notifications', 'rightsRequests']));
    await context.close();
  });

  it('R21: the citizen asks the register authority to correct data, fixes a form error first, and follows the status; axe clean in Dutch and English at 320 px', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await loginByMouse(page, t.baseUrl, 'Fatima El Amrani');
    await page.goto(`${t.baseUrl}/mijn-rechten`);
    await page.locator('tr[data-kind="brp"]').getByRole('link', { name: 'Verzoek indienen' }).click();
    await page.waitForURL(/\/mijn-rechten\/verzoek\?soort=brp$/);
    expect(await page.getByLabel('Over welke gegevens gaat het?').inputValue()).toBe('brp');
    await page.getByRole('button', { name: 'Verzoek versturen' }).click();
    const summary = page.getByTestId('error-summary');
    expect(await summary.textContent()).toContain('Kies wat u wilt.');
    expect(await summary.textContent()).toContain('Schrijf een uitleg');
    await expectAccessible(page);
    await screenshots(page, 'request-error');
    await page.getByLabel('Gegevens verbeteren').check();
    await page.getByLabel('Uitleg').fill('Mijn huisnummer heeft een toevoeging: 12 bis.');
    await page.getByRole('button', { name: 'Verzoek versturen' }).click();
    await page.waitForURL(/\/mijn-rechten\/verzoeken\/[0-9a-f-]{36}\?melding=verstuurd$/);
    expect(await page.getByTestId('request-status').textContent()).toBe('Doorgestuurd');
    expect(await page.getByTestId('request-deadline').textContent()).toMatch(/\d{4}/);
    await accessibleInBothLanguages(page);
    await screenshots(page, 'request-status');
    await page.getByRole('link', { name: 'Terug naar Mijn rechten' }).click();
    expect(await page.getByTestId('requests').textContent()).toContain('Doorgestuurd');
    await page.goto(`${t.baseUrl}/mijn-rechten/verzoek`);
    await accessibleInBothLanguages(page);
    await screenshots(page, 'request-form');
    await context.close();
  });
});
