import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { bootstrapAdministrator, totpCode } from '../test/console.ts';
import { activateCitizens, organisationApi } from '../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { expectAccessible, launchBrowser } from './browser.ts';

let t: TestPortal;
let browser: Browser;
const planner = { username: 'planner', password: '', totpSecret: '' };

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPortal({}, { workers: false }), launchBrowser()]);
  const created = await bootstrapAdministrator(t, planner.username, 'Piet Planner');
  planner.password = created.password;
  planner.totpSecret = created.totpSecret;
  // The first administrator also plans here (roles are managed in the console; set directly for the test).
  await t.portal.db.updateTable('console_accounts').set({ roles: ['administrator', 'user', 'planner'] }).where('username', '=', planner.username).execute();
  const api = organisationApi(t);
  const belastingdienst = await api.register({ oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'] });
  const people = DEMO_CITIZENS.slice(0, 3);
  await activateCitizens(t, people);
  for (const person of people) await api.deliver(belastingdienst, person.bsn);
  const start = Math.ceil(t.clock.now().getTime() / 3_600_000) * 3_600_000;
  // 30 M in one hour: above the measured capacity, so the dashboard warns.
  const wave = await api.call(belastingdienst, '/api/v1/waves', { windowStart: new Date(start).toISOString(), windowEnd: new Date(start + 3_600_000).toISOString(), expectedMessages: 30_000_000 });
  expect(wave.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function logIn(page: Page, language: 'nl' | 'en') {
  await page.goto(`${t.baseUrl}/beheer/inloggen${language === 'en' ? '?lang=en' : ''}`);
  await page.getByLabel(language === 'nl' ? 'Gebruikersnaam' : 'Username').fill(planner.username);
  await page.getByLabel(language === 'nl' ? 'Wachtwoord' : 'Password').fill(planner.password);
  await page.getByRole('button', { name: language === 'nl' ? 'Verder' : 'Continue' }).click();
  await page.getByLabel(language === 'nl' ? 'Code van 6 cijfers' : '6-digit code').fill(await totpCode(t, planner.totpSecret));
  await page.getByRole('button', { name: language === 'nl' ? 'Inloggen' : 'Log in' }).click();
  await page.waitForURL(/\/beheer$/);
  t.clock.advance(30_000);
}

describe('the capacity dashboard in the console', () => {
  for (const language of ['nl', 'en'] as const) {
    it(`R27: the planner sees announced against delivered per hour as a chart and a table, with the over-capacity warning; axe clean at 320 and 1280 px (${language})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await logIn(page, language);
      await page.getByRole('link', { name: language === 'nl' ? 'Capaciteit' : 'Capacity' }).first().click();
      await page.waitForURL(/\/beheer\/capaciteit/);
      for (const width of [320, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await page.getByRole('img', { name: language === 'nl' ? 'Aangekondigde en afgeleverde berichten per uur' : 'Announced and delivered messages per hour' }).count()).toBe(1);
        const table = page.getByTestId('capacity-table');
        expect(await table.getByText('30.000.000').or(table.getByText('30,000,000')).count()).toBeGreaterThan(0);
        expect(await page.locator('[data-over-capacity="true"]').count()).toBe(1);
        expect(await page.getByTestId('capacity-warning').isVisible()).toBe(true);
        expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)).toBe(false);
        await expectAccessible(page);
        if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/capacity-${language}-${width}.png`, fullPage: true });
      }
      await context.close();
    }, 120_000);
  }

  it('R27: a planner announces a wave in the console; it is listed, audited, and reserves its rate', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, 'nl');
    await page.goto(`${t.baseUrl}/beheer/capaciteit`);
    const form = page.getByTestId('announce-wave');
    await form.getByLabel('Organisatie').selectOption({ label: 'Belastingdienst' });
    const day = (days: number) => new Date(t.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Begin (Nederlandse tijd)').fill(`${day(2)}T12:00`);
    await form.getByLabel('Einde (Nederlandse tijd)').fill(`${day(3)}T12:00`);
    await form.getByLabel('Verwacht aantal berichten').fill('144000');
    await form.getByRole('button', { name: 'Golf aankondigen' }).click();
    await page.waitForURL(/melding=aangekondigd/);
    expect(await page.getByRole('status').textContent()).toContain('De golf is aangekondigd.');
    // 144,000 over 24 hours is 100 a minute, 125 with headroom.
    expect(await page.getByTestId('capacity-waves').getByText('125').count()).toBe(1);
    const entries = (await t.portal.db.selectFrom('audit_log').select('entry').execute()).map((row) => JSON.parse(row.entry) as { action: string; actor: { name: string } });
    expect(entries.filter((entry) => entry.action === 'wave.announce').map((entry) => entry.actor.name)).toEqual(['Piet Planner']);
    await context.close();
  }, 120_000);
});
