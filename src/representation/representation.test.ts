import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, DEMO_UNKNOWN_BSN } from '../registers/demo/citizens.ts';
import { giveVerifiedEmail, loggedInClient } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';
import { grantMandate, pendingMandateId, postForm } from '../../test/representation-fixture.ts';
import { mandateStore } from './mandate-store.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const pieter = DEMO_CITIZENS[2]!;
const sanne = DEMO_CITIZENS[3]!; // 15: may log in, may not represent
const gerrit = DEMO_CITIZENS.find((person) => person.deathDate !== null)!;

let f: InboxFixture;
beforeAll(async () => {
  f = await startInboxFixture({ NOTIFICATION_DELAY_MS: '600000' }, { workers: false });
});
afterAll(async () => {
  await f.close();
});

/** Johanna gives Fatima a mandate for these services; Fatima accepts with the code. Returns the mandate id. */
async function activeMandate(grantor: HttpClient, representative: HttpClient, representativeBsn: string, services: string[]): Promise<string> {
  const granted = await grantMandate(grantor, { bsn: representativeBsn, services });
  expect(granted.code).toMatch(/^\d{6}$/);
  const overview = await representative.text('/machtigingen');
  const id = pendingMandateId(overview.html);
  if (!id || !granted.code) throw new Error('no pending mandate');
  const accepted = await postForm(representative, '/machtigingen', `/machtigingen/${id}/accepteren`, [['code', granted.code]]);
  expect(accepted.html).toContain('U heeft de machtiging geaccepteerd.');
  return id;
}

async function actFor(client: HttpClient, mandateId: string) {
  return postForm(client, '/machtigingen', '/namens', [['machtiging', mandateId]]);
}

async function stopActing(client: HttpClient) {
  return postForm(client, '/', '/namens/stoppen', []);
}

describe('mandate lifecycle', () => {
  it('R17: under 18, deceased and not-in-register persons cannot be representatives; the answer does not say which', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    await loggedInClient(f.t, sanne.bsn);
    for (const bsn of [sanne.bsn, gerrit.bsn, DEMO_UNKNOWN_BSN]) {
      const outcome = await grantMandate(grantor, { bsn, services: ['berichtenbox-read'] });
      expect(outcome.location).toBe('/machtigingen/nieuw?fout=not-eligible');
      expect(outcome.html).toContain('Deze persoon kan geen machtiging krijgen.');
    }
    expect((await grantMandate(grantor, { bsn: '123456789', services: ['berichtenbox-read'] })).location).toBe('/machtigingen/nieuw?fout=bsn-invalid');
    expect((await grantMandate(grantor, { bsn: johanna.bsn, services: ['berichtenbox-read'] })).location).toBe('/machtigingen/nieuw?fout=self');
    expect((await grantMandate(grantor, { bsn: fatima.bsn, services: [] })).location).toBe('/machtigingen/nieuw?fout=no-services');
    const mandates = await f.t.portal.db.selectFrom('mandates').select('mandate_id').execute();
    expect(mandates).toHaveLength(0);
  });

  it('R17: pending → active with the code the grantor sees; a wrong code is refused and five wrong codes reject it', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const representative = await loggedInClient(f.t, pieter.bsn);
    const granted = await grantMandate(grantor, { bsn: pieter.bsn, services: ['berichtenbox-read'] });
    expect(granted.html).toContain('Wacht op acceptatie');
    const id = pendingMandateId((await representative.text('/machtigingen')).html);
    if (!id) throw new Error('no pending mandate');
    // The representative's page never shows the code.
    expect((await representative.text('/machtigingen')).html).not.toContain(granted.code ?? 'none');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await postForm(representative, '/machtigingen', `/machtigingen/${id}/accepteren`, [['code', '000000']]);
      expect(wrong.html).toContain('De code klopt niet.');
    }
    const row = await mandateStore.find(f.t.portal.db, id);
    expect(row?.status).toBe('rejected');
    // The right code no longer helps.
    const late = await postForm(representative, '/machtigingen', `/machtigingen/${id}/accepteren`, [['code', granted.code ?? '']]);
    expect(late.status).toBe(404);
  });

  it('R17: either side ends a mandate; the other side cannot act on a foreign mandate', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const representative = await loggedInClient(f.t, fatima.bsn);
    const stranger = await loggedInClient(f.t, pieter.bsn);
    const id = await activeMandate(grantor, representative, fatima.bsn, ['lopende-zaken']);
    expect((await postForm(stranger, '/machtigingen', `/machtigingen/${id}/beeindigen`, [])).status).toBe(404);
    expect((await actFor(stranger, id)).location).toBe('/machtigingen?melding=niet-bruikbaar');
    const ended = await postForm(representative, '/machtigingen', `/machtigingen/${id}/beeindigen`, []);
    expect(ended.html).toContain('De machtiging is beëindigd.');
    expect((await mandateStore.find(f.t.portal.db, id))?.status).toBe('ended');

    const second = await activeMandate(grantor, representative, fatima.bsn, ['lopende-zaken']);
    await postForm(grantor, '/machtigingen', `/machtigingen/${second}/beeindigen`, []);
    expect((await mandateStore.find(f.t.portal.db, second))?.status).toBe('revoked');
  });

  it("R17: a deceased citizen's mandates end", async () => {
    const representative = await loggedInClient(f.t, fatima.bsn);
    const gerritId = await f.t.portal.db.transaction().execute((trx) => f.t.portal.accounts.ensureAccount(trx, gerrit.bsn));
    const fatimaId = await f.t.portal.accounts.findCitizenIdByBsn(fatima.bsn);
    const id = '01900000-0000-7000-8000-00000000dead';
    await mandateStore.insert(f.t.portal.db, {
      grantor_id: gerritId, mandate_id: id, representative_id: fatimaId ?? '', kind: 'mandate', services: 'berichtenbox-read', organisations: null,
      valid_from: new Date(0), valid_until: null, status: 'active', acceptance_code: null, failed_attempts: 0,
      grantor_name_encrypted: f.t.portal.keyring.encryptText('Gerrit Visser', `mandate:${id}:grantor-name`), representative_name_encrypted: null,
      created_at: new Date(0), accepted_at: new Date(0), ended_at: null, end_reason: null, first_used_at: null, organisation_id: null, reference: null, legal_basis: null, authentication_context_encrypted: null,
    });
    const tried = await actFor(representative, id);
    expect(tried.location).toBe('/machtigingen?melding=niet-bruikbaar');
    const row = await mandateStore.find(f.t.portal.db, id);
    expect(row?.status).toBe('ended');
    expect(row?.end_reason).toBe('deceased');
  });
});

describe('acting for someone', () => {
  it('R17: the representative acts within scope, sees a banner, and a revocation takes effect on the next request', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const representative = await loggedInClient(f.t, fatima.bsn);
    const messageId = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Voor Johanna' });
    const own = await f.deliver(f.gemeente, fatima.bsn, { subject: 'Voor Fatima zelf' });
    const id = await activeMandate(grantor, representative, fatima.bsn, ['berichtenbox-read']);
    expect((await actFor(representative, id)).location).toBe('/');

    const home = await representative.text('/');
    expect(home.html).toContain('U handelt namens Johanna de Vries');
    expect(home.html).toContain('href="/berichten"');
    expect(home.html).not.toContain('href="/zaken"');
    expect(home.html).not.toContain('href="/mijn-account"');
    expect(home.html).not.toContain('href="/instellingen/berichtvoorkeuren"');
    const message = await representative.text(`/berichten/${messageId}`);
    expect(message.status).toBe(200);
    expect(message.html).toContain('Voor Johanna');
    // Outside the scope: 404, as for a foreign id; the representative's own message is not the subject's.
    expect((await representative.text('/zaken')).status).toBe(404);
    expect((await representative.text('/mijn-account')).status).toBe(404);
    expect((await representative.text(`/berichten/${own}`)).status).toBe(404);
    expect((await postForm(representative, `/berichten/${messageId}`, `/berichten/${messageId}/archiveren`, [])).status).toBe(404);
    // No granting onward and no changing the subject's e-mail.
    expect((await representative.text('/machtigingen/nieuw')).status).toBe(404);
    expect((await postForm(representative, '/', '/mijn-account/e-mail', [['email', 'x@example.org']])).status).toBe(404);

    await postForm(grantor, '/machtigingen', `/machtigingen/${id}/beeindigen`, []);
    const after = await representative.text(`/berichten/${messageId}`);
    expect(after.status).toBe(404);
    expect(after.html).not.toContain('U handelt namens');
  });

  it('R17: every action and refusal is in one ledger with actor, subject, service and mandate, shown to both sides', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const representative = await loggedInClient(f.t, pieter.bsn);
    const messageId = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Ledger' });
    const id = await activeMandate(grantor, representative, pieter.bsn, ['berichtenbox-read']);
    await actFor(representative, id);
    await representative.text(`/berichten/${messageId}`);
    await representative.text('/zaken');
    await stopActing(representative);
    const records = await f.t.portal.db.selectFrom('processing_log').selectAll().where('mandate_id', '=', id).orderBy('start_time').execute();
    const johannaId = await f.t.portal.accounts.findCitizenIdByBsn(johanna.bsn);
    const pieterId = await f.t.portal.accounts.findCitizenIdByBsn(pieter.bsn);
    expect(records.every((record) => record.data_subject_id === johannaId && record.actor_citizen_id === pieterId)).toBe(true);
    expect(records.some((record) => record.route === '/berichten/:id' && record.status_code === 1 && record.mandate_service === 'berichtenbox-read')).toBe(true);
    expect(records.some((record) => record.route === '/zaken' && record.status_code === 2 && record.mandate_service === 'lopende-zaken')).toBe(true);

    const mine = await grantor.text('/machtigingen/namens-mij');
    expect(mine.html).toContain('Bekeken: Berichten lezen');
    expect(mine.html).toContain('Geweigerd of mislukt');
    expect(mine.html).toContain('data-testid="ledger-revoke"');
    const theirs = await representative.text('/machtigingen/mijn-handelingen');
    expect(theirs.html).toContain('Johanna de Vries');
    expect(theirs.html).toContain('Bekeken: Berichten lezen');
  });

  it('R17: a change by a representative is recorded before it runs and finished with its outcome', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const representative = await loggedInClient(f.t, pieter.bsn);
    const messageId = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Archiveren namens' });
    const id = await activeMandate(grantor, representative, pieter.bsn, ['berichtenbox-manage']);
    await actFor(representative, id);
    const archived = await postForm(representative, `/berichten/${messageId}`, `/berichten/${messageId}/archiveren`, []);
    expect(archived.status).toBe(200);
    expect((await f.messageRow(messageId)).folder).toBe('archive');
    const changes = await f.t.portal.db.selectFrom('processing_log').selectAll().where('mandate_id', '=', id).where('operation_name', '=', 'represented-change').execute();
    expect(changes.map((record) => [record.route, record.status_code, record.mandate_service])).toEqual([['/berichten/:id/archiveren', 1, 'berichtenbox-manage']]);
    expect((await grantor.text('/machtigingen/namens-mij')).html).toContain('Gewijzigd: Berichten beheren');
    await stopActing(representative);
  });

  it('R17: acting requires at least the assurance level midden; a message requiring hoog asks a step-up', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const basis = await loggedInClient(f.t, pieter.bsn, 'basis');
    const id = await activeMandate(grantor, basis, pieter.bsn, ['berichtenbox-read']);
    expect((await actFor(basis, id)).location).toBe('/machtigingen?melding=niveau');
    const midden = await loggedInClient(f.t, pieter.bsn, 'midden');
    const secret = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Hoog', requiredAssurance: 'hoog' });
    await actFor(midden, id);
    const answer = await midden.request(`/berichten/${secret}`);
    expect(answer.status).not.toBe(200);
    expect(await answer.text()).not.toContain('Inhoud van het bericht.');
  });

  it('R17: organisations never learn that a representative read a message', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const representative = await loggedInClient(f.t, fatima.bsn);
    const byRepresentative = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Gelezen door gemachtigde' });
    const byCitizen = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Gelezen door burger' });
    const id = await activeMandate(grantor, representative, fatima.bsn, ['berichtenbox-read']);
    await actFor(representative, id);
    await representative.text(`/berichten/${byRepresentative}`);
    await grantor.text(`/berichten/${byCitizen}`);
    const api = (await import('../../test/fixtures.ts')).organisationApi(f.t);
    const a = (await api.call(f.gemeente, `/api/v1/messages/${byRepresentative}`)).body as Record<string, unknown>;
    const b = (await api.call(f.gemeente, `/api/v1/messages/${byCitizen}`)).body as Record<string, unknown>;
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    // Both say "read", and nothing else differs but the ids, references, times and per-message receipts.
    expect(a.status).toBe('read');
    const strip = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([key]) => !['id', 'reference', 'deliveredAt', 'receipt'].includes(key)));
    expect(strip(a)).toEqual(strip(b));
  });
});

describe('mails to the represented citizen', () => {
  it('R17: the represented citizen is told when a mandate is created, accepted, first used and ended', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const representative = await loggedInClient(f.t, pieter.bsn);
    await giveVerifiedEmail(f.t, johanna.bsn, 'johanna@example.nl');
    const catcher = f.t.portal.mailCatcher!;
    const toJohanna = (subject: string) => catcher.waitFor((mail) => mail.to.includes('johanna@example.nl') && mail.subject === subject);
    const messageId = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Mail' });
    const id = await activeMandate(grantor, representative, pieter.bsn, ['berichtenbox-read']);
    await toJohanna('U heeft iemand gemachtigd op Burgerportaal');
    await toJohanna('Uw machtiging is geaccepteerd');
    await actFor(representative, id);
    await representative.text(`/berichten/${messageId}`);
    await representative.text(`/berichten/${messageId}`);
    const firstUse = await toJohanna('Uw machtiging is voor het eerst gebruikt');
    // Content-free: no names, no BSN.
    expect(firstUse.text).not.toContain('Pieter');
    expect(firstUse.text).not.toContain(pieter.bsn);
    await postForm(grantor, '/machtigingen', `/machtigingen/${id}/beeindigen`, []);
    await toJohanna('Een machtiging is beëindigd');
    const firstUses = catcher.mails.filter((mail) => mail.to.includes('johanna@example.nl') && mail.subject === 'Uw machtiging is voor het eerst gebruikt');
    expect(firstUses).toHaveLength(1);
  });
});

describe('DigiD Machtigen', () => {
  it('R17: a login whose claims say "for whom and for which service" acts for that person at once, and keeps the ZGW authenticatieContext', async () => {
    const messageId = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Via DigiD Machtigen' });
    const client = new HttpClient(f.t.baseUrl);
    const landing = await client.login(pieter.bsn, 'midden', { extra: { namens: johanna.bsn, dienst: 'berichtenbox-read' } });
    expect(landing.html).toContain('U handelt namens Johanna de Vries');
    expect((await client.text(`/berichten/${messageId}`)).status).toBe(200);
    expect((await client.text('/zaken')).status).toBe(404);
    const row = await f.t.portal.db.selectFrom('mandates').selectAll().where('kind', '=', 'digid-machtigen').executeTakeFirstOrThrow();
    expect(row.services).toBe('berichtenbox-read');
    const representation = f.t.portal.modules.representation;
    expect(await representation.authenticationContext(row.mandate_id)).toEqual({
      source: 'digid',
      levelOfAssurance: 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
      representee: { identifierType: 'bsn', identifier: johanna.bsn },
      mandate: { services: [{ id: 'berichtenbox-read' }] },
    });
    // The BSN is stored encrypted only.
    expect(Buffer.from(row.authentication_context_encrypted ?? []).toString('latin1')).not.toContain(johanna.bsn);
    // The same login without a representee is an ordinary login for oneself.
    const own = new HttpClient(f.t.baseUrl);
    expect((await own.login(pieter.bsn, 'midden')).html).not.toContain('U handelt namens');
  });

  it('R17: DigiD Machtigen for a representative under 18 does not act for anyone', async () => {
    const client = new HttpClient(f.t.baseUrl);
    const landing = await client.login(sanne.bsn, 'midden', { extra: { namens: johanna.bsn, dienst: 'berichtenbox-read' } });
    expect(landing.status).toBe(200);
    expect(landing.html).not.toContain('U handelt namens');
  });
});
