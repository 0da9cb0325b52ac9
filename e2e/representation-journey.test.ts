import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientCredentials } from '../test/api-client.ts';
import { activateCitizens, organisationApi, type OrganisationApi } from '../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { expectAccessible, launchBrowser, loginByMouse } from './browser.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;

let t: TestPortal;
let browser: Browser;
let api: OrganisationApi;
let gemeente: ClientCredentials;
const shots = process.env.SCREENSHOT_DIR;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPortal({ NOTIFICATION_DELAY_MS: '3600000' }), launchBrowser()]);
  api = organisationApi(t);
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox', 'cases'] });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** axe at 320 and 1280 px, in Dutch and English; screenshots when SCREENSHOT_DIR is set. */
async function checkPage(page: Page, name: string): Promise<void> {
  const url = page.url();
  for (const language of ['en', 'nl'] as const) {
    await page.goto(`${url}${url.includes('?') ? '&' : '?'}lang=${language}`);
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page);
      if (shots) await page.screenshot({ path: `${shots}/${name}-${language}-${width}.png`, fullPage: true });
    }
  }
}

describe('representation journey in Chromium', () => {
  it('R17: grant → accept with the code → act (read a message, follow a case) → the represented citizen sees the ledger → revoke → the next request is refused', async () => {
    await activateCitizens(t, [johanna, fatima]);
    const messageId = await api.deliver(gemeente, johanna.bsn, { subject: 'Aanslag gemeentelijke belastingen' });
    expect((await api.call(gemeente, '/api/v1/cases/PV-9', { recipient: { bsn: johanna.bsn }, caseType: 'Parkeervergunning', title: 'Aanvraag parkeervergunning', openedOn: '2025-03-01', dossierUrl: 'https://pip.utrecht.example/zaken/PV-9' }, 'PUT')).status).toBe(201);

    const grantorContext: BrowserContext = await browser.newContext();
    const grantor = await grantorContext.newPage();
    await loginByMouse(grantor, t.baseUrl, 'Johanna de Vries');
    await grantor.getByRole('link', { name: 'Machtigingen' }).first().click();
    await grantor.getByTestId('new-mandate').click();
    await checkPage(grantor, 'grant');
    await grantor.getByLabel('Burgerservicenummer (BSN) van de persoon die u machtigt').fill(fatima.bsn);
    await grantor.getByLabel('Berichten lezen').check();
    await grantor.getByLabel('Lopende zaken bekijken').check();
    // Limited to the one organisation the journey's message and case come from.
    await grantor.getByLabel('Alleen de organisaties die ik hieronder kies').check();
    await grantor.getByLabel('Gemeente Utrecht').check();
    await grantor.getByTestId('grant').click();
    await grantor.waitForURL(/\/machtigingen\?melding=gegeven$/);
    expect(await grantor.getByTestId('mandate-organisations').first().textContent()).toBe('Alleen: Gemeente Utrecht');
    const code = /(\d{6})/.exec((await grantor.getByTestId('code').textContent()) ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await checkPage(grantor, 'mandates-grantor');

    const representativeContext = await browser.newContext();
    const representative = await representativeContext.newPage();
    await loginByMouse(representative, t.baseUrl, 'Fatima El Amrani');
    await representative.getByRole('link', { name: 'Naar machtigingen' }).click();
    await representative.getByTestId('accept-code').fill(code);
    await representative.getByTestId('accept').click();
    await representative.waitForURL(/melding=geaccepteerd/);
    // Mail about Johanna's new messages: switched on with the form, without JavaScript.
    await representative.getByLabel('Stuur mij een e-mail als er een nieuw bericht voor Johanna de Vries is').check();
    await representative.getByTestId('notify-save').click();
    await representative.waitForURL(/melding=meldingen-aan/);
    expect(await representative.getByTestId('notify').isChecked()).toBe(true);
    await checkPage(representative, 'mandates-representative');
    await representative.getByTestId('act').click();
    await representative.waitForURL((url) => url.pathname === '/');
    expect(await representative.getByTestId('acting-banner').textContent()).toContain('U handelt namens Johanna de Vries');
    await checkPage(representative, 'acting-start');
    await representative.goto(`${t.baseUrl}/berichten/${messageId}`);
    expect(await representative.getByRole('heading', { level: 1 }).textContent()).toContain('Aanslag gemeentelijke belastingen');
    expect(await representative.getByTestId('acting-banner').isVisible()).toBe(true);
    await representative.goto(`${t.baseUrl}/zaken`);
    await representative.getByRole('link', { name: 'Aanvraag parkeervergunning' }).click();
    await representative.waitForURL(/\/zaken\/[0-9a-f-]{36}$/);
    await representative.goto(`${t.baseUrl}/mijn-account`);
    expect(await representative.getByRole('heading', { level: 1 }).textContent()).toContain('Pagina niet gevonden');

    await grantor.goto(`${t.baseUrl}/machtigingen/namens-mij`);
    const rows = grantor.getByTestId('ledger-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    expect(await grantor.getByTestId('ledger').textContent()).toContain('Fatima El Amrani');
    expect(await grantor.getByTestId('ledger').textContent()).toContain('Geweigerd of mislukt');
    await checkPage(grantor, 'ledger-subject');
    await grantor.getByTestId('ledger-revoke').first().click();
    await grantor.waitForURL(/melding=beeindigd/);

    const refused = await representative.goto(`${t.baseUrl}/berichten/${messageId}`);
    expect(refused?.status()).toBe(404);
    expect(await representative.getByTestId('acting-banner').count()).toBe(0);
    await representative.goto(`${t.baseUrl}/machtigingen/mijn-handelingen`);
    await checkPage(representative, 'ledger-actor');
    await grantorContext.close();
    await representativeContext.close();
  }, 240_000);

  it('R17: DigiD Machtigen login by mouse acts for the representee at once; a curator registered by API is shown to the represented citizen, without a revoke button', async () => {
    const rechtbank = await api.register({ oin: '00000001001234567000', name: 'Rechtbank Utrecht', capabilities: ['representation'] });
    const registered = await api.call(rechtbank, '/api/v1/representations/CUR-1', { represented: { bsn: johanna.bsn }, representative: { bsn: fatima.bsn }, kind: 'curatele', legalBasis: 'Rechtbank Utrecht, C/16/654321', services: ['berichtenbox-read'] }, 'PUT');
    expect(registered.status).toBe(201);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(t.baseUrl);
    await page.getByRole('link', { name: 'Inloggen met DigiD' }).first().click();
    await page.getByLabel('Pieter van den Berg').check();
    await page.getByLabel('Namens wie handelt u?').selectOption(johanna.bsn);
    await page.getByLabel('Voor welke dienst (service_id)?').selectOption('lopende-zaken');
    await page.getByLabel('Betrouwbaarheidsniveau').selectOption('midden');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL((url) => url.origin === new URL(t.baseUrl).origin && !url.pathname.startsWith('/auth'));
    if (shots) await page.screenshot({ path: `${shots}/machtigen-landing.png`, fullPage: true });
    expect(await page.getByTestId('acting-banner').textContent()).toContain('U handelt namens Johanna de Vries');
    expect(await page.getByRole('link', { name: 'Lopende zaken' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Berichten', exact: true }).count()).toBe(0);
    await context.close();

    const represented = await browser.newContext();
    const own = await represented.newPage();
    await loginByMouse(own, t.baseUrl, 'Johanna de Vries');
    await own.goto(`${t.baseUrl}/machtigingen`);
    const row = own.locator('[data-testid="given-row"][data-kind="curatele"]');
    expect(await row.textContent()).toContain('Geregistreerd door Rechtbank Utrecht. U kunt dit niet zelf intrekken.');
    expect(await row.getByTestId('revoke').count()).toBe(0);
    await checkPage(own, 'mandates-legal');
    await represented.close();
  });
});
