import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleHarness } from '../test/console-harness.ts';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { helpdeskMessages } from '../src/helpdesk/messages.ts';
import { expectAccessible, launchBrowser, loginByMouse } from './browser.ts';

let t: TestPortal;
let browser: Browser;
let console_: Awaited<ReturnType<typeof startConsoleHarness>>;
beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPortal(), launchBrowser()]);
  const contribution = t.portal.modules.helpdesk.console;
  if (!contribution) throw new Error('no console contribution');
  console_ = await startConsoleHarness({ contribution, texts: [helpdeskMessages] });
  console_.setUser({ accountId: 'acc-hd', username: 'hd', fullName: 'Hanna Helpdesk', organisationId: null, roles: ['user'], operatorStaff: true, clientAddress: null });
});
afterAll(async () => {
  await console_?.close();
  await browser?.close();
  await t?.close();
});

const shotDir = process.env.SCREENSHOT_DIR;
async function shot(page: Page, name: string) {
  if (!shotDir) return;
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `${shotDir}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 320, height: 800 });
}

/** Staff answer through the console's contribution (the console host is another module). */
async function staffAnswer(subject: string, answer: string) {
  const list = await (await fetch(`${console_.url}/beheer/helpdesk`)).text();
  const uuid = new RegExp(`href="/beheer/helpdesk/([0-9a-f-]{36})"(?:(?!href=).)*?${subject}`, 's').exec(list)?.[1];
  if (!uuid) throw new Error(`${subject} not in the console`);
  const response = await fetch(`${console_.url}/beheer/helpdesk/${uuid}/antwoord`, { method: 'POST', body: new URLSearchParams({ antwoord: answer, afgehandeld: 'ja' }), redirect: 'manual' });
  expect(response.status).toBe(303);
}

describe('helpdesk in Chromium', () => {
  for (const language of ['nl', 'en'] as const) {
    const nl = language === 'nl';
    it(`R22: a visitor files a complaint at 320 px, corrects an error, and reads the answer through the mailed link; axe clean (${language})`, async () => {
      const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/?lang=${language}`);
      await page.getByRole('link', { name: nl ? 'Vraag of klacht' : 'Question or complaint' }).click();
      await expectAccessible(page);
      await page.getByTestId('helpdesk-new').click();
      await expectAccessible(page);
      await shot(page, `helpdesk-form-${language}`);
      const subject = `Klacht in de browser ${language}`;
      await page.getByLabel(nl ? 'Een klacht indienen' : 'Make a complaint').check();
      await page.getByLabel(nl ? 'Onderwerp' : 'Subject').fill(subject);
      await page.getByLabel(nl ? 'Uw vraag of klacht' : 'Your question or complaint').fill('Mijn bericht kwam niet aan.');
      await page.getByLabel(nl ? 'Uw naam' : 'Your name').fill('Bert Browser');
      await page.getByLabel(nl ? 'Uw e-mailadres' : 'Your e-mail address').fill('bert-at-example');
      await page.getByRole('button', { name: nl ? 'Verstuur' : 'Send' }).click();
      expect(await page.getByTestId('error-summary').isVisible()).toBe(true);
      await expectAccessible(page);
      await shot(page, `helpdesk-form-error-${language}`);
      await page.getByTestId('error-summary').getByRole('link').first().click();
      await page.getByLabel(nl ? 'Uw e-mailadres' : 'Your e-mail address').fill(`bert-${language}@example.nl`);
      await page.getByRole('button', { name: nl ? 'Verstuur' : 'Send' }).click();
      await page.waitForURL(/\/helpdesk\/verzonden/);
      expect(await page.getByTestId('notice').textContent()).toContain(nl ? 'Wij hebben uw bericht ontvangen' : 'We received your message');
      await expectAccessible(page);

      const received = await (t.portal.mailCatcher ?? fail()).waitFor((mail) => mail.to.includes(`bert-${language}@example.nl`));
      const link = /https?:\/\/\S+\/helpdesk\/contact\/[A-Za-z0-9_-]{43}/.exec(received.text)?.[0] ?? '';
      await staffAnswer(subject, 'Wij hebben het bericht opnieuw verstuurd.');
      await page.goto(`${link}?lang=${language}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(nl ? 'Klacht HD-' : 'Complaint HD-');
      const thread = page.getByTestId('thread');
      expect(await thread.textContent()).toContain('Mijn bericht kwam niet aan.');
      expect(await thread.textContent()).toContain('Wij hebben het bericht opnieuw verstuurd.');
      expect(await page.getByTestId('contact-status').textContent()).toBe(nl ? 'Afgehandeld' : 'Handled');
      await expectAccessible(page);
      await shot(page, `helpdesk-thread-${language}`);
      await context.close();
    });
  }

  it('R22: a logged-in citizen files a question and reads the answer on their own page; axe clean at 320 px', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await loginByMouse(page, t.baseUrl, 'Johanna de Vries');
    await page.goto(`${t.baseUrl}/helpdesk/nieuw`);
    await page.getByLabel('Een vraag stellen').check();
    await page.getByLabel('Onderwerp').fill('Vraag van een ingelogde inwoner');
    await page.getByLabel('Uw vraag of klacht').fill('Waar vind ik mijn zaken?');
    await page.getByLabel('Uw naam').fill('Johanna de Vries');
    await page.getByLabel('Uw e-mailadres').fill('johanna-browser@example.nl');
    await page.getByRole('button', { name: 'Verstuur' }).click();
    await page.waitForURL(/\/helpdesk\/vragen\//);
    await staffAnswer('Vraag van een ingelogde inwoner', 'Onder Lopende zaken.');
    await page.reload();
    expect(await page.getByTestId('thread').textContent()).toContain('Onder Lopende zaken.');
    await expectAccessible(page);
    await page.goto(`${t.baseUrl}/helpdesk`);
    expect(await page.getByTestId('helpdesk-own').textContent()).toContain('Vraag van een ingelogde inwoner');
    await expectAccessible(page);
    await shot(page, 'helpdesk-own');
    await context.close();
  });
  for (const language of ['nl', 'en'] as const) {
    it(`R22: the helpdesk's console pages (list with deadlines, a complaint, the lookup form) have no axe-core violations at 320 px (${language})`, async () => {
      const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${console_.url}/beheer/helpdesk?lang=${language}`);
      expect(await page.getByTestId('helpdesk-list').count()).toBe(1);
      await expectAccessible(page);
      const href = await page.getByTestId('helpdesk-list').getByRole('link').first().getAttribute('href');
      await page.goto(`${console_.url}${href ?? ''}?lang=${language}`);
      expect(await page.getByTestId('thread').count()).toBe(1);
      await expectAccessible(page);
      await shot(page, `console-contact-${language}`);
      await page.goto(`${console_.url}/beheer/helpdesk/inzage?lang=${language}`);
      await expectAccessible(page);
      await context.close();
    });
  }
});

function fail(): never {
  throw new Error('no mail catcher');
}
