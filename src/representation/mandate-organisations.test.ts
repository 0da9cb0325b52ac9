import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { samplePdf, type ClientCredentials } from '../../test/api-client.ts';
import { loggedInClient, organisationApi } from '../../test/fixtures.ts';
import type { HttpClient } from '../../test/http-client.ts';
import { startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';
import { pendingMandateId, postForm } from '../../test/representation-fixture.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const pieter = DEMO_CITIZENS[2]!;

let f: InboxFixture;
let waterschap: ClientCredentials;
/** Organisation X (Gemeente Utrecht) and the others (Y): Johanna's message and case from each. */
const x = { organisationId: '', messageId: '', caseId: '' };
const y = { messageId: '', caseId: '' };

const attachment = (name: string) => [{ filename: `${name}.pdf`, contentType: 'application/pdf', content: samplePdf(name).toString('base64') }];

async function openCase(credentials: ClientCredentials, title: string): Promise<string> {
  const put = await organisationApi(f.t).call(credentials, `/api/v1/cases/Z-${title.replace(/\W/g, '')}`, { recipient: { bsn: johanna.bsn }, caseType: 'Vergunning', title, dossierUrl: 'https://example.org/z', openedOn: '2025-03-01' }, 'PUT');
  expect(put.status).toBeLessThan(300);
  const johannaId = (await f.t.portal.accounts.findCitizenIdByBsn(johanna.bsn)) ?? '';
  const cases = await f.t.portal.cases.citizenCases.list(johannaId);
  return cases.find((item) => item.title === title)?.caseId ?? '';
}

beforeAll(async () => {
  f = await startInboxFixture({ NOTIFICATION_DELAY_MS: '600000' }, { workers: false });
  waterschap = await organisationApi(f.t).register({ oin: '00000001234567890000', name: 'Waterschap Rivierenland', capabilities: ['inbox', 'cases'] });
  // A recipient receives messages once they have an account.
  await loggedInClient(f.t, johanna.bsn);
  const organisations = await f.t.portal.organisations.list();
  x.organisationId = organisations.find((organisation) => organisation.name === 'Gemeente Utrecht')?.organisationId ?? '';
  x.messageId = await f.deliver(f.gemeente, johanna.bsn, { subject: 'Bericht van de gemeente', attachments: attachment('gemeente') });
  // Y's message comes from the Belastingdienst (a mandatory channel: Johanna accepts it without opting in).
  y.messageId = await f.deliver(f.belastingdienst, johanna.bsn, { subject: 'Bericht van het waterschap', attachments: attachment('waterschap') });
  x.caseId = await openCase(f.gemeente, 'Zaak van de gemeente');
  y.caseId = await openCase(waterschap, 'Zaak van het waterschap');
});
afterAll(async () => {
  await f.close();
});

/** Gives a mandate with the form's organisation fields; the representative accepts it. Returns the mandate id. */
async function acceptedMandate(grantor: HttpClient, representative: HttpClient, representativeBsn: string, organisations: string[] | null): Promise<string> {
  const choice: [string, string][] = organisations ? [['organisaties', 'keuze'], ...organisations.map((id): [string, string] => ['organisatie', id])] : [['organisaties', 'alle']];
  const granted = await postForm(grantor, '/machtigingen/nieuw', '/machtigingen/nieuw', [['bsn', representativeBsn], ['dienst', 'berichtenbox-read'], ['dienst', 'lopende-zaken'], ...choice]);
  expect(granted.location).toBe('/machtigingen?melding=gegeven');
  const code = /data-testid="code"><strong>[^<:]*: (\d{6})</.exec(granted.html)?.[1] ?? '';
  const id = pendingMandateId((await representative.text('/machtigingen')).html) ?? '';
  const accepted = await postForm(representative, '/machtigingen', `/machtigingen/${id}/accepteren`, [['code', code]]);
  expect(accepted.html).toContain('U heeft de machtiging geaccepteerd.');
  return id;
}

function unreadBadge(html: string): string | undefined {
  return /data-testid="unread-count"[^>]*>([^<]*)</.exec(html)?.[1];
}

describe('a mandate limited to organisations', () => {
  it('R17: the grant form refuses an unknown organisation, or organisations ticked with "all", readably, and stores nothing', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const form = await grantor.text('/machtigingen/nieuw');
    expect(form.html).toContain('Alle organisaties');
    expect(form.html).toContain('Waterschap Rivierenland');
    // RDW has the cases capability; Belastingdienst the inbox: both can be chosen.
    expect(form.html).toContain('RDW');
    expect(form.html).toContain('Belastingdienst');
    const before = await f.t.portal.db.selectFrom('mandates').select('mandate_id').execute();
    const unknown = await postForm(grantor, '/machtigingen/nieuw', '/machtigingen/nieuw', [['bsn', fatima.bsn], ['dienst', 'berichtenbox-read'], ['organisaties', 'keuze'], ['organisatie', '01900000-0000-7000-8000-000000000000']]);
    expect(unknown.location).toBe('/machtigingen/nieuw?fout=unknown-organisation');
    expect(unknown.html).toContain('Een gekozen organisatie bestaat niet (meer). Er is niets opgeslagen.');
    const conflict = await postForm(grantor, '/machtigingen/nieuw', '/machtigingen/nieuw', [['bsn', fatima.bsn], ['dienst', 'berichtenbox-read'], ['organisaties', 'alle'], ['organisatie', x.organisationId]]);
    expect(conflict.location).toBe('/machtigingen/nieuw?fout=organisations-conflict');
    const none = await postForm(grantor, '/machtigingen/nieuw', '/machtigingen/nieuw', [['bsn', fatima.bsn], ['dienst', 'berichtenbox-read'], ['organisaties', 'keuze']]);
    expect(none.location).toBe('/machtigingen/nieuw?fout=no-organisations');
    expect(await f.t.portal.db.selectFrom('mandates').select('mandate_id').execute()).toHaveLength(before.length);
  });

  it("R17: the representative sees organisation X's message and case, not Y's: lists, counts, detail and attachment 404", async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const representative = await loggedInClient(f.t, fatima.bsn);
    const id = await acceptedMandate(grantor, representative, fatima.bsn, [x.organisationId]);
    // Both sides see the restriction (the representative before and after accepting).
    expect((await grantor.text('/machtigingen')).html).toContain('Alleen: Gemeente Utrecht');
    expect((await representative.text('/machtigingen')).html).toContain('Alleen: Gemeente Utrecht');
    await postForm(representative, '/machtigingen', '/namens', [['machtiging', id]]);

    const home = await representative.text('/');
    expect(unreadBadge(home.html)).toBe('Ongelezen: 1');
    expect(home.html).toContain('Bericht van de gemeente');
    expect(home.html).not.toContain('Bericht van het waterschap');
    expect(home.html).not.toContain('Zaak van het waterschap');
    const list = await representative.text('/berichten');
    expect(list.html).toContain('Bericht van de gemeente');
    expect(list.html).not.toContain('Bericht van het waterschap');
    // A search for the other organisation's name finds nothing either.
    expect((await representative.text('/berichten?zoek=belasting')).html).not.toContain('Bericht van het waterschap');
    const timeline = await representative.text('/tijdlijn');
    expect(timeline.html).toContain('Bericht van de gemeente');
    expect(timeline.html).not.toContain('Waterschap Rivierenland');
    expect(timeline.html).not.toContain('Bericht van het waterschap');

    expect((await representative.request(`/berichten/${y.messageId}`)).status).toBe(404);
    expect((await representative.request(`/berichten/${y.messageId}/bijlagen/0`)).status).toBe(404);
    expect((await representative.request(`/berichten/${x.messageId}/bijlagen/0`)).status).toBe(200);
    expect((await representative.text(`/berichten/${x.messageId}`)).status).toBe(200);

    const cases = await representative.text('/zaken');
    expect(cases.html).toContain('Zaak van de gemeente');
    expect(cases.html).not.toContain('Zaak van het waterschap');
    expect((await representative.request(`/zaken/${y.caseId}`)).status).toBe(404);
    expect((await representative.text(`/zaken/${x.caseId}`)).status).toBe(200);
    // Reading under the mandate did not touch the other organisation's message.
    expect((await f.messageRow(y.messageId)).read_at).toBeNull();
    await postForm(representative, '/', '/namens/stoppen', []);

    // The grantor's own view is unaffected.
    const own = await grantor.text('/berichten');
    expect(own.html).toContain('Bericht van de gemeente');
    expect(own.html).toContain('Bericht van het waterschap');
    expect(unreadBadge(own.html)).toBe('Ongelezen: 1');
    expect((await grantor.text(`/zaken/${y.caseId}`)).status).toBe(200);
    expect((await grantor.request(`/berichten/${y.messageId}/bijlagen/0`)).status).toBe(200);
  });

  it('R17: a mandate for all organisations still sees both', async () => {
    const grantor = await loggedInClient(f.t, johanna.bsn);
    const representative = await loggedInClient(f.t, pieter.bsn);
    const id = await acceptedMandate(grantor, representative, pieter.bsn, null);
    expect((await grantor.text('/machtigingen')).html).toContain('Alle organisaties');
    await postForm(representative, '/machtigingen', '/namens', [['machtiging', id]]);
    const list = await representative.text('/berichten');
    expect(list.html).toContain('Bericht van de gemeente');
    expect(list.html).toContain('Bericht van het waterschap');
    const cases = await representative.text('/zaken');
    expect(cases.html).toContain('Zaak van de gemeente');
    expect(cases.html).toContain('Zaak van het waterschap');
    expect((await representative.request(`/berichten/${y.messageId}/bijlagen/0`)).status).toBe(200);
    expect((await representative.text(`/zaken/${y.caseId}`)).status).toBe(200);
    await postForm(representative, '/', '/namens/stoppen', []);
  });
});
