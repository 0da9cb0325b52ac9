import type { Browser } from 'playwright-core';
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

describe('logout from a stale tab in Chromium', () => {
  it('R3: after a step-up in another tab, "Uitloggen" in the older tab still ends the session', async () => {
    const context = await browser.newContext();
    const older = await context.newPage();
    await loginByMouse(older, t.baseUrl, 'Johanna de Vries', 'midden');
    await older.goto(`${t.baseUrl}/mijn-account`);

    // A second tab logs in again at a higher level: a new session, so the older tab's form token is stale.
    const newer = await context.newPage();
    await newer.goto(`${t.baseUrl}/inloggen?niveau=substantieel`);
    await newer.getByLabel('Johanna de Vries').check();
    await newer.getByRole('button', { name: 'Inloggen' }).click();
    await newer.waitForURL((url) => url.origin === t.baseUrl && !url.pathname.startsWith('/auth'));
    const sessionsBefore = (await context.cookies()).filter((cookie) => cookie.name === '__Host-bp_session');
    expect(sessionsBefore).toHaveLength(1);

    await older.getByRole('button', { name: 'Uitloggen' }).click();
    expect(await older.getByRole('heading', { level: 1 }).textContent()).toBe('U bent uitgelogd');
    expect((await context.cookies()).filter((cookie) => cookie.name === '__Host-bp_session')).toHaveLength(0);
    // The session is gone on the server too: the newer tab is logged out.
    await newer.goto(`${t.baseUrl}/mijn-account`);
    expect(await newer.getByRole('heading', { level: 1 }).textContent()).toBe('U bent niet (meer) ingelogd');
    await context.close();
  });

  for (const language of ['nl', 'en'] as const) {
    it(`R3 R5: the one-button logout page and the session list have no axe-core violations and work by keyboard (${language})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await loginByMouse(page, t.baseUrl, 'Fatima El Amrani');
      await page.goto(`${t.baseUrl}/mijn-account/sessies?lang=${language}`);
      expect(await page.getByTestId('session-row').count()).toBe(1);
      await expectAccessible(page);
      await page.goto(`${t.baseUrl}/uitloggen?lang=${language}`);
      await expectAccessible(page);
      await page.getByTestId('logout-confirm').focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/uitgelogd/);
      expect((await context.cookies()).filter((cookie) => cookie.name === '__Host-bp_session')).toHaveLength(0);
      await context.close();
    });
  }
});
