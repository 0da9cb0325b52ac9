import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientCredentials } from '../test/api-client.ts';
import { organisationApi, type OrganisationApi } from '../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { expectAccessible, launchBrowser, loginByMouse } from './browser.ts';

const johanna = DEMO_CITIZENS[0]!;

let t: TestPortal;
let browser: Browser;
let api: OrganisationApi;
let gemeente: ClientCredentials;
let johannaCaseUrl = '';

const call = (path: string, body: unknown, method = 'POST') => api.call(gemeente, path, body, method);

beforeAll(async () => {
  // A long notification delay keeps the enqueued notification visible to the assertion below.
  [t, browser] = await Promise.all([startTestPortal({ NOTIFICATION_DELAY_MS: '3600000' }), launchBrowser()]);
  api = organisationApi(t);
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['cases'] });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('cases journey in Chromium', () => {
  it('R11 R12 R13: an organisation opens a case and moves it through three statuses to final; the citizen sees the timeline and the closed case still listed', async () => {
    const base = { recipient: { bsn: johanna.bsn }, caseType: 'Parkeervergunning', openedOn: '2025-03-01', dossierUrl: 'https://pip.utrecht.example/zaken/PV-1' };
    expect((await call('/api/v1/cases/PV-1', { ...base, title: 'Aanvraag parkeervergunning', expectedEndOn: '2025-04-15' }, 'PUT')).status).toBe(201);
    expect((await call('/api/v1/cases/OV-2', { ...base, title: 'Aanvraag omgevingsvergunning', dossierUrl: 'https://pip.utrecht.example/zaken/OV-2', nextStep: 'Beoordeling door de welstandscommissie' }, 'PUT')).status).toBe(201);
    expect((await call('/api/v1/cases/OV-2/statuses', { sequence: 1, code: 'ontvangen', label: 'Aanvraag ontvangen', occurredAt: '2025-03-02T09:00:00Z', final: false })).status).toBe(201);
    const steps = [
      ['ontvangen', 'Aanvraag ontvangen', '2025-03-01T09:00:00Z', false],
      ['behandeling', 'In behandeling', '2025-03-05T13:30:00Z', false],
      ['besluit', 'Besluit genomen: vergunning verleend', '2025-03-20T10:15:00Z', true],
    ] as const;
    for (const [index, [code, label, occurredAt, final]] of steps.entries()) {
      expect((await call('/api/v1/cases/PV-1/statuses', { sequence: index + 1, code, label, occurredAt, final })).status).toBe(201);
    }
    const citizenId = (await t.portal.accounts.findCitizenIdByBsn(johanna.bsn))!;
    const outbox = await t.portal.database.db.selectFrom('notification_outbox').selectAll().where('citizen_id', '=', citizenId).executeTakeFirst();
    expect(outbox).toBeDefined();

    const context = await browser.newContext();
    const page = await context.newPage();
    await loginByMouse(page, t.baseUrl, 'Johanna de Vries');
    await page.getByRole('link', { name: 'Lopende zaken' }).first().click();
    await page.waitForURL(/\/zaken$/);
    const cards = page.getByTestId('case-card');
    expect(await cards.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-case-state')))).toEqual(['open', 'closed']);
    const closed = page.getByTestId('closed-cases').getByTestId('case-card');
    expect(await closed.textContent()).toContain('Gemeente Utrecht');
    expect(await closed.getByTestId('case-status').textContent()).toBe('Besluit genomen: vergunning verleend');
    await expectAccessible(page);

    await closed.getByRole('link', { name: 'Aanvraag parkeervergunning' }).click();
    await page.waitForURL(/\/zaken\/[0-9a-f-]{36}$/);
    johannaCaseUrl = page.url();
    expect(await page.getByTestId('case-state').textContent()).toBe('Deze zaak is afgerond.');
    expect(await page.getByTestId('timeline-item').allTextContents()).toEqual([
      expect.stringContaining('Aanvraag ontvangen'),
      expect.stringContaining('In behandeling'),
      expect.stringMatching(/Besluit genomen: vergunning verleend — Eindstatus/),
    ]);
    expect(await page.getByTestId('timeline-item').first().textContent()).toContain('1 maart 2025');
    const dossier = page.getByTestId('dossier-link');
    expect(await dossier.getAttribute('href')).toBe('https://pip.utrecht.example/zaken/PV-1');
    expect(await dossier.getAttribute('rel')).toContain('external');
    expect(await dossier.textContent()).toContain('(externe website van Gemeente Utrecht)');
    expect(johannaCaseUrl).not.toContain(johanna.bsn);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Terug naar lopende zaken' }).click();
    await page.getByRole('link', { name: 'Aanvraag omgevingsvergunning' }).click();
    expect(await page.getByTestId('next-step').textContent()).toBe('Beoordeling door de welstandscommissie');
    await context.close();
  });

  for (const language of ['nl', 'en'] as const) {
    it(`R11 R12: the case pages have no axe-core violations (${language})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await loginByMouse(page, t.baseUrl, 'Johanna de Vries');
      await page.goto(`${t.baseUrl}/zaken?lang=${language}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(language === 'nl' ? 'Lopende zaken' : 'Ongoing cases');
      await expectAccessible(page);
      await page.goto(`${johannaCaseUrl}?lang=${language}`);
      expect(await page.getByTestId('dossier-link').textContent()).toContain(language === 'nl' ? 'externe website' : 'external website');
      await expectAccessible(page);
      await context.close();
    });
  }

  it('R11: another citizen cannot open the case by its id', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await loginByMouse(page, t.baseUrl, 'Fatima El Amrani');
    const response = await page.goto(johannaCaseUrl);
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toContain('Aanvraag parkeervergunning');
    await page.goto(`${t.baseUrl}/zaken`);
    expect(await page.getByTestId('case-card').count()).toBe(0);
    expect(await page.content()).toContain('U heeft geen lopende zaken.');
    await context.close();
  });
});
