import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { samplePdf, type ClientCredentials } from '../test/api-client.ts';
import { loggedInClient, organisationApi, type OrganisationApi } from '../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../test/portal.ts';
import { expectAccessible, launchBrowser, loginByMouse } from './browser.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;

let t: TestPortal;
let browser: Browser;
let api: OrganisationApi;
let belastingdienst: ClientCredentials;
/** Fatima's messages for the accessibility walk: one per kind of page. */
const fatimas = { plain: '', stepUp: '' };

const deliver = (bsn: string, overrides: Record<string, unknown>) => api.deliver(belastingdienst, bsn, overrides);

const pdfAttachment = (filename: string) => ({ filename, contentType: 'application/pdf', content: samplePdf('Aanslag').toString('base64') });

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPortal(), launchBrowser()]);
  api = organisationApi(t);
  belastingdienst = await api.register({ oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true });
  await t.portal.organisations.add({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox'] });

  // Fatima gets a message in every folder and one she may read only at level "hoog".
  fatimas.plain = await deliver(fatima.bsn, {
    subject: 'Definitieve aanslag 2026',
    body: 'Geachte mevrouw,\n\nHierbij de definitieve aanslag.\nMet vriendelijke groet,\nBelastingdienst',
    legalConsequence: true,
    dueAt: '2031-06-30T12:00:00Z',
    attachments: [pdfAttachment('aanslag-2026.pdf')],
  });
  fatimas.stepUp = await deliver(fatima.bsn, { subject: 'Vertrouwelijk', requiredAssurance: 'hoog' });
  const archived = await deliver(fatima.bsn, { subject: 'Oude brief' });
  const binned = await deliver(fatima.bsn, { subject: 'Weggegooide brief' });
  const client = await loggedInClient(t, fatima.bsn);
  await client.submit('/berichten', `/berichten/${archived}/archiveren`, {});
  await client.submit('/berichten', `/berichten/${binned}/verwijderen`, {});
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('inbox journey in Chromium', () => {
  it('R4 R6 R7: delivered with a PDF → unread in the header → opened → PDF downloaded → archived', async () => {
    await deliver(johanna.bsn, { subject: 'Voorlopige aanslag 2027', body: 'Geachte mevrouw,\n\nUw voorlopige aanslag staat klaar.', attachments: [pdfAttachment('voorlopige-aanslag.pdf')] });
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await loginByMouse(page, t.baseUrl, 'Johanna de Vries');
    expect(await page.getByTestId('unread-count').textContent()).toBe('Ongelezen: 1');

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Berichten' }).click();
    await page.waitForURL(/\/berichten$/);
    const row = page.getByTestId('message-row').filter({ hasText: 'Voorlopige aanslag 2027' });
    expect(await row.getAttribute('data-unread')).toBe('true');
    expect(await row.getByTestId('unread-badge').textContent()).toBe('Ongelezen');
    expect(await row.getByTestId('message-sender').textContent()).toBe('Belastingdienst');

    await row.getByRole('link', { name: 'Voorlopige aanslag 2027' }).click();
    await page.waitForURL(/\/berichten\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Voorlopige aanslag 2027');
    expect(await page.getByTestId('unread-count').textContent()).toBe('Ongelezen: 0');
    expect(await page.getByTestId('notification-history').count()).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'voorlopige-aanslag.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('voorlopige-aanslag.pdf');
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');

    await page.getByRole('button', { name: 'Verplaats naar Archief' }).click();
    await page.waitForURL(/\/berichten\?melding=gearchiveerd$/);
    expect(await page.getByTestId('notice').textContent()).toBe('Het bericht staat nu in het Archief.');
    expect(await page.getByTestId('message-row').filter({ hasText: 'Voorlopige aanslag 2027' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Archief' }).click();
    await page.waitForURL(/map=archief/);
    expect(await page.getByTestId('message-row').filter({ hasText: 'Voorlopige aanslag 2027' }).getAttribute('data-unread')).toBe('false');
    await context.close();
  });

  for (const language of ['nl', 'en'] as const) {
    it(`R3 R4 R7 R8: every inbox page has no axe-core violations (${language})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await loginByMouse(page, t.baseUrl, 'Fatima El Amrani');
      const visit = async (path: string, heading: RegExp) => {
        await page.goto(`${t.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${language}`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(heading);
        await expectAccessible(page);
      };
      const nl = language === 'nl';
      await visit('/berichten', nl ? /^Berichten: Ontvangen$/ : /^Messages: Inbox$/);
      expect(await page.getByTestId('message-row').count()).toBe(2);
      await visit('/berichten?zoek=aanslag', nl ? /^Zoeken in Ontvangen: "aanslag"$/ : /^Search in Inbox: "aanslag"$/);
      await visit(`/berichten/${fatimas.plain}`, /^Definitieve aanslag 2026$/);
      expect(await page.getByTestId('legal-consequence').count()).toBe(1);
      await visit('/berichten?map=archief', nl ? /Archief$/ : /Archive$/);
      expect(await page.getByTestId('message-row').count()).toBe(1);
      await visit('/berichten?map=prullenbak', nl ? /Prullenbak$/ : /Bin$/);
      expect(await page.getByTestId('message-row').count()).toBe(1);
      await visit('/instellingen/berichtvoorkeuren', nl ? /^Berichtvoorkeuren$/ : /^Message preferences$/);
      await visit(`/berichten/${fatimas.stepUp}`, nl ? /^Bericht van Belastingdienst$/ : /^Message from Belastingdienst$/);
      expect(await page.getByTestId('step-up-link').getAttribute('href')).toBe(`/inloggen?niveau=hoog&terug=/berichten/${fatimas.stepUp}`);
      // The page after switching an organisation off, with its notice.
      await page.goto(`${t.baseUrl}/instellingen/berichtvoorkeuren?lang=${language}`);
      await page.getByRole('button', { name: nl ? 'Zet uit voor Gemeente Utrecht' : 'Switch off for Gemeente Utrecht' }).click();
      expect(await page.getByTestId('notice').textContent()).toContain('Gemeente Utrecht');
      await expectAccessible(page);
      await page.getByRole('button', { name: nl ? 'Zet aan voor Gemeente Utrecht' : 'Switch on for Gemeente Utrecht' }).click();
      await context.close();
    });
  }
});
