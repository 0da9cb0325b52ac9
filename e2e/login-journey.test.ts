import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { expectAccessible, launchBrowser, loginByMouse, tabTo } from './browser.ts';

let t: TestPortal;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPortal(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function sessionCookies(context: BrowserContext) {
  return (await context.cookies()).filter((cookie) => cookie.name === '__Host-bp_session');
}

async function openVerificationLinkFromCatcher(page: Page, address: string): Promise<void> {
  await t.portal.mailCatcher!.waitFor((mail) => mail.to.includes(address));
  await page.goto(`${t.baseUrl}/dev/mail`);
  const mail = page.getByTestId('caught-mail').filter({ hasText: address }).first();
  await mail.getByRole('link').click();
}

describe('login journey in Chromium', () => {
  it('R1 R3 R4 R5: login → start page → change e-mail → verify from the caught mail → logout', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(t.baseUrl);
    expect(await sessionCookies(context)).toHaveLength(0);
    await loginByMouse(page, t.baseUrl, 'Johanna de Vries');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welkom, Johanna de Vries');
    expect(await page.getByTestId('unread-count').textContent()).toBe('Ongelezen: 0');
    const [cookie] = await sessionCookies(context);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });

    await page.getByRole('link', { name: 'Mijn account' }).first().click();
    await page.getByLabel('Nieuw e-mailadres').fill('johanna@example.nl');
    await page.getByRole('button', { name: 'Bevestigingslink versturen' }).click();
    expect(await page.getByTestId('notice').textContent()).toContain('johanna@example.nl');
    expect(await page.getByTestId('email-status').textContent()).toContain('U heeft geen e-mailadres ingesteld');

    await openVerificationLinkFromCatcher(page, 'johanna@example.nl');
    expect(await page.getByTestId('confirm-result').textContent()).toContain('Uw e-mailadres is bevestigd');
    await page.getByRole('link', { name: 'Naar Mijn account' }).click();
    expect(await page.getByTestId('email-status').textContent()).toContain('johanna@example.nl (bevestigd op');

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('U bent uitgelogd');
    expect(await sessionCookies(context)).toHaveLength(0);
    await page.goto(`${t.baseUrl}/mijn-account`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('U bent niet (meer) ingelogd');
    await context.close();
  });

  it('R1 R5: the same journey by keyboard only', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(t.baseUrl);
    await tabTo(page, (el) => el.tag === 'a' && el.text === 'Inloggen met DigiD');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/interaction\//);
    // Pick the second person with the arrow keys, keep the preselected level.
    await tabTo(page, (el) => el.tag === 'input' && el.type === 'radio');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Inloggen');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.origin === t.baseUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welkom, Fatima El Amrani');

    await tabTo(page, (el) => el.tag === 'a' && el.text === 'Mijn account');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/mijn-account$/);
    await tabTo(page, (el) => el.tag === 'input' && el.name === 'email');
    await page.keyboard.type('fatima@example.nl');
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Bevestigingslink versturen');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    expect(await page.getByTestId('notice').textContent()).toContain('fatima@example.nl');

    await t.portal.mailCatcher!.waitFor((mail) => mail.to.includes('fatima@example.nl'));
    await page.goto(`${t.baseUrl}/dev/mail`);
    await tabTo(page, (el) => el.tag === 'a' && el.text.includes('/mijn-account/e-mail/bevestigen'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/bevestigen/);
    expect(await page.getByTestId('confirm-result').textContent()).toContain('Uw e-mailadres is bevestigd');

    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Uitloggen');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/uitgelogd/);
    expect(await sessionCookies(context)).toHaveLength(0);
    await context.close();
  });

  it('R3: the skip link is the first thing a keyboard user reaches and moves focus to the content', async () => {
    const page = await browser.newPage();
    await page.goto(t.baseUrl);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Direct naar de inhoud');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inhoud');
    await page.close();
  });

  for (const language of ['nl', 'en'] as const) {
    it(`R1 R4 R5: every page has no axe-core violations (${language})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const visit = async (path: string) => {
        await page.goto(`${t.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${language}`);
        await expectAccessible(page);
      };
      await visit('/');
      await visit('/bestaat-niet');
      await visit('/mijn-account');
      await visit('/uitgelogd');
      await page.goto(`${t.baseUrl}/?lang=${language}`);
      await page.getByRole('link', { name: language === 'nl' ? 'Inloggen met DigiD' : 'Log in with DigiD' }).first().click();
      await page.waitForURL(/\/interaction\//);
      await expectAccessible(page);
      await page.getByLabel('Pieter van den Berg').check();
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.waitForURL((url) => url.origin === t.baseUrl);
      await visit('/');
      await visit('/mijn-account');
      await page.getByLabel(language === 'nl' ? 'Nieuw e-mailadres' : 'New e-mail address').fill('geen-adres');
      await page.getByRole('button', { name: language === 'nl' ? 'Bevestigingslink versturen' : 'Send confirmation link' }).click();
      await expectAccessible(page);
      await page.getByText(language === 'nl' ? 'Toon mijn volledige BSN' : 'Show my full BSN').click();
      await expectAccessible(page);
      await visit('/mijn-account/e-mail/bevestigen?token=onbekend');
      await visit('/dev/mail');
      await page.getByRole('button', { name: language === 'nl' ? 'Uitloggen' : 'Log out' }).click();
      await expectAccessible(page);
      // A refusal page: a child cannot log in.
      await page.goto(`${t.baseUrl}/inloggen?lang=${language}`);
      await page.getByLabel('Daan Jansen').check();
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.waitForURL((url) => url.origin === t.baseUrl);
      expect(await page.getByTestId('refusal-reason').textContent()).toContain(language === 'nl' ? '14 jaar' : '14');
      await expectAccessible(page);
      await context.close();
    });
  }
});
