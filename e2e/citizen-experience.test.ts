import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { samplePdf, type ClientCredentials } from '../test/api-client.ts';
import { activateCitizens, organisationApi, type OrganisationApi } from '../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { expectAccessible, launchBrowser, loginByMouse } from './browser.ts';
import { contrastRatio, parseColour, type Rgba } from './colour-contrast.ts';

/**
 * The citizen's experience in a real browser: every page at 320 px, at 1280 px with 200 % text,
 * in forced colours and through axe in both languages; keeping the citizen's place (return after
 * login, language switch, F5 after a form); focus contrast; the print style of a letter.
 */
const fatima = DEMO_CITIZENS[1]!;
const LONG_WORD = 'levenlanglerenkredietaanvraagbevestigingsformulierennummer';
const LONG_URL = 'https://www.duo.nl/particulier/levenlanglerenkrediet/aanvragen/bevestiging/formulier/2026/stap-3/referentie-0123456789abcdef0123456789abcdef';

let t: TestPortal;
let browser: Browser;
let api: OrganisationApi;
let duo: ClientCredentials;
const ids = { letter: '', caseId: '' };

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPortal(), launchBrowser()]);
  api = organisationApi(t);
  await activateCitizens(t, [fatima]);
  duo = await api.register({ oin: '00000001800866472000', name: 'Dienst Uitvoering Onderwijs', capabilities: ['inbox', 'cases'] });
  ids.letter = await api.deliver(duo, fatima.bsn, {
    subject: `Uw aanvraag ${LONG_WORD} is ontvangen en wordt nu beoordeeld door onze afdeling Studiefinanciering en Levenlanglerenkrediet`,
    body: `Beste mevrouw El Amrani,\n\nWij hebben uw aanvraag ontvangen. Bekijk de stand van zaken op ${LONG_URL}.\nOf lees de uitleg over ${LONG_WORD}.\n\nMet vriendelijke groet,\nDUO`,
    dueAt: '2031-01-15T12:00:00Z',
    legalConsequence: true,
    attachments: [{ filename: 'ontvangstbevestiging.pdf', contentType: 'application/pdf', content: samplePdf('Bevestiging').toString('base64') }],
  });
  const opened = await api.call(duo, '/api/v1/cases/LLK-2026-0042', {
    recipient: { bsn: fatima.bsn },
    caseType: 'Levenlanglerenkrediet',
    title: `Aanvraag ${LONG_WORD}`,
    openedOn: '2026-01-10',
    dossierUrl: 'https://mijn.duo.example/zaken/LLK-2026-0042',
  }, 'PUT');
  expect(opened.status).toBe(201);
  await api.call(duo, '/api/v1/cases/LLK-2026-0042/statuses', { sequence: 1, code: 'ontvangen', label: 'Aanvraag ontvangen', occurredAt: '2026-01-10T09:00:00Z', final: false });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const STATEMENTS = ['/toegankelijkheid', '/privacy', '/cookies', '/contact'];
const PUBLIC_PAGES = ['/', '/bestaat-niet', '/uitgelogd', '/inloggen/geweigerd?reden=under-14', ...STATEMENTS];

async function loggedInPages(page: Page): Promise<string[]> {
  await page.goto(`${t.baseUrl}/zaken`);
  const caseHref = await page.locator('a[href^="/zaken/"]').first().getAttribute('href');
  return [
    '/',
    '/berichten',
    '/berichten?map=archief',
    '/berichten?map=prullenbak',
    '/berichten?zoek=aanvraag',
    `/berichten/${ids.letter}`,
    '/zaken',
    caseHref ?? '/zaken',
    '/mijn-gegevens',
    '/mijn-account',
    '/mijn-account?melding=e-mail-ongeldig',
    '/mijn-profiel',
    '/mijn-profiel?melding=telefoon-ongeldig',
    '/instellingen/berichtvoorkeuren',
    '/tijdlijn',
    `/tijdlijn?organisatie=${encodeURIComponent('Dienst Uitvoering Onderwijs')}`,
    ...STATEMENTS,
  ];
}

/** Whether the page scrolls sideways (WCAG 1.4.10 asks that it does not at 320 CSS px). */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Badges drawn only by a background colour vanish in forced colours; each must keep a border. */
async function invisibleBadges(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.bp-badge')]
      .filter((badge) => {
        const style = getComputedStyle(badge);
        return style.borderTopStyle === 'none' || parseFloat(style.borderTopWidth) < 1;
      })
      .map((badge) => badge.textContent ?? ''),
  );
}

/** Visits a page and checks it at 320 px, at 1280 px with 200 % text, and in forced colours; runs axe. */
async function checkPage(page: Page, path: string, language: 'nl' | 'en'): Promise<string[]> {
  const problems: string[] = [];
  await page.setViewportSize({ width: 320, height: 640 });
  await page.emulateMedia({ forcedColors: 'none' });
  await page.goto(`${t.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${language}`);
  if (await scrollsSideways(page)) problems.push(`${path} (${language}) scrolls sideways at 320 px`);
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  // The browser's text size at 200 %: rem-based type doubles, as with a larger default font.
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  if (await scrollsSideways(page)) problems.push(`${path} (${language}) scrolls sideways at 1280 px with 200 % text`);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '';
  });
  await page.setViewportSize({ width: 320, height: 640 });
  await page.emulateMedia({ forcedColors: 'active' });
  if (await scrollsSideways(page)) problems.push(`${path} (${language}) scrolls sideways in forced colours`);
  const lost = await invisibleBadges(page);
  if (lost.length > 0) problems.push(`${path} (${language}) badges without a border in forced colours: ${lost.join(', ')}`);
  await page.emulateMedia({ forcedColors: 'none' });
  return problems;
}

async function loggedInContext(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginByMouse(page, t.baseUrl, 'Fatima El Amrani');
  return { context, page };
}

describe('every page on a phone, zoomed, in forced colours and through axe', () => {
  for (const language of ['nl', 'en'] as const) {
    it(`R4 R14: public and logged-in pages reflow at 320 px, at 200 % text and in forced colours, without axe violations (${language})`, async () => {
      const problems: string[] = [];
      const visitor = await browser.newContext();
      const anonymous = await visitor.newPage();
      for (const path of PUBLIC_PAGES) problems.push(...(await checkPage(anonymous, path, language)));
      await visitor.close();

      const { context, page } = await loggedInContext();
      for (const path of await loggedInPages(page)) problems.push(...(await checkPage(page, path, language)));
      // The folded menu, opened on a phone, also fits.
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(`${t.baseUrl}/?lang=${language}`);
      await page.locator('summary.bp-menu__toggle').click();
      expect(await page.getByRole('navigation', { name: language === 'nl' ? 'Hoofdmenu' : 'Main menu' }).getByRole('link').first().isVisible()).toBe(true);
      if (await scrollsSideways(page)) problems.push('open menu scrolls sideways at 320 px');
      await expectAccessible(page);
      await context.close();
      expect(problems).toEqual([]);
    }, 240_000);
  }

  it('R4: on a phone the header and folded menu leave the first heading within the first 200 px; on a wide screen the menu is open', async () => {
    const { context, page } = await loggedInContext();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${t.baseUrl}/berichten`);
    const top = await page.getByRole('heading', { level: 1 }).evaluate((heading) => heading.getBoundingClientRect().top);
    expect(top).toBeLessThan(200);
    expect(await page.getByRole('link', { name: 'Berichten', exact: true }).isVisible()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Berichten', exact: true }).isVisible()).toBe(true);
    // "Uitloggen" sits on the header's one line at 1280 px.
    const [brand, logout] = await Promise.all([
      page.locator('.bp-brand').boundingBox(),
      page.getByRole('button', { name: 'Uitloggen' }).boundingBox(),
    ]);
    expect(Math.abs((brand?.y ?? 0) + (brand?.height ?? 0) / 2 - ((logout?.y ?? 0) + (logout?.height ?? 0) / 2))).toBeLessThan(12);
    await context.close();
  });
});

describe("keeping the citizen's place", () => {
  it('R1: after logging in the citizen returns to the page they asked for, with its query', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/berichten?map=archief`);
    expect(await page.title()).toMatch(/^Fout: /);
    await page.getByTestId('login').click();
    await page.getByLabel('Fatima El Amrani').check();
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL((url) => url.origin === t.baseUrl && url.pathname === '/berichten');
    expect(new URL(page.url()).search).toBe('?map=archief');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Berichten: Archief');
    await context.close();
  });

  it('R1 R3: after the idle timeout the citizen logs in again and lands on the page they were on', async () => {
    const { context, page } = await loggedInContext();
    await page.goto(`${t.baseUrl}/zaken`);
    t.clock.advance(16 * 60 * 1000);
    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('U bent niet (meer) ingelogd');
    await page.getByTestId('login').click();
    await page.getByLabel('Fatima El Amrani').check();
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL((url) => url.origin === t.baseUrl && url.pathname === '/zaken');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lopende zaken');
    await context.close();
  });

  it('R4: the language switch keeps folder and search and shows the same page in English', async () => {
    const { context, page } = await loggedInContext();
    await page.goto(`${t.baseUrl}/berichten?map=archief&zoek=brief`);
    await page.getByRole('link', { name: 'English' }).click();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/berichten');
    expect(url.searchParams.get('map')).toBe('archief');
    expect(url.searchParams.get('zoek')).toBe('brief');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Search in Archive: "brief"');
    expect(await page.getByRole('searchbox').inputValue()).toBe('brief');
    await page.getByRole('link', { name: 'Nederlands' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Zoeken in Archief: "brief"');
    expect(await page.title()).toBe('Zoeken in Archief: "brief" | Burgerportaal');
    await context.close();
  });

  it('R5: a form result survives F5 (nothing is sent again) and the language switch (the result in English)', async () => {
    const { context, page } = await loggedInContext();
    await page.goto(`${t.baseUrl}/mijn-account`);
    await page.getByLabel('Schermnaam').fill('Fatima');
    await page.getByRole('button', { name: 'Schermnaam opslaan' }).click();
    await page.waitForURL(/melding=schermnaam-opgeslagen/);
    expect(await page.getByTestId('notice').textContent()).toBe('Uw schermnaam is opgeslagen.');
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') posts.push(request.url());
    });
    await page.reload();
    expect(posts).toEqual([]);
    expect(await page.getByTestId('notice').textContent()).toBe('Uw schermnaam is opgeslagen.');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getByTestId('notice').textContent()).toBe('Your screen name has been saved.');
    // A failed form: "Fout:" in the title and an error summary that links to the field.
    await page.getByLabel('New e-mail address').fill('geen-adres');
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    expect(await page.title()).toMatch(/^Error: My account/);
    await page.getByTestId('error-summary').getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await context.close();
  });

  it('R2: the language switch on a refusal page shows the same refusal in English', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/inloggen`);
    await page.getByLabel('Daan Jansen').check();
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL((url) => url.origin === t.baseUrl);
    expect(await page.getByTestId('refusal-reason').textContent()).toContain('14 jaar');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getByTestId('refusal-reason').textContent()).toContain('from the age of 14');
    await context.close();
  });
});

describe('statements', () => {
  it('R3 R20 R22: accessibility, privacy, cookie and contact statements are linked from every footer, in Dutch and English', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/bestaat-niet`);
    const footer = page.getByRole('contentinfo');
    for (const [label, heading] of [['Toegankelijkheid', 'Toegankelijkheidsverklaring'], ['Privacy', 'Privacyverklaring'], ['Cookies', 'Cookies'], ['Contact', 'Contact']]) {
      await footer.getByRole('link', { name: label }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
    }
    await page.goto(`${t.baseUrl}/cookies`);
    expect(await page.getByTestId('cookie-name').textContent()).toBe('__Host-bp_session');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cookies');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Privacy statement');
    expect(await page.getByTestId('processing').count()).toBeGreaterThan(5);
    await context.close();
  });
});

describe('focus and print', () => {
  it('R4: one focus style, with at least 3:1 contrast against the background around every focusable element', async () => {
    const { context, page } = await loggedInContext();
    const findings: { where: string; style: string; ratio: number }[] = [];
    for (const path of ['/', '/berichten', `/berichten/${ids.letter}`, '/mijn-account']) {
      await page.goto(`${t.baseUrl}${path}`);
      for (let stop = 0; stop < 40; stop++) {
        await page.keyboard.press('Tab');
        const focus = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return null;
          const style = getComputedStyle(element);
          // The colour around the ring: the first ancestor (or the page) with a background.
          let around: Element | null = element.parentElement;
          let background = 'rgb(255, 255, 255)';
          while (around) {
            const colour = getComputedStyle(around).backgroundColor;
            if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') {
              background = colour;
              break;
            }
            around = around.parentElement;
          }
          return {
            where: `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 30)}"`,
            outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} offset ${style.outlineOffset}`,
            colour: style.outlineColor,
            background,
          };
        });
        if (!focus) continue;
        const ratio = contrastRatio(parseColour(focus.colour) as Rgba, parseColour(focus.background) as Rgba);
        findings.push({ where: `${path}: ${focus.where}`, style: focus.outline, ratio });
      }
    }
    expect(findings.length).toBeGreaterThan(20);
    expect(new Set(findings.map((finding) => finding.style))).toEqual(new Set([findings[0]!.style]));
    expect(findings[0]!.style).toMatch(/^solid 3px/);
    expect(findings.filter((finding) => finding.ratio < 3)).toEqual([]);
    await context.close();
  });

  it('R7: a printed letter keeps sender, date, subject, body and attachments, without navigation or forms', async () => {
    const { context, page } = await loggedInContext();
    await page.goto(`${t.baseUrl}/berichten/${ids.letter}`);
    await page.emulateMedia({ media: 'print' });
    const visible = async (selector: string) => page.locator(selector).first().isVisible();
    for (const hidden of ['header', 'nav', 'footer', 'form', '.bp-skip-link', 'details']) expect(await visible(hidden), hidden).toBe(false);
    for (const shown of ['[data-testid="message-subject"]', '[data-testid="message-sender"]', '[data-testid="message-body"]', '[data-testid="attachments"]']) expect(await visible(shown), shown).toBe(true);
    expect(await page.locator('main').textContent()).toContain('ontvangstbevestiging.pdf');
    await page.emulateMedia({ media: 'screen' });
    expect(await visible('header')).toBe(true);
    await context.close();
  });
});
