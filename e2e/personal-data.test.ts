import type { Browser, Page } from 'playwright-core';
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

const BLOCKS = [
  { testId: 'block-brp', heading: 'Persoonsgegevens (BRP)', authority: 'de gemeente waar u staat ingeschreven (Utrecht)', summary: 'Klopt er iets niet in uw persoonsgegevens?', data: 'Thomas Jansen' },
  { testId: 'block-rdw', heading: 'Voertuigen op uw naam (RDW)', authority: 'RDW (Rijksdienst voor het Wegverkeer)', summary: 'Klopt er iets niet in uw voertuiggegevens?', data: 'S-471-KV' },
  { testId: 'block-woz', heading: 'WOZ-waarde van uw woning', authority: 'de gemeente waarin de woning ligt (Utrecht)', summary: 'Bent u het niet eens met de WOZ-waarde?', data: '512.000' },
  { testId: 'block-benefits', heading: 'Uitkeringen', authority: 'UWV of de Sociale Verzekeringsbank (SVB)', summary: 'Klopt er iets niet in uw uitkeringsgegevens?', data: 'Kinderbijslag' },
];

async function openPersonalData(page: Page): Promise<void> {
  await loginByMouse(page, t.baseUrl, 'Fatima El Amrani');
  await page.getByRole('link', { name: 'Mijn gegevens' }).first().click();
  await page.waitForURL(/\/mijn-gegevens$/);
}

describe('Mijn gegevens in Chromium', () => {
  it('R14 R15: after login all four blocks show, each with its authority and a correction route; axe-core finds nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openPersonalData(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mijn gegevens');
    for (const block of BLOCKS) {
      const section = page.getByTestId(block.testId);
      expect(await section.getByRole('heading', { level: 2 }).textContent()).toBe(block.heading);
      expect(await section.getByTestId('authority').textContent()).toContain(block.authority);
      expect(await section.textContent()).toContain(block.data);
      const correction = section.getByTestId('correction');
      expect(await correction.getByRole('link').first().isVisible()).toBe(false);
      await correction.locator('summary').click();
      expect(await correction.getByRole('link').first().isVisible()).toBe(true);
    }
    await expectAccessible(page);
    await page.goto(`${t.baseUrl}/mijn-gegevens?lang=en`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My details');
    await expectAccessible(page);
    await context.close();
  });

  it('R15: every info control is reachable and opens by keyboard alone', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openPersonalData(page);
    await page.goto(`${t.baseUrl}/mijn-gegevens`);
    for (const block of BLOCKS) {
      await tabTo(page, (element) => element.tag === 'summary' && element.text === block.summary);
      await page.keyboard.press('Enter');
      expect(await page.getByTestId(block.testId).getByTestId('correction').getAttribute('open')).toBe('');
    }
    await context.close();
  });

  it('R14: with the RDW register stopped, its block is "tijdelijk niet beschikbaar" and the other blocks still show', async () => {
    await t.portal.demoRegisters!.server('rdw').close();
    const context = await browser.newContext();
    const page = await context.newPage();
    await openPersonalData(page);
    const rdw = page.getByTestId('block-rdw');
    expect(await rdw.getByTestId('unavailable').textContent()).toContain('tijdelijk niet beschikbaar');
    expect(await rdw.getByTestId('authority').textContent()).toContain('RDW');
    for (const block of BLOCKS.filter((candidate) => candidate.testId !== 'block-rdw')) {
      expect(await page.getByTestId(block.testId).textContent()).toContain(block.data);
    }
    await expectAccessible(page);
    await context.close();
  });
});
