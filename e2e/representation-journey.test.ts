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
    await grantor.getByTestId('grant').click();
    await grantor.waitForURL(/\/machtigingen\?melding=gegeven$/);
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
  });
});
