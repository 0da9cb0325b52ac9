import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { apiRequest, samplePdf } from '../../test/api-client.ts';
import { loggedInClient } from '../../test/fixtures.ts';
import { headerCount, OINS, rowsOf, startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const pieter = DEMO_CITIZENS[2]!;
const sanne = DEMO_CITIZENS[3]!;

let f: InboxFixture;
beforeAll(async () => {
  // Notifications wait ten minutes and the worker runs only when a test runs it, on the injected clock.
  f = await startInboxFixture({ NOTIFICATION_DELAY_MS: '600000' }, { workers: false });
  for (const person of [johanna, fatima, pieter, sanne]) await f.as(person);
});
afterAll(async () => {
  await f.close();
});

describe('inbox list', () => {
  it('R4 R7: lists newest first, 20 per page, unread marked, with the unread count in the header', async () => {
    const client = await f.as(johanna);
    for (let n = 1; n <= 25; n++) {
      await f.deliver(n % 2 ? f.gemeente : f.belastingdienst, johanna.bsn, { subject: `Reeks ${String(n).padStart(2, '0')}` });
      f.t.clock.advance(1000);
    }
    const first = await client.text('/berichten');
    expect(first.status).toBe(200);
    const rows = rowsOf(first.html);
    expect(rows).toHaveLength(20);
    expect(rows.map((row) => /Reeks (\d+)/.exec(row.text)?.[1])).toEqual(Array.from({ length: 20 }, (_, i) => String(25 - i).padStart(2, '0')));
    expect(rows.every((row) => row.unread && row.text.startsWith('Ongelezen'))).toBe(true);
    expect(rows[0]!.text).toContain('Gemeente Utrecht');
    expect(rows[1]!.text).toContain('Belastingdienst');
    expect(first.html).toContain('Pagina 1 van 2');
    expect(first.html).toContain('href="/berichten?pagina=2"');
    expect(headerCount(first.html)).toBe(25);

    const second = rowsOf((await client.text('/berichten?pagina=2')).html);
    expect(second.map((row) => /Reeks (\d+)/.exec(row.text)?.[1])).toEqual(['05', '04', '03', '02', '01']);
    expect(rowsOf((await client.text('/berichten?pagina=99')).html)).toHaveLength(5);
    expect(rowsOf((await client.text('/berichten?pagina=abc')).html)).toHaveLength(20);
  });

  it('R4: a message is listed and counted only from its visible_from time on', async () => {
    const client = await f.as(johanna);
    const before = headerCount((await client.text('/berichten')).html);
    const id = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Later zichtbaar', visibleFrom: new Date(f.t.clock.now().getTime() + 30_000).toISOString() });
    const hidden = await client.text('/berichten');
    expect(hidden.html).not.toContain('Later zichtbaar');
    expect(headerCount(hidden.html)).toBe(before);
    expect((await client.text(`/berichten/${id}`)).status).toBe(404);
    f.t.clock.advance(60_000);
    const shown = await client.text('/berichten');
    expect(rowsOf(shown.html)[0]!.text).toContain('Later zichtbaar');
    expect(headerCount(shown.html)).toBe(before + 1);
  });

  it('R7: searches subjects (decrypted) and sender names, case-insensitively, within the chosen folder', async () => {
    const client = await f.as(johanna);
    await f.deliver(f.belastingdienst, johanna.bsn, { subject: 'Voorlopige aanslag inkomstenbelasting 2027' });
    const parking = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Parkeervergunning verlengd' });
    const bySubject = await client.text('/berichten?zoek=PARKEERVERG');
    expect(rowsOf(bySubject.html).map((row) => row.id)).toEqual([parking]);
    expect(bySubject.html).toContain('1 bericht gevonden voor &quot;PARKEERVERG&quot;');
    const bySender = rowsOf((await client.text('/berichten?zoek=belastingdienst')).html);
    expect(bySender.length).toBeGreaterThan(1);
    expect(bySender.every((row) => row.text.includes('Belastingdienst'))).toBe(true);
    expect(rowsOf((await client.text('/berichten?zoek=%25')).html)).toHaveLength(0);
    expect((await client.text('/berichten?zoek=%25')).html).toContain('Er zijn geen berichten gevonden');
    // The same search in the archive finds nothing until the message is archived.
    expect(rowsOf((await client.text('/berichten?map=archief&zoek=parkeer')).html)).toHaveLength(0);
    await client.submit(`/berichten/${parking}`, `/berichten/${parking}/archiveren`, {});
    expect(rowsOf((await client.text('/berichten?map=archief&zoek=parkeer')).html).map((row) => row.id)).toEqual([parking]);
    expect(rowsOf((await client.text('/berichten?zoek=parkeer')).html)).toHaveLength(0);
  });
});

describe('search across folders', () => {
  it('R7: one search covers all folders, can be narrowed to unread, one sender or a respond-by date, and the title says what was searched', async () => {
    const client = await f.as(sanne);
    const archived = await f.deliver(f.gemeente, sanne.bsn, { subject: 'Zwemles gemeente: inschrijving' });
    const binned = await f.deliver(f.belastingdienst, sanne.bsn, { subject: 'Zwemles aftrekbaar?' });
    const due = await f.deliver(f.gemeente, sanne.bsn, { subject: 'Zwemles: reageer op tijd', dueAt: '2031-03-01T12:00:00Z' });
    await client.submit('/berichten', `/berichten/${archived}/archiveren`, {});
    await client.submit('/berichten', `/berichten/${binned}/verwijderen`, {});
    await client.text(`/berichten/${due}`);

    const all = await client.text('/berichten?map=alle&zoek=zwemles');
    expect(rowsOf(all.html).map((row) => row.id).sort()).toEqual([archived, binned, due].sort());
    expect(all.html).toContain('<title>Zoeken in alle mappen: &quot;zwemles&quot; | Burgerportaal</title>');
    expect(all.html).toContain('data-testid="message-folder" data-label="Map">Prullenbak');
    expect(rowsOf((await client.text('/berichten?zoek=zwemles')).html)).toHaveLength(1);

    const unread = await client.text('/berichten?map=alle&zoek=zwemles&ongelezen=ja');
    expect(rowsOf(unread.html).map((row) => row.id).sort()).toEqual([archived, binned].sort());
    const gemeenteId = /<option value="([0-9a-f-]{36})"[^>]*>Gemeente Utrecht</.exec(all.html)?.[1];
    const fromGemeente = await client.text(`/berichten?map=alle&afzender=${gemeenteId}`);
    expect(rowsOf(fromGemeente.html).map((row) => row.id).sort()).toEqual([archived, due].sort());
    expect(fromGemeente.html).toContain('2 berichten gevonden.');
    const withDue = await client.text('/berichten?map=alle&termijn=ja');
    expect(rowsOf(withDue.html).map((row) => row.id)).toEqual([due]);
    expect(withDue.html).toContain('1 bericht gevonden.');
    // A malformed sender is no filter, not an error.
    expect((await client.text('/berichten?map=alle&afzender=%27%3B--')).status).toBe(200);
  });
});

describe('reading and moving a message', () => {
  it('R4 R6: opening marks read (also for the sender\'s status); "markeer als ongelezen" undoes it', async () => {
    const client = await f.as(johanna);
    const id = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Lees mij', dueAt: '2031-05-01T10:00:00Z', legalConsequence: true });
    const listed = await client.text('/berichten');
    const count = headerCount(listed.html);
    expect(rowsOf(listed.html).find((row) => row.id === id)?.text).toContain('1 mei 2031');
    const opened = await client.text(`/berichten/${id}`);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('data-testid="message-subject">Lees mij</h1>');
    expect(opened.html).toMatch(/data-testid="due"><strong>Reageer uiterlijk op 1 mei 2031<\/strong>/);
    expect(opened.html).toContain('Dit is een besluit');
    expect(opened.html).toContain('data-testid="message-sender">Gemeente Utrecht<');
    expect(headerCount(opened.html)).toBe(count - 1);
    expect((await f.messageRow(id)).read_at).not.toBeNull();
    const status = await apiRequest({ baseUrl: f.t.portal.apiUrl, ca: f.ca.cert, path: `/api/v1/messages/${id}`, credentials: f.gemeente });
    expect((status.body as { status: string }).status).toBe('read');

    const unread = await client.submit(`/berichten/${id}`, `/berichten/${id}/ongelezen`, {});
    expect(unread.status).toBe(200);
    expect(unread.html).toContain('Het bericht staat weer op ongelezen.');
    expect(rowsOf(unread.html).find((row) => row.id === id)?.unread).toBe(true);
    expect(headerCount(unread.html)).toBe(count);
  });

  it('R4: archive, delete to the bin and restore move the message between folders; the bin is not counted', async () => {
    const client = await f.as(johanna);
    const id = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Verhuizend bericht' });
    const folderOf = async (map: string) => rowsOf((await client.text(`/berichten${map}`)).html).some((row) => row.id === id);
    const count = headerCount((await client.text('/berichten')).html);

    const archived = await client.submit('/berichten', `/berichten/${id}/archiveren`, {});
    expect(archived.html).toContain('Het bericht staat nu in het Archief.');
    expect([await folderOf(''), await folderOf('?map=archief'), await folderOf('?map=prullenbak')]).toEqual([false, true, false]);
    expect((await f.messageRow(id)).folder).toBe('archive');

    const deleted = await client.submit('/berichten', `/berichten/${id}/verwijderen`, {});
    expect(deleted.html).toContain('Het bericht staat nu in de Prullenbak.');
    expect([await folderOf(''), await folderOf('?map=archief'), await folderOf('?map=prullenbak')]).toEqual([false, false, true]);
    expect(headerCount(deleted.html)).toBe(count - 1);
    const inBin = await client.text(`/berichten/${id}`);
    expect(inBin.html).toContain('data-testid="action-restore"');
    expect(inBin.html).not.toContain('data-testid="action-delete"');

    const restored = await client.submit('/berichten', `/berichten/${id}/terugzetten`, {});
    expect(restored.html).toContain('Het bericht staat weer bij Ontvangen.');
    expect([await folderOf(''), await folderOf('?map=archief'), await folderOf('?map=prullenbak')]).toEqual([true, false, false]);
  });

  it('R7: attachments download with a safe Content-Disposition, the right type and nosniff', async () => {
    const client = await f.as(pieter);
    const filename = 'Beschikking "bezwaar" – café (2027).pdf';
    const pdf = samplePdf('Beschikking');
    const id = await f.deliver(f.gemeente, pieter.bsn, {
      subject: 'Met bijlagen',
      attachments: [
        { filename, contentType: 'application/pdf', content: pdf.toString('base64') },
        { filename: 'tweede.pdf', contentType: 'application/pdf', content: samplePdf('Tweede').toString('base64') },
      ],
    });
    const page = await client.text(`/berichten/${id}`);
    expect(page.html).toContain(`href="/berichten/${id}/bijlagen/0"`);
    expect(page.html).toContain('Beschikking &quot;bezwaar&quot; – café (2027).pdf');
    const response = await client.request(`/berichten/${id}/bijlagen/0`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toBe(`attachment; filename="Beschikking _bezwaar_ _ cafe (2027).pdf"; filename*=UTF-8''Beschikking%20%22bezwaar%22%20%E2%80%93%20caf%C3%A9%20%282027%29.pdf`);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(filename);
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await client.request(`/berichten/${id}/bijlagen/1`)).status).toBe(200);
    expect((await client.text(`/berichten/${id}/bijlagen/2`)).status).toBe(404);
  });
});

describe('assurance step-up', () => {
  it('R7: a message above the session\'s level shows no subject, body or attachment until the citizen logs in at that level', async () => {
    const marker = `Hoog-${randomUUID().slice(0, 8)}`;
    const id = await f.deliver(f.belastingdienst, pieter.bsn, {
      subject: `Onderwerp ${marker}`,
      body: `Inhoud ${marker}`,
      requiredAssurance: 'substantieel',
      attachments: [{ filename: `${marker}.pdf`, contentType: 'application/pdf', content: samplePdf(marker).toString('base64') }],
    });
    const client = await f.as(pieter);
    const list = await client.text('/berichten');
    expect(list.html).not.toContain(marker);
    expect(rowsOf(list.html).find((row) => row.id === id)?.text).toContain('Bericht van Belastingdienst. Log opnieuw in met niveau Substantieel om het te lezen.');
    expect(rowsOf((await client.text(`/berichten?zoek=${marker}`)).html)).toHaveLength(0);

    const page = await client.text(`/berichten/${id}`);
    expect(page.status).toBe(403);
    expect(page.html).not.toContain(marker);
    expect(page.html).toContain('Bericht van Belastingdienst');
    expect(page.html).toContain(`href="/inloggen?niveau=substantieel&amp;terug=/berichten/${id}"`);
    const file = await client.text(`/berichten/${id}/bijlagen/0`);
    expect(file.status).toBe(403);
    expect(file.html).not.toContain(marker);
    expect(file.html).not.toContain('%PDF');
    expect((await f.messageRow(id)).read_at).toBeNull();

    const stepped = await loggedInClient(f.t, pieter.bsn);
    const callback = await stepped.loginUntilCallback(pieter.bsn, 'substantieel', `/inloggen?niveau=substantieel&terug=/berichten/${id}`);
    const landed = await stepped.follow(await stepped.request(callback));
    expect(new URL(landed.url).pathname).toBe(`/berichten/${id}`);
    const html = await landed.text();
    expect(html).toContain(`Onderwerp ${marker}`);
    expect(html).toContain(`Inhoud ${marker}`);
    expect((await stepped.request(`/berichten/${id}/bijlagen/0`)).status).toBe(200);
    expect((await f.messageRow(id)).read_at).not.toBeNull();
  });
});

describe('message preferences', () => {
  const path = '/instellingen/berichtvoorkeuren';

  it('R8 R5: an organisation can be switched off and on, is then refused and accepted by the API; a mandatory channel stays on', async () => {
    const client = await f.as(sanne);
    const gemeenteOrg = (await f.t.portal.organisations.findByOin(OINS.gemeente))!;
    const belastingOrg = (await f.t.portal.organisations.findByOin(OINS.belastingdienst))!;
    const page = await client.text(path);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/data-organisation="Gemeente Utrecht" data-allowed="true"/);
    expect(page.html).toMatch(/data-organisation="Belastingdienst" data-allowed="true"/);
    expect(page.html).not.toContain('data-organisation="RDW"');
    expect(page.html).toContain('De wet zegt dat deze organisatie haar berichten alleen via de Berichtenbox stuurt');
    expect(page.html).not.toContain(`name="organisatie" value="${belastingOrg.organisationId}"`);

    const off = await client.submit(path, path, { organisatie: gemeenteOrg.organisationId, toestaan: 'nee' });
    expect(off.status).toBe(200);
    expect(off.html).toContain('Berichten van Gemeente Utrecht staan nu uit.');
    expect(off.html).toMatch(/data-organisation="Gemeente Utrecht" data-allowed="false"/);
    const refused = await f.deliverRaw(f.gemeente, sanne.bsn);
    expect(refused.status).toBe(422);
    expect((refused.body as { type: string }).type).toBe('urn:burgerportaal:problem:recipient-not-accepting');
    expect((await f.deliverRaw(f.belastingdienst, sanne.bsn)).status).toBe(201);

    const mandatory = await client.submit(path, path, { organisatie: belastingOrg.organisationId, toestaan: 'nee' });
    expect(mandatory.status).toBe(400);
    expect(mandatory.html).toContain('Daarom kunt u deze organisatie niet uitzetten');
    expect(mandatory.html).toMatch(/data-organisation="Belastingdienst" data-allowed="true"/);
    expect((await f.deliverRaw(f.belastingdienst, sanne.bsn)).status).toBe(201);

    const on = await client.submit(path, path, { organisatie: gemeenteOrg.organisationId, toestaan: 'ja' });
    expect(on.html).toContain('Berichten van Gemeente Utrecht staan nu aan.');
    expect((await f.deliverRaw(f.gemeente, sanne.bsn)).status).toBe(201);

    const history = /data-testid="activity-history">([\s\S]*?)<\/table>/.exec((await client.text('/mijn-account')).html)?.[1] ?? '';
    expect(history).toContain('Berichten van een organisatie uitgezet');
    expect(history).toContain('Berichten van een organisatie aangezet');

    for (const organisatie of ['geen-id', randomUUID(), (await f.t.portal.organisations.findByOin(OINS.rdw))!.organisationId]) {
      expect((await client.submit(path, path, { organisatie, toestaan: 'nee' })).status).toBe(404);
    }
  });
});

describe('notification history per message', () => {
  it('R10: the message page shows whether and how the portal e-mailed about it', async () => {
    const client = await f.as(pieter);
    const id = await f.deliver(f.gemeente, pieter.bsn, { subject: 'Met meldingsgeschiedenis' });
    expect((await client.text(`/berichten/${id}`)).html).toContain('Wij hebben nog geen e-mail gestuurd over dit bericht.');

    // Past the notification delay the worker handles it; Pieter has no confirmed address.
    f.t.clock.advance(11 * 60 * 1000);
    await f.t.portal.modules.notifications.worker().runOnce();
    expect((await f.messageRow(id)).notification_id).not.toBeNull();
    expect((await client.text(`/berichten/${id}`)).html).toContain('Niet verstuurd: u heeft geen bevestigd e-mailadres');

    // Retried attempts, as the worker logs them: two failures, then sent.
    const other = await f.deliver(f.gemeente, pieter.bsn, { subject: 'Na twee pogingen verstuurd' });
    const citizenId = (await f.t.portal.accounts.findCitizenIdByBsn(pieter.bsn))!;
    const notificationId = randomUUID();
    const base = f.t.clock.now().getTime();
    await f.t.portal.database.db.updateTable('messages').set({ notification_id: notificationId }).where('citizen_id', '=', citizenId).where('message_id', '=', other).execute();
    await f.t.portal.database.db
      .insertInto('notification_log')
      .values(['failed', 'failed', 'sent'].map((outcome, index) => ({ citizen_id: citizenId, notification_id: notificationId, attempt: index + 1, occurred_at: new Date(base + index * 60_000), outcome, detail: null })))
      .execute();
    const html = (await client.text(`/berichten/${other}`)).html;
    const table = /data-testid="notification-history">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect([...table.matchAll(/data-outcome="([^"]+)"/g)].map((m) => m[1])).toEqual(['failed', 'failed', 'sent']);
    expect(table.match(/Niet gelukt\. Wij proberen het opnieuw\./g)).toHaveLength(2);
    expect(table).toContain('Verstuurd naar uw bevestigde e-mailadres');
    // Another citizen's notification rows never appear on this page.
    expect(html).not.toContain('Niet verstuurd: u heeft geen bevestigd e-mailadres');
  });
});
