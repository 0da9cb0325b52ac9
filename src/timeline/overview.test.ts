import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import type { ClientCredentials } from '../../test/api-client.ts';
import { activateCitizens, loggedInClient, organisationApi, type OrganisationApi } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';

const pieter = DEMO_CITIZENS[2]!;

let t: TestPortal;
let api: OrganisationApi;
let gemeente: ClientCredentials;
let belasting: ClientCredentials;

beforeAll(async () => {
  t = await startTestPortal();
  api = organisationApi(t);
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox', 'cases'] });
  belasting = await api.register({ oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'], mandatoryChannel: true });
  await activateCitizens(t, [pieter]);
});
afterAll(async () => {
  await t?.close();
});

/** The visible text of the elements with this test id, in page order. */
function texts(html: string, testId: string): string[] {
  return [...html.matchAll(new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</li>`, 'g'))].map((match) => match[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
}

describe('the overview start page', () => {
  it('R4 R11: unread messages with a respond-by date come first, earliest date first; then the newest messages, with a proper plural', async () => {
    await api.deliver(belasting, pieter.bsn, { subject: 'Aangifte inkomstenbelasting', dueAt: '2031-05-01T12:00:00Z' });
    await api.deliver(gemeente, pieter.bsn, { subject: 'Zienswijze bouwplan', dueAt: '2031-02-01T12:00:00Z' });
    await api.deliver(gemeente, pieter.bsn, { subject: 'Nieuwe afvalkalender' });
    const client = await loggedInClient(t, pieter.bsn);
    const { html } = await client.text('/');
    const attention = texts(html, 'attention-message');
    expect(attention).toHaveLength(2);
    expect(attention[0]).toContain('Zienswijze bouwplan');
    expect(attention[1]).toContain('Aangifte inkomstenbelasting');
    expect(html).toContain('U heeft 3 ongelezen berichten.');
    expect(texts(html, 'home-message')[0]).toContain('Nieuwe afvalkalender');
  });

  it('R11: a case whose status changed after the previous login is shown under "needs attention" at the next login', async () => {
    const first = await loggedInClient(t, pieter.bsn);
    expect(texts((await first.text('/')).html, 'attention-case')).toEqual([]);
    await first.submit('/', '/uitloggen', {});
    const base = { recipient: { bsn: pieter.bsn }, caseType: 'Omgevingsvergunning', openedOn: '2026-10-01', dossierUrl: 'https://pip.utrecht.example/zaken/OV-9' };
    expect((await api.call(gemeente, '/api/v1/cases/OV-9', { ...base, title: 'Aanvraag dakkapel' }, 'PUT')).status).toBe(201);
    expect((await api.call(gemeente, '/api/v1/cases/OV-9/statuses', { sequence: 1, code: 'behandeling', label: 'In behandeling', occurredAt: '2026-10-02T09:00:00Z', final: false })).status).toBe(201);
    const second = await loggedInClient(t, pieter.bsn);
    const { html } = await second.text('/');
    expect(texts(html, 'attention-case')).toEqual([expect.stringContaining('Aanvraag dakkapel')]);
    expect(texts(html, 'attention-case')[0]).toContain('In behandeling');
    expect(texts(html, 'home-case')[0]).toContain('Aanvraag dakkapel');
    // Seen at this login: the next login no longer calls it new.
    await second.submit('/', '/uitloggen', {});
    const third = await loggedInClient(t, pieter.bsn);
    expect(texts((await third.text('/')).html, 'attention-case')).toEqual([]);
  });

  it('R5: the greeting uses the screen name the citizen chose', async () => {
    const client = await loggedInClient(t, pieter.bsn);
    await client.submit('/mijn-account', '/mijn-account/schermnaam', { screenName: 'Piet' });
    expect((await client.text('/')).html).toContain('<h1 class="utrecht-heading-1">Welkom, Piet</h1>');
  });
});

describe('the way back after logging in', () => {
  it('R1: the login page of a protected page returns there and keeps the language', async () => {
    const visitor = new HttpClient(t.baseUrl);
    const page = await visitor.text('/tijdlijn?soort=message&lang=en');
    expect(page.status).toBe(401);
    expect(page.html).toContain('<title>Error: You are not logged in | Burgerportaal</title>');
    expect(page.html).toContain('href="/inloggen?terug=%2Ftijdlijn%3Fsoort%3Dmessage&amp;lang=en"');
    expect((await visitor.text('/?lang=en')).html).toContain('href="/inloggen?lang=en"');
  });
});

describe('one timeline across organisations', () => {
  it('R4 R11: messages and case status changes of all organisations in one list, newest first, filterable by organisation', async () => {
    const client = await loggedInClient(t, pieter.bsn);
    const all = await client.text('/tijdlijn');
    expect(all.status).toBe(200);
    const entries = texts(all.html, 'timeline-entry');
    expect(entries.length).toBe(4);
    // The case status of 2 October 2026 is older than the messages delivered today.
    expect(entries.at(-1)).toContain('Aanvraag dakkapel: In behandeling');
    expect(entries.filter((entry) => entry.includes('Belastingdienst'))).toHaveLength(1);
    const dates = [...all.html.matchAll(/<time datetime="([^"]+)"/g)].map((match) => match[1]!);
    expect([...dates].sort().reverse()).toEqual(dates);

    const filtered = await client.text(`/tijdlijn?organisatie=${encodeURIComponent('Gemeente Utrecht')}`);
    expect(filtered.html).toContain('<title>Tijdlijn: Gemeente Utrecht | Burgerportaal</title>');
    const only = texts(filtered.html, 'timeline-entry');
    expect(only).toHaveLength(3);
    expect(only.every((entry) => entry.includes('Gemeente Utrecht'))).toBe(true);
    expect(texts((await client.text('/tijdlijn?soort=case-status')).html, 'timeline-entry')).toHaveLength(1);
  });
});
