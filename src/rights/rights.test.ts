import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE_ACTIVITY } from '../identity/processing-log.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { samplePdf } from '../../test/api-client.ts';
import { citizenIdOf, giveVerifiedEmail, loggedInClient, organisationApi } from '../../test/fixtures.ts';
import { OINS, startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';
import { pdfText } from '../../test/pdf-text.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const pieter = DEMO_CITIZENS[2]!;
const fourth = DEMO_CITIZENS[3]!;

let f: InboxFixture;
beforeAll(async () => {
  f = await startInboxFixture(
    { NOTIFICATION_DELAY_MS: '0', RIGHTS_CONTACTS: JSON.stringify({ brp: { name: 'Gemeente Utrecht (BRP)', email: 'privacy@utrecht.example', oin: OINS.gemeente } }) },
    { workers: false },
  );
});
afterAll(async () => {
  await f.close();
});

interface ExportDocument {
  format: string;
  generatedAt: string;
  sections: {
    account: { account: { bsn: string; activatedAt: string }; logins: { startedAt: string }[]; usageHistory: { id: string; action: string }[] };
    profile: { screenName: string | null; email: string | null; phone: string | null; photo: { contentBase64: string } | null; savedAddresses: { label: string; city: string }[] };
    messages: {
      messages: { id: string; sender: string; subject: string | null; body: string | null; contentIncluded: boolean; attachments: { filename: string | null; contentBase64?: string }[] }[];
      preferences: { organisation: string; allowed: boolean }[];
      deliveredBy: { name: string; messages: number }[];
    };
    cases: { id: string; title: string; statuses: { label: string }[] }[];
    notifications: { outcome: string }[];
    rightsRequests: { id: string; status: string; explanation: string }[];
  };
}

describe('access export', () => {
  it('R20: the JSON and PDF export hold every category for a citizen who has each, as the database holds it', async () => {
    const client = await f.as(johanna);
    const citizenId = await citizenIdOf(f.t, johanna.bsn);
    const db = f.t.portal.db;
    await client.submit('/mijn-account', '/mijn-account/schermnaam', { screenName: 'Jo' });
    await giveVerifiedEmail(f.t, johanna.bsn, 'johanna@example.org');
    const selfEntered = f.t.portal.modules.profile.selfEntered;
    const acting = { actor: { citizenId }, subject: { citizenId }, loginId: randomUUID() };
    await selfEntered.setPhone({ acting, phone: '06 12345678' });
    await selfEntered.addAddress({ acting, address: { label: 'Vakantieadres', street: 'Duinweg 1', postcode: '1234 AB', city: 'Zandvoort' } });
    await selfEntered.setPhoto({ acting, upload: await sharp({ create: { width: 40, height: 40, channels: 3, background: '#369' } }).png().toBuffer() });
    const pdf = samplePdf('Aanslag 2026');
    const readable = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Uw parkeervergunning', body: 'De vergunning is verleend.', attachments: [{ filename: 'vergunning.pdf', contentType: 'application/pdf', content: pdf.toString('base64') }] });
    const withheld = await f.deliver(f.belastingdienst, johanna.bsn, { subject: 'Geheime aanslag', requiredAssurance: 'hoog' });
    await f.t.portal.modules.notifications.worker().runOnce();
    const prefsPage = await client.text('/instellingen/berichtvoorkeuren');
    const gemeenteId = (await f.t.portal.organisations.findByOin(OINS.gemeente))?.organisationId ?? '';
    expect(prefsPage.status).toBe(200);
    await client.submit('/instellingen/berichtvoorkeuren', '/instellingen/berichtvoorkeuren', { organisatie: gemeenteId, toestaan: 'nee' });
    const caseRef = `Z-${Date.now()}`;
    const api = (path: string, body: unknown, method: string) => organisationApi(f.t).call(f.gemeente, path, body, method);
    expect((await api(`/api/v1/cases/${caseRef}`, { recipient: { bsn: johanna.bsn }, caseType: 'Parkeervergunning', title: 'Aanvraag parkeervergunning', dossierUrl: 'https://mijn.utrecht.example/zaken/1', openedOn: '2026-01-05' }, 'PUT')).status).toBe(201);
    expect((await api(`/api/v1/cases/${caseRef}/statuses`, { sequence: 1, code: 'ontvangen', label: 'Aanvraag ontvangen', occurredAt: new Date().toISOString(), final: false }, 'POST')).status).toBe(201);
    await client.submit('/mijn-rechten/verzoek', '/mijn-rechten/verzoek', { recht: 'rectification', soort: 'brp', organisatie: '', uitleg: 'Mijn tweede voornaam ontbreekt.' });

    const asked = await client.submit('/mijn-rechten/inzage', '/mijn-rechten/inzage', { bijlagen: 'mee' });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('data-testid="notice"');
    const jsonHref = /href="(\/mijn-rechten\/inzage\/[0-9a-f-]{36}\/gegevens\.json)"/.exec(asked.html)?.[1] ?? '';
    const pdfHref = /href="(\/mijn-rechten\/inzage\/[0-9a-f-]{36}\/gegevens\.pdf)"/.exec(asked.html)?.[1] ?? '';
    const jsonResponse = await client.get(jsonHref);
    expect(jsonResponse.status).toBe(200);
    const exported = (await jsonResponse.json()) as ExportDocument;
    const { sections } = exported;

    // Account, logins and the whole usage history, record by record.
    expect(sections.account.account.bsn).toBe(johanna.bsn);
    const citizen = await db.selectFrom('citizens').selectAll().where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    expect(sections.account.account.activatedAt).toBe(new Date(citizen.activated_at ?? 0).toISOString());
    const logins = await db.selectFrom('login_history').select('started_at').where('citizen_id', '=', citizenId).orderBy('started_at').execute();
    expect(sections.account.logins.map((l) => l.startedAt)).toEqual(logins.map((l) => new Date(l.started_at).toISOString()));
    const usage = await db.selectFrom('processing_log').select(['log_id', 'operation_name']).where('data_subject_id', '=', citizenId).where('processing_activity_id', '=', USAGE_ACTIVITY).where('start_time', '<=', new Date(exported.generatedAt)).orderBy('start_time').orderBy('log_id').execute();
    expect(sections.account.usageHistory.map((u) => u.id)).toEqual(usage.map((u) => u.log_id));
    // Every exercise of a right is in the usage history the export carries (R21 too).
    expect(sections.account.usageHistory.map((u) => u.action)).toEqual(expect.arrayContaining(['rights-request-received', 'rights-request-forwarded', 'access-export-requested-with-attachments', 'login']));

    // Profile and preferences.
    expect(sections.profile).toMatchObject({ screenName: 'Jo', email: 'johanna@example.org', phone: '06 12345678', savedAddresses: [{ label: 'Vakantieadres', street: 'Duinweg 1', postcode: '1234 AB', city: 'Zandvoort' }] });
    expect(sections.profile.photo?.contentBase64).toBe((await selfEntered.photo(citizenId))?.bytes.toString('base64'));
    const choices = await db.selectFrom('message_preferences').select(['organisation_id', 'allowed']).where('citizen_id', '=', citizenId).execute();
    expect(sections.messages.preferences).toEqual(choices.map((c) => expect.objectContaining({ organisation: c.organisation_id === gemeenteId ? 'Gemeente Utrecht' : expect.any(String), allowed: c.allowed })));
    expect(sections.messages.preferences).toEqual([expect.objectContaining({ organisation: 'Gemeente Utrecht', allowed: false })]);

    // Messages: every one in the database, readable content and attachment bytes, the one above the login's level withheld.
    const messageRows = await db.selectFrom('messages').select('message_id').where('citizen_id', '=', citizenId).orderBy('visible_from').orderBy('message_id').execute();
    expect(sections.messages.messages.map((m) => m.id)).toEqual(messageRows.map((m) => m.message_id));
    const opened = sections.messages.messages.find((m) => m.id === readable);
    expect(opened).toMatchObject({ sender: 'Gemeente Utrecht', subject: 'Uw parkeervergunning', body: 'De vergunning is verleend.', contentIncluded: true });
    expect(opened?.attachments).toEqual([expect.objectContaining({ filename: 'vergunning.pdf', contentBase64: pdf.toString('base64') })]);
    expect(sections.messages.messages.find((m) => m.id === withheld)).toMatchObject({ sender: 'Belastingdienst', subject: null, body: null, contentIncluded: false });
    expect(JSON.stringify(exported)).not.toContain('Geheime aanslag');
    expect(sections.messages.deliveredBy.map((d) => d.name).sort()).toEqual(['Belastingdienst', 'Gemeente Utrecht']);

    // Cases with their statuses, notification attempts, and the rights requests.
    const caseRows = await db.selectFrom('cases').select('case_id').where('citizen_id', '=', citizenId).execute();
    expect(sections.cases.map((c) => c.id).sort()).toEqual(caseRows.map((c) => c.case_id).sort());
    expect(sections.cases[0]).toMatchObject({ title: 'Aanvraag parkeervergunning', statuses: [expect.objectContaining({ label: 'Aanvraag ontvangen' })] });
    const attempts = await db.selectFrom('notification_log').select('outcome').where('citizen_id', '=', citizenId).orderBy('occurred_at').execute();
    expect(attempts.length).toBeGreaterThan(0);
    expect(sections.notifications.map((n) => n.outcome)).toEqual(attempts.map((a) => a.outcome));
    const requestRows = await db.selectFrom('rights_requests').select('request_id').where('citizen_id', '=', citizenId).execute();
    expect(sections.rightsRequests.map((r) => r.id)).toEqual(requestRows.map((r) => r.request_id));
    expect(sections.rightsRequests[0]).toMatchObject({ status: 'forwarded', explanation: 'Mijn tweede voornaam ontbreekt.' });

    // The PDF says the same to a person.
    const pdfResponse = await client.get(pdfHref);
    expect(pdfResponse.status).toBe(200);
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await pdfResponse.arrayBuffer()));
    for (const expected of [johanna.bsn, 'Jo', 'johanna@example.org', '06 12345678', 'Duinweg 1, 1234 AB Zandvoort', 'Uw parkeervergunning', 'De vergunning is verleend.', 'vergunning.pdf', 'Aanvraag parkeervergunning', 'Aanvraag ontvangen', 'E-mailmeldingen', 'Mijn tweede voornaam ontbreekt.', 'Gemeente Utrecht']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Geheime aanslag');

    // Stored encrypted; downloads are recorded; nobody else can fetch it.
    const stored = await db.selectFrom('access_exports').select(['json_encrypted', 'pdf_encrypted']).where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.json_encrypted ?? []).toString('latin1')).not.toContain(johanna.bsn);
    const after = await db.selectFrom('processing_log').select('operation_name').where('data_subject_id', '=', citizenId).execute();
    expect(after.map((r) => r.operation_name)).toEqual(expect.arrayContaining(['access-export-ready', 'access-export-downloaded-json', 'access-export-downloaded-pdf']));
    const other = await f.as(fatima);
    expect((await other.get(jsonHref)).status).toBe(404);
  });

  it('R20: attachments are only listed when the citizen does not ask for them', async () => {
    const client = await f.as(pieter);
    await f.deliver(f.gemeente, pieter.bsn, { subject: 'Met bijlage', attachments: [{ filename: 'brief.pdf', contentType: 'application/pdf', content: samplePdf('Brief').toString('base64') }] });
    const asked = await client.submit('/mijn-rechten/inzage', '/mijn-rechten/inzage', { bijlagen: 'lijst' });
    const jsonHref = /href="(\/mijn-rechten\/inzage\/[0-9a-f-]{36}\/gegevens\.json)"/.exec(asked.html)?.[1] ?? '';
    const exported = (await (await client.get(jsonHref)).json()) as ExportDocument;
    const attachment = exported.sections.messages.messages.find((m) => m.subject === 'Met bijlage')?.attachments[0];
    expect(attachment).toMatchObject({ filename: 'brief.pdf' });
    expect(attachment).not.toHaveProperty('contentBase64');
  });
  it('R20: a name and self-entered data beyond Windows-1252 (Ş, ł, ő, €, Greek) come back exactly from the PDF and the JSON', async () => {
    const client = await f.as(fourth);
    const citizenId = await citizenIdOf(f.t, fourth.bsn);
    const screenName = 'Şükrü Łukasz Őrs';
    expect((await client.submit('/mijn-account', '/mijn-account/schermnaam', { screenName })).status).toBe(200);
    const acting = { actor: { citizenId }, subject: { citizenId }, loginId: randomUUID() };
    const address = { label: 'Ταβέρνα €5', street: 'Kraków łąka 3', postcode: '1234 AB', city: 'Győr' };
    await f.t.portal.modules.profile.selfEntered.addAddress({ acting, address });

    const asked = await client.submit('/mijn-rechten/inzage', '/mijn-rechten/inzage', { bijlagen: 'lijst' });
    const jsonHref = /href="(\/mijn-rechten\/inzage\/[0-9a-f-]{36}\/gegevens\.json)"/.exec(asked.html)?.[1] ?? '';
    const pdfHref = /href="(\/mijn-rechten\/inzage\/[0-9a-f-]{36}\/gegevens\.pdf)"/.exec(asked.html)?.[1] ?? '';
    const exported = (await (await client.get(jsonHref)).json()) as ExportDocument;
    expect(exported.sections.profile).toMatchObject({ screenName, savedAddresses: [expect.objectContaining(address)] });
    const text = await pdfText(Buffer.from(await (await client.get(pdfHref)).arrayBuffer()));
    for (const expected of [screenName, 'Ταβέρνα €5', 'Kraków łąka 3, 1234 AB Győr']) expect(text).toContain(expected);
  });
});

describe('rights requests', () => {
  it('R21: a request about register data is forwarded to its authority and followed against the one-month deadline, extendable by two with a reason', async () => {
    let client = await loggedInClient(f.t, fatima.bsn);
    const citizenId = await citizenIdOf(f.t, fatima.bsn);
    const page = await client.text('/mijn-rechten');
    expect(page.html).toContain('data-kind="brp"');
    expect(page.html).toContain('data-testid="not-erasable"');

    const invalid = await client.submit('/mijn-rechten/verzoek', '/mijn-rechten/verzoek', { recht: 'erasure', soort: 'messages', organisatie: '', uitleg: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('data-testid="error-summary"');
    expect(await f.t.portal.db.selectFrom('rights_requests').select('request_id').where('citizen_id', '=', citizenId).execute()).toHaveLength(0);

    const receivedAt = f.t.clock.now();
    const made = await client.submit('/mijn-rechten/verzoek', '/mijn-rechten/verzoek', { recht: 'rectification', soort: 'brp', organisatie: '', uitleg: 'Mijn adres is verouderd.' });
    expect(made.status).toBe(200);
    expect(made.html).toContain('data-testid="notice"');
    expect(made.html).toMatch(/data-testid="request-status">Doorgestuurd</);
    expect(made.html).toMatch(/data-testid="request-authority">Gemeente Utrecht \(BRP\)</);
    const row = await f.t.portal.db.selectFrom('rights_requests').selectAll().where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    const oneMonth = new Date(receivedAt);
    oneMonth.setUTCMonth(oneMonth.getUTCMonth() + 1);
    expect(Math.abs(new Date(row.deadline).getTime() - oneMonth.getTime())).toBeLessThan(3 * 24 * 3600 * 1000);
    expect(row.forwarded_to).toBe('privacy@utrecht.example');
    // The mail carries no personal data; the authority reads the request over the API.
    const mail = await f.t.portal.mailCatcher!.waitFor((m) => m.to.includes('privacy@utrecht.example') && m.subject.includes(row.request_id));
    expect(mail.text).not.toContain(fatima.bsn);
    expect(mail.text).not.toContain('verouderd');

    const api = organisationApi(f.t);
    const read = await api.call(f.gemeente, `/api/v1/rights-requests/${row.request_id}`, undefined, 'GET');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ bsn: fatima.bsn, right: 'rectification', dataKind: 'brp', explanation: 'Mijn adres is verouderd.', status: 'forwarded', extended: false });
    // Another organisation does not see it.
    expect((await api.call(f.belastingdienst, `/api/v1/rights-requests/${row.request_id}`, undefined, 'GET')).status).toBe(404);

    // Past the month without an answer: the citizen sees it is overdue (test clock).
    f.t.clock.advance(32 * 24 * 3600 * 1000);
    client = await loggedInClient(f.t, fatima.bsn);
    expect((await client.text(`/mijn-rechten/verzoeken/${row.request_id}`)).html).toContain('data-testid="request-overdue"');

    const noReason = await api.call(f.gemeente, `/api/v1/rights-requests/${row.request_id}/status`, { status: 'extended' }, 'PUT');
    expect(noReason.status).toBe(400);
    expect(noReason.headers['content-type']).toContain('application/problem+json');
    const extend = { status: 'extended', reason: 'Wij moeten de akte opvragen bij een andere gemeente.' };
    const extended = await api.call(f.gemeente, `/api/v1/rights-requests/${row.request_id}/status`, extend, 'PUT');
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ extended: true, status: 'forwarded' });
    const threeMonths = new Date(row.received_at);
    threeMonths.setUTCMonth(threeMonths.getUTCMonth() + 3);
    expect(Math.abs(new Date((extended.body as { deadline: string }).deadline).getTime() - threeMonths.getTime())).toBeLessThan(3 * 24 * 3600 * 1000);
    // Idempotent: the same extension again changes nothing; another reason is a conflict.
    expect((await api.call(f.gemeente, `/api/v1/rights-requests/${row.request_id}/status`, extend, 'PUT')).body).toEqual(extended.body);
    expect((await api.call(f.gemeente, `/api/v1/rights-requests/${row.request_id}/status`, { status: 'extended', reason: 'Anders' }, 'PUT')).status).toBe(409);
    const afterExtension = await client.text(`/mijn-rechten/verzoeken/${row.request_id}`);
    expect(afterExtension.html).toContain('data-testid="request-extended"');
    expect(afterExtension.html).toContain('Wij moeten de akte opvragen bij een andere gemeente.');
    expect(afterExtension.html).not.toContain('data-testid="request-overdue"');

    const refusal = { status: 'refused', reason: 'Uw adres is juist ingeschreven volgens de aangifte.' };
    const refused = await api.call(f.gemeente, `/api/v1/rights-requests/${row.request_id}/status`, refusal, 'PUT');
    expect(refused.status).toBe(200);
    expect((await api.call(f.gemeente, `/api/v1/rights-requests/${row.request_id}/status`, refusal, 'PUT')).status).toBe(200);
    const conflict = await api.call(f.gemeente, `/api/v1/rights-requests/${row.request_id}/status`, { status: 'handled' }, 'PUT');
    expect(conflict.status).toBe(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    const final = await client.text(`/mijn-rechten/verzoeken/${row.request_id}`);
    expect(final.html).toMatch(/data-testid="request-status">Geweigerd</);
    expect(final.html).toContain('Uw adres is juist ingeschreven volgens de aangifte.');
    const history = await f.t.portal.db.selectFrom('processing_log').select('operation_name').where('data_subject_id', '=', citizenId).execute();
    expect(history.map((h) => h.operation_name)).toEqual(expect.arrayContaining(['rights-request-received', 'rights-request-forwarded', 'rights-request-extended', 'rights-request-refused']));
  });

  it('R21: a request about messages goes to the organisation the citizen picks, which alone sets its status', async () => {
    const client = await loggedInClient(f.t, pieter.bsn);
    const belastingdienstId = (await f.t.portal.organisations.findByOin(OINS.belastingdienst))?.organisationId ?? '';
    const missing = await client.submit('/mijn-rechten/verzoek', '/mijn-rechten/verzoek', { recht: 'erasure', soort: 'messages', organisatie: '', uitleg: 'Dit bericht is niet voor mij.' });
    expect(missing.status).toBe(400);
    const made = await client.submit('/mijn-rechten/verzoek', '/mijn-rechten/verzoek', { recht: 'erasure', soort: 'messages', organisatie: belastingdienstId, uitleg: 'Dit bericht is niet voor mij.' });
    expect(made.html).toMatch(/data-testid="request-authority">Belastingdienst</);
    const requestId = /verzoeken\/([0-9a-f-]{36})/.exec((await client.text('/mijn-rechten')).html)?.[1] ?? '';
    const api = organisationApi(f.t);
    expect((await api.call(f.gemeente, `/api/v1/rights-requests/${requestId}/status`, { status: 'handled' }, 'PUT')).status).toBe(404);
    expect((await api.call(f.belastingdienst, `/api/v1/rights-requests/${requestId}/status`, { status: 'handled' }, 'PUT')).status).toBe(200);
    expect((await client.text(`/mijn-rechten/verzoeken/${requestId}`)).html).toMatch(/data-testid="request-status">Afgehandeld</);
    // Another citizen gets a 404 for it.
    expect((await (await loggedInClient(f.t, johanna.bsn)).get(`/mijn-rechten/verzoeken/${requestId}`)).status).toBe(404);
  });

  it('R21: a request that cannot be forwarded stays "received" for the citizen and the job forwards it later', async () => {
    const client = await loggedInClient(f.t, johanna.bsn);
    f.t.portal.mailCatcher!.setFailing(true);
    let requestId = '';
    try {
      const made = await client.submit('/mijn-rechten/verzoek', '/mijn-rechten/verzoek', { recht: 'objection', soort: 'woz', organisatie: '', uitleg: 'De WOZ-waarde is te hoog.' });
      expect(made.html).toMatch(/data-testid="request-status">Ontvangen</);
      requestId = /verzoeken\/([0-9a-f-]{36})/.exec((await client.text('/mijn-rechten')).html)?.[1] ?? '';
    } finally {
      f.t.portal.mailCatcher!.setFailing(false);
    }
    f.t.clock.advance(2 * 60_000);
    expect(await f.t.portal.modules.rights.requests.retryForwarding()).toBe(1);
    expect((await client.text(`/mijn-rechten/verzoeken/${requestId}`)).html).toMatch(/data-testid="request-status">Doorgestuurd</);
    // Without a configured contact for the WOZ it goes to the portal's own desk, and the page names the authority by its role.
    const row = await f.t.portal.db.selectFrom('rights_requests').select('forwarded_to').where('request_id', '=', requestId).executeTakeFirstOrThrow();
    expect(row.forwarded_to).toBe('privacy@burgerportaal.example');
    expect((await client.text(`/mijn-rechten/verzoeken/${requestId}`)).html).toMatch(/data-testid="request-authority">De gemeente waarin de woning ligt</);
    expect(await f.t.portal.modules.rights.requests.retryForwarding()).toBe(0);
  });
});
