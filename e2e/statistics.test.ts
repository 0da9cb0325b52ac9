import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { activateCitizens, organisationApi } from '../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { expectAccessible, launchBrowser } from './browser.ts';

let t: TestPortal;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPortal({ STATISTICS_MIN_COUNT: '2' }, { workers: false }), launchBrowser()]);
  const api = organisationApi(t);
  const adults = DEMO_CITIZENS.slice(0, 3);
  await activateCitizens(t, adults);
  const utrecht = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox'] });
  const uwv = await api.register({ oin: '00000001810220350000', name: 'Uitvoeringsinstituut Werknemersverzekeringen', capabilities: ['inbox'] });
  for (const person of adults) await api.deliver(utrecht, person.bsn);
  for (const person of adults) await api.deliver(uwv, person.bsn);
  t.clock.advance(24 * 60 * 60 * 1000);
  await t.portal.modules.statistics.publisher.runOnce();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the open-data statistics page', () => {
  for (const language of ['nl', 'en'] as const) {
    it(`R28: the figures read as tables at 320 px and 1280 px without sideways scrolling and without axe violations (${language})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${t.baseUrl}/statistieken?lang=${language}`);
        expect(await page.locator('h1').first().textContent()).toContain(language === 'nl' ? 'Cijfers over het gebruik' : 'Figures on the use');
        expect(await page.getByTestId('statistics-messages-delivered').getByRole('row').count()).toBeGreaterThan(1);
        expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)).toBe(false);
        await expectAccessible(page);
        if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/statistics-${language}-${width}.png`, fullPage: true });
      }
      await context.close();
    }, 120_000);
  }
});
