import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdministrator, totpCode } from '../test/console.ts';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { expectAccessible, launchBrowser } from './browser.ts';

let t: TestPortal;
let browser: Browser;
const admin = { username: 'beheerder', password: '', totpSecret: '' };
const contact = { username: 'contact.testdorp', password: 'lange zin als wachtwoord voor testdorp', totpSecret: '' };
const SHOTS = process.env.SCREENSHOT_DIR ?? '';

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPortal(), launchBrowser()]);
  // As `burgerportaal admin create` does it.
  const created = await bootstrapAdministrator(t);
  admin.password = created.password;
  admin.totpSecret = created.totpSecret;
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Logs in to the console by typing, as a person with an authenticator app would. */
async function logIn(page: Page, who: { username: string; password: string; totpSecret: string }, language: 'nl' | 'en' = 'nl') {
  await page.goto(`${t.baseUrl}/beheer${language === 'en' ? '?lang=en' : ''}`);
  await page.waitForURL(/\/beheer\/inloggen/);
  await page.getByLabel(language === 'nl' ? 'Gebruikersnaam' : 'Username').fill(who.username);
  await page.getByLabel(language === 'nl' ? 'Wachtwoord' : 'Password').fill(who.password);
  await page.getByRole('button', { name: language === 'nl' ? 'Verder' : 'Continue' }).click();
  await page.getByLabel(language === 'nl' ? 'Code van 6 cijfers' : '6-digit code').fill(await totpCode(t, who.totpSecret));
  await page.getByRole('button', { name: language === 'nl' ? 'Inloggen' : 'Log in' }).click();
  await page.waitForURL(/\/beheer$/);
  // The next login of the same account needs the next code.
  t.clock.advance(30_000);
}

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('operator console in Chromium', () => {
  it('R26: the bootstrapped administrator logs in with TOTP, registers an organisation and a contact account with a second factor; the contact sees only their figures', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, admin);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welkom, Bea Beheer');
    const [cookie] = (await context.cookies()).filter((c) => c.name === '__Host-bp_console');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    expect((await context.cookies()).map((c) => c.name)).not.toContain('__Host-bp_session');

    await page.getByRole('link', { name: 'Organisaties' }).first().click();
    await page.getByLabel('Naam').fill('Gemeente Testdorp');
    await page.getByLabel('OIN').fill('00000001234567890000');
    await page.getByLabel('Zaken').check();
    await page.getByLabel('Verplicht kanaal').check();
    await page.getByRole('button', { name: 'Organisatie aansluiten' }).click();
    expect(await page.getByTestId('notice').textContent()).toContain('De organisatie is aangesloten');
    expect(await t.portal.organisations.findByOin('00000001234567890000')).toMatchObject({ name: 'Gemeente Testdorp', capabilities: ['inbox', 'cases'], mandatoryChannel: true });

    await page.getByRole('link', { name: 'Account voor deze organisatie aanmaken' }).click();
    await page.getByLabel('Gebruikersnaam').fill(contact.username);
    await page.getByLabel('Eerste wachtwoord').fill(contact.password);
    await page.getByLabel('Volledige naam').fill('Carla Contact');
    await page.getByLabel('Zakelijk e-mailadres').fill('carla@testdorp.example');
    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tweede factor instellen');
    contact.totpSecret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(contact.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByRole('img', { name: /QR-code/ }).isVisible()).toBe(true);
    await shoot(page, 'console-enrolment');
    await page.getByRole('button', { name: 'Uitloggen' }).first().click();
    expect(await page.getByTestId('notice').textContent()).toBe('U bent uitgelogd.');

    await logIn(page, contact);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welkom, Carla Contact');
    const menu = await page.getByRole('navigation', { name: 'Beheermenu' }).textContent();
    expect(menu).toContain('Bezorgcijfers');
    expect(menu).not.toContain('Accounts');
    expect(menu).not.toContain('Organisaties');
    await page.getByRole('link', { name: 'Bezorgcijfers' }).first().click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bezorgcijfers van Gemeente Testdorp');
    expect(await page.getByTestId('figures-sent').textContent()).toBe('0');
    await shoot(page, 'console-figures');
    const refused = await page.goto(`${t.baseUrl}/beheer/accounts`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Geen toegang');
    await context.close();
  });

  it('R26: five wrong passwords in a row block the account, and then the right one is refused too', async () => {
    const page = await browser.newPage();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.goto(`${t.baseUrl}/beheer/inloggen`);
      await page.getByLabel('Gebruikersnaam').fill(contact.username);
      await page.getByLabel('Wachtwoord').fill('dit is niet het wachtwoord');
      await page.getByRole('button', { name: 'Verder' }).click();
      const notice = await page.getByTestId('notice').textContent();
      expect(notice).toContain(attempt < 5 ? 'klopt niet' : 'Dit account is geblokkeerd');
    }
    await page.getByLabel('Gebruikersnaam').fill(contact.username);
    await page.getByLabel('Wachtwoord').fill(contact.password);
    await page.getByRole('button', { name: 'Verder' }).click();
    expect(await page.getByTestId('notice').textContent()).toContain('Dit account is geblokkeerd');
    await shoot(page, 'console-blocked');
    await page.close();
  });

  for (const language of ['nl', 'en'] as const) {
    it(`R26 R32: console pages have no axe-core violations (${language})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/beheer/inloggen?lang=${language}`);
      await expectAccessible(page);
      await shoot(page, `console-login-${language}`);
      await page.getByRole('button', { name: language === 'nl' ? 'Verder' : 'Continue' }).click();
      await expectAccessible(page);
      await page.getByLabel(language === 'nl' ? 'Gebruikersnaam' : 'Username').fill(admin.username);
      await page.getByLabel(language === 'nl' ? 'Wachtwoord' : 'Password').fill(admin.password);
      await page.getByRole('button', { name: language === 'nl' ? 'Verder' : 'Continue' }).click();
      await expectAccessible(page);
      await shoot(page, `console-code-${language}`);
      await page.getByLabel(language === 'nl' ? 'Code van 6 cijfers' : '6-digit code').fill(await totpCode(t, admin.totpSecret));
      await page.getByRole('button', { name: language === 'nl' ? 'Inloggen' : 'Log in' }).click();
      await page.waitForURL(/\/beheer$/);
      t.clock.advance(30_000);
      await expectAccessible(page);
      const organisation = (await t.portal.organisations.findByOin('00000001234567890000'))!;
      const account = (await t.portal.modules.console.accounts.list()).find((a) => a.username === contact.username)!;
      for (const [pathname, name] of [
        ['/beheer', 'home'],
        ['/beheer/organisaties', 'organisations'],
        [`/beheer/organisaties/${organisation.organisationId}`, 'organisation'],
        ['/beheer/accounts', 'accounts'],
        ['/beheer/accounts/nieuw', 'account-new'],
        [`/beheer/accounts/${account.accountId}`, 'account'],
        ['/beheer/wachtwoord', 'password'],
        ['/beheer/bestaat-niet', 'not-found'],
      ] as const) {
        await page.goto(`${t.baseUrl}${pathname}`);
        await expectAccessible(page);
        await shoot(page, `console-${name}-${language}`);
      }
      // A refused form with its error summary.
      await page.goto(`${t.baseUrl}/beheer/accounts/nieuw`);
      await page.getByLabel(language === 'nl' ? 'Eerste wachtwoord' : 'First password').fill('passwordpassword');
      await page.getByRole('button', { name: language === 'nl' ? 'Account aanmaken' : 'Create account' }).click();
      expect(await page.getByTestId('error-summary').isVisible()).toBe(true);
      await expectAccessible(page);
      await shoot(page, `console-account-error-${language}`);
      // The small-screen menu, opened.
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(`${t.baseUrl}/beheer`);
      await page.getByText('Menu').click();
      await expectAccessible(page);
      await context.close();
    });
  }
});
