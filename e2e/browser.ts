import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Fails with the list of WCAG 2.1 A/AA violations axe-core finds on the page. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = results.violations.map((violation) => `${violation.id} on ${page.url()}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(violations).toEqual([]);
}

/** Logs in through the simulated DigiD by clicking, as the named demo person. */
export async function loginByMouse(page: Page, baseUrl: string, personName: string, level = 'midden'): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Inloggen met DigiD' }).first().click();
  await page.getByLabel(personName).check();
  await page.getByLabel('Betrouwbaarheidsniveau').selectOption(level);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((url) => url.origin === new URL(baseUrl).origin && !url.pathname.startsWith('/auth'));
}

/**
 * Presses Tab until the focused element matches; fails after `limit` presses. Returns how many
 * presses it took, so a test can show the element is reachable by keyboard alone.
 */
export async function tabTo(page: Page, matches: (element: { tag: string; text: string; name: string; type: string }) => boolean, limit = 60): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return {
        tag: element?.tagName.toLowerCase() ?? '',
        text: (element?.innerText ?? element?.textContent ?? '').trim(),
        name: element?.getAttribute('name') ?? '',
        type: element?.getAttribute('type') ?? '',
      };
    });
    if (matches(focused)) return presses;
  }
  throw new Error('element not reachable by Tab');
}
