import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { expectAccessible, launchBrowser, loginByMouse } from './browser.ts';

let t: TestPortal;
let browser: Browser;
beforeAll(async () => {
  // The development demo store (src/dev), as `npm start` runs it.
  [t, browser] = await Promise.all([startTestPortal({ EXTERNAL_MAILBOX_DEMO: 'true' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const SCREENSHOTS = process.env.SCREENSHOT_DIR;

/** At 320 px: no sideways scrolling, axe clean; screenshots at 320 and 1280 px when SCREENSHOT_DIR is set. */
async function checkAt320(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth), `${name} scrolls sideways at 320 px`).toBe(false);
  await expectAccessible(page);
  if (SCREENSHOTS) {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-320.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 320, height: 640 });
  }
}

describe('Berichtenboxen van andere organisaties in Chromium', () => {
  it('R19: give consent, see and open the store’s message and its attachment, withdraw; axe clean in Dutch and English at 320 px', async () => {
    const demo = t.portal.standIns?.magazijnDemo;
    expect(demo).toBeTruthy();
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await loginByMouse(page, t.baseUrl, 'Fatima El Amrani');
    await page.goto(`${t.baseUrl}/berichten`);
    const section = page.getByTestId('external-inbox');
    expect(await section.textContent()).toContain('Met uw toestemming ziet u ze hier.');
    await checkAt320(page, 'inbox-without-consent');
    await section.getByRole('link', { name: 'Kies welke berichtenboxen van andere organisaties u hier ziet' }).click();
    await page.waitForURL(/\/instellingen\/andere-berichtenboxen$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Berichtenboxen van andere organisaties');
    await checkAt320(page, 'consent-page');
    await page.getByRole('button', { name: 'Toestemming geven voor Waterschap De Demo-Polder' }).click();
    expect(await page.getByTestId('notice').textContent()).toContain('U heeft toestemming gegeven voor Waterschap De Demo-Polder');
    await checkAt320(page, 'consent-given');
    await page.goto(`${t.baseUrl}/instellingen/andere-berichtenboxen?lang=en`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Message boxes of other organisations');
    await checkAt320(page, 'consent-page-en');

    await page.goto(`${t.baseUrl}/berichten?lang=nl`);
    const rows = page.getByTestId('external-row');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().getByTestId('external-source').textContent()).toContain('Berichtenbox van Waterschap De Demo-Polder');
    await checkAt320(page, 'inbox-with-external');
    await page.getByRole('link', { name: 'Aanslag watersysteemheffing 2026' }).click();
    expect(await page.getByTestId('external-message-source').textContent()).toBe('Bron: berichtenbox van Waterschap De Demo-Polder');
    await checkAt320(page, 'external-message');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'aanslag-2026.pdf downloaden' }).click();
    expect((await download).suggestedFilename()).toBe('aanslag-2026.pdf');
    await page.goto(`${page.url()}?lang=en`);
    expect(await page.getByTestId('external-message-source').textContent()).toBe('Source: message box of Waterschap De Demo-Polder');
    await checkAt320(page, 'external-message-en');
    await page.goto(`${t.baseUrl}/berichten?lang=en`);
    await checkAt320(page, 'inbox-with-external-en');

    await page.goto(`${t.baseUrl}/instellingen/andere-berichtenboxen?lang=nl`);
    await page.getByRole('button', { name: 'Toestemming intrekken voor Waterschap De Demo-Polder' }).click();
    expect(await page.getByTestId('notice').textContent()).toContain('ingetrokken');
    const before = demo?.requestCount ?? 0;
    await page.goto(`${t.baseUrl}/berichten`);
    expect(await page.getByTestId('external-row').count()).toBe(0);
    expect(demo?.requestCount).toBe(before);
    await context.close();
  });

  it('R19: with the store down, the inbox still shows its own part and a readable note; axe clean', async () => {
    const demo = t.portal.standIns?.magazijnDemo;
    const context = await browser.newContext();
    const page = await context.newPage();
    await loginByMouse(page, t.baseUrl, 'Johanna de Vries');
    await page.goto(`${t.baseUrl}/instellingen/andere-berichtenboxen`);
    await page.getByRole('button', { name: 'Toestemming geven voor Waterschap De Demo-Polder' }).click();
    if (demo) demo.mode = 'unavailable';
    await page.goto(`${t.baseUrl}/berichten`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Berichten');
    expect(await page.getByTestId('external-unavailable').textContent()).toContain('De berichtenbox van Waterschap De Demo-Polder is nu niet bereikbaar');
    await checkAt320(page, 'inbox-store-down');
    await page.goto(`${t.baseUrl}/berichten?lang=en`);
    expect(await page.getByTestId('external-unavailable').textContent()).toContain('cannot be reached right now');
    await checkAt320(page, 'inbox-store-down-en');
    if (demo) demo.mode = 'normal';
    await context.close();
  });
});
