import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleHarness } from '../../test/console-harness.ts';
import { citizenIdOf, loggedInClient } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { pdfText } from '../../test/pdf-text.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import type { ConsoleUser } from '../platform/console.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { helpdeskMessages } from './messages.ts';

const [johanna, fatima, pieter, fourth] = DEMO_CITIZENS;
const DAY = 24 * 60 * 60_000;
const staff: ConsoleUser = { accountId: 'acc-helpdesk-1', username: 'henk', fullName: 'Henk de Helpdesk', organisationId: null, roles: ['user'], operatorStaff: true, clientAddress: '192.0.2.0' };

let t: TestPortal;
let console_: Awaited<ReturnType<typeof startConsoleHarness>>;
beforeAll(async () => {
  t = await startTestPortal({}, { workers: false });
  const contribution = t.portal.modules.helpdesk.console;
  if (!contribution) throw new Error('helpdesk contributes no console pages');
  console_ = await startConsoleHarness({ contribution, texts: [helpdeskMessages] });
  console_.setUser(staff);
});
afterAll(async () => {
  await console_?.close();
  await t?.close();
});

const form = (fields: Partial<Record<string, string>>) => ({ soort: 'vraag', onderwerp: 'Inloggen lukt niet', bericht: 'Ik kan niet inloggen met DigiD.', naam: 'Karel Vraagsteller', email: 'karel@example.nl', telefoon: '06 12345678', ...fields }) as Record<string, string>;

/** A visitor (no session) posts the form as a browser does: same-origin. */
async function visitorPosts(fields: Record<string, string>, headers: Record<string, string> = { origin: t.baseUrl }) {
  const visitor = new HttpClient(t.baseUrl);
  return visitor.request('/helpdesk/nieuw', { form: fields, headers });
}

const mailTo = (address: string, subject: RegExp) => {
  const catcher = t.portal.mailCatcher;
  if (!catcher) throw new Error('no mail catcher');
  return catcher.waitFor((mail) => mail.to.includes(address) && subject.test(mail.subject));
};
const linkIn = (text: string) => {
  const link = /https?:\/\/\S+\/helpdesk\/contact\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  if (!link) throw new Error(`no link in ${text}`);
  return link;
};
const consoleGet = async (path: string) => {
  const response = await fetch(`${console_.url}${path}`);
  return { status: response.status, html: await response.text() };
};
const consolePost = (path: string, fields: Record<string, string>) => fetch(`${console_.url}${path}`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
const uuidOf = async (onderwerpMarker: string) => {
  const list = await consoleGet('/beheer/helpdesk');
  const match = new RegExp(`href="/beheer/helpdesk/([0-9a-f-]{36})">[^<]*<!-- -->[^<]*</a></td><td[^>]*>${onderwerpMarker}`).exec(list.html) ?? new RegExp(`href="/beheer/helpdesk/([0-9a-f-]{36})"[^>]*>(?:(?!href=).)*?${onderwerpMarker}`, 's').exec(list.html);
  if (!match?.[1]) throw new Error(`${onderwerpMarker} not in the console list`);
  return match[1];
};
const auditActions = async () => (await sql<{ entry: string }>`select entry from audit_log order by seq`.execute(t.portal.db)).rows.map((row) => JSON.parse(row.entry) as { action: string; actor: { id: string; name: string }; target: { id: string } });

describe('R22: helpdesk', () => {
  it('R22: a visitor files a complaint with name, e-mail and phone; it is stored encrypted as klantcontact, betrokkene and interne taak (VNG Klantinteracties) and the mailed link shows the thread', async () => {
    const response = await visitorPosts(form({ soort: 'klacht', onderwerp: 'Klacht over wachttijd', bericht: 'Ik wacht al weken op antwoord.', email: 'klager@example.nl' }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/helpdesk/verzonden');
    const mail = await mailTo('klager@example.nl', /klacht ontvangen/);
    expect(mail.text).not.toContain('Ik wacht al weken');
    const visitor = new HttpClient(t.baseUrl);
    const page = await visitor.text(linkIn(mail.text));
    expect(page.status).toBe(200);
    expect(page.html).toContain('Klacht over wachttijd');
    expect(page.html).toContain('Ik wacht al weken op antwoord.');
    expect(page.html).toMatch(/Wij handelen uw klacht uiterlijk af op/);

    const raw = (await sql<{ onderwerp_encrypted: Uint8Array }>`select onderwerp_encrypted from helpdesk_klantcontacten`.execute(t.portal.db)).rows;
    expect(raw.some((row) => Buffer.from(row.onderwerp_encrypted).toString('latin1').includes('wachttijd'))).toBe(false);
    const uuid = await uuidOf('Klacht over wachttijd');
    const vng = await t.portal.modules.helpdesk.helpdesk.asKlantinteracties(uuid);
    expect(vng?.klantcontact).toMatchObject({ kanaal: 'webformulier', onderwerp: 'Klacht over wachttijd', inhoud: 'Ik wacht al weken op antwoord.', taal: 'nld', vertrouwelijk: true });
    expect(vng?.betrokkene).toMatchObject({ rol: 'klant', initiator: true, volledigeNaam: 'Karel Vraagsteller', digitaleAdressen: [{ soortDigitaalAdres: 'email', adres: 'klager@example.nl' }, { soortDigitaalAdres: 'telefoonnummer', adres: '06 12345678' }] });
    expect(vng?.interneTaak).toMatchObject({ status: 'te_verwerken', aanleidinggevendKlantcontact: { uuid } });

    // An unknown token opens nothing.
    expect((await visitor.text(`/helpdesk/contact/${'A'.repeat(43)}`)).status).toBe(404);
  });

  it('R22: wrong input gets a readable page and stores nothing; a form post from another site is refused', async () => {
    const before = (await sql<{ n: string }>`select count(*) as n from helpdesk_klantcontacten`.execute(t.portal.db)).rows[0]?.n;
    const wrong = await visitorPosts(form({ email: 'geen-adres', soort: 'iets' }));
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain('Vul een geldig e-mailadres in');
    expect(html).toContain('Kies of u een vraag stelt of een klacht indient.');
    expect(html).toContain('Ik kan niet inloggen met DigiD.');
    const foreign = await visitorPosts(form({}), { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await sql<{ n: string }>`select count(*) as n from helpdesk_klantcontacten`.execute(t.portal.db)).rows[0]?.n).toBe(before);
  });

  it('R22: a logged-in citizen’s question is on their own page (with CSRF token); another citizen gets 404', async () => {
    const citizen = await loggedInClient(t, johanna?.bsn ?? '');
    const sent = await citizen.submit('/helpdesk/nieuw', '/helpdesk/nieuw', form({ onderwerp: 'Vraag van Johanna', email: 'johanna@example.nl' }));
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Wij hebben uw bericht ontvangen.');
    expect(sent.html).toContain('Vraag van Johanna');
    const own = await citizen.text('/helpdesk');
    expect(own.html).toContain('Vraag van Johanna');
    const uuid = /href="\/helpdesk\/vragen\/([0-9a-f-]{36})"/.exec(own.html)?.[1] ?? '';
    const other = await loggedInClient(t, fatima?.bsn ?? '');
    expect((await other.text(`/helpdesk/vragen/${uuid}`)).status).toBe(404);
    expect((await other.text('/helpdesk')).html).not.toContain('Vraag van Johanna');
    const history = await citizen.text('/mijn-account');
    expect(history.html).toContain('Vraag gesteld aan de helpdesk');
  });

  it('R22: helpdesk staff (console role User, no other role) answer in the console; the citizen reads the whole thread; each answer is audited with the staff account', async () => {
    console_.setUser({ ...staff, roles: ['organisation', 'planner', 'administrator'] });
    expect((await consoleGet('/beheer/helpdesk')).status).toBe(403);
    console_.setUser(staff);
    await visitorPosts(form({ onderwerp: 'Vraag over berichten', email: 'vrager@example.nl' }));
    const first = await mailTo('vrager@example.nl', /vraag ontvangen/);
    const uuid = await uuidOf('Vraag over berichten');
    const detail = await consoleGet(`/beheer/helpdesk/${uuid}`);
    expect(detail.html).toContain('vrager@example.nl');
    const answered = await consolePost(`/beheer/helpdesk/${uuid}/antwoord`, { antwoord: 'U vindt uw berichten onder Berichtenbox.' });
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toBe(`/beheer/helpdesk/${uuid}?melding=answered`);
    const second = await mailTo('vrager@example.nl', /antwoord/);
    expect(second.text).not.toContain('Berichtenbox');
    for (const link of [linkIn(first.text), linkIn(second.text)]) {
      const page = await new HttpClient(t.baseUrl).text(link);
      expect(page.html).toContain('Ik kan niet inloggen met DigiD.');
      expect(page.html).toContain('U vindt uw berichten onder Berichtenbox.');
      expect(page.html).toContain('Helpdesk Burgerportaal');
    }
    expect(await consolePost(`/beheer/helpdesk/${uuid}/afgehandeld`, {}).then((r) => r.status)).toBe(303);
    const actions = await auditActions();
    expect(actions.filter((entry) => entry.action === 'helpdesk.answer' || entry.action === 'helpdesk.handle').map((entry) => [entry.action, entry.actor.id, entry.actor.name])).toEqual([
      ['helpdesk.answer', 'acc-helpdesk-1', 'Henk de Helpdesk'],
      ['helpdesk.handle', 'acc-helpdesk-1', 'Henk de Helpdesk'],
    ]);
    expect((await consoleGet('/beheer/helpdesk/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('R22 R32: a helpdesk lookup of a citizen’s account needs a reason, is logged with the console user as actor, and the citizen sees it in the usage history and on the helpdesk page', async () => {
    const citizen = await loggedInClient(t, fatima?.bsn ?? '');
    const citizenId = await citizenIdOf(t, fatima?.bsn ?? '');
    const count = async () => Number((await sql<{ n: string }>`select count(*) as n from helpdesk_lookups where citizen_id = ${citizenId}`.execute(t.portal.db)).rows[0]?.n);
    const noReason = await consolePost('/beheer/helpdesk/inzage', { bsn: fatima?.bsn ?? '', reden: '  ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Geef een reden voor de inzage.');
    expect(await count()).toBe(0);
    const found = await consolePost('/beheer/helpdesk/inzage', { bsn: fatima?.bsn ?? '', reden: 'Inwoner belde: kan niet inloggen' });
    expect(found.status).toBe(200);
    expect(await found.text()).toContain('Account gevonden');
    expect(await count()).toBe(1);
    const log = (await sql<{ operation_name: string; actor_citizen_id: string | null; detail: string }>`select operation_name, actor_citizen_id, detail from processing_log where data_subject_id = ${citizenId} and operation_name = 'helpdesk-lookup'`.execute(t.portal.db)).rows;
    expect(log).toEqual([{ operation_name: 'helpdesk-lookup', actor_citizen_id: null, detail: 'console:acc-helpdesk-1' }]);
    expect((await auditActions()).filter((entry) => entry.action === 'citizen.lookup').map((entry) => [entry.actor.id, entry.target.id])).toEqual([['acc-helpdesk-1', citizenId]]);
    expect((await citizen.text('/mijn-account')).html).toContain('Uw account bekeken door de helpdesk');
    const helpdeskPage = (await citizen.text('/helpdesk')).html;
    expect(helpdeskPage).toContain('Inwoner belde: kan niet inloggen');
    expect(helpdeskPage).toContain('Henk de Helpdesk');
  });

  it('R22: a complaint is due in six weeks; the console warns a week before and once passed; one deferral of at most four weeks, with a mailed written notice', async () => {
    await visitorPosts(form({ soort: 'klacht', onderwerp: 'Klacht met termijn', email: 'termijn@example.nl' }));
    await mailTo('termijn@example.nl', /klacht ontvangen/);
    const uuid = await uuidOf('Klacht met termijn');
    const row = (await sql<{ plaatsgevonden_op: Date; deadline_at: Date }>`select plaatsgevonden_op, deadline_at from helpdesk_klantcontacten where uuid = ${uuid}`.execute(t.portal.db)).rows[0];
    expect(new Date(row?.deadline_at ?? 0).getTime() - new Date(row?.plaatsgevonden_op ?? 0).getTime()).toBe(42 * DAY);
    expect((await consoleGet(`/beheer/helpdesk/${uuid}`)).html).toMatch(/data-state="ok"/);

    t.clock.advance(36 * DAY);
    const soon = await consoleGet('/beheer/helpdesk');
    expect(soon.html).toContain('data-testid="deadline-warning"');
    expect(soon.html).toContain('Termijn bijna verstreken');
    const deadline = new Date(row?.deadline_at ?? 0);
    const day = (offsetDays: number) => new Date(deadline.getTime() + offsetDays * DAY).toISOString().slice(0, 10);
    const refused = await consolePost(`/beheer/helpdesk/${uuid}/uitstel`, { tot: day(30), reden: 'Wij wachten op informatie.' });
    expect(refused.headers.get('location')).toContain('melding=bad-date');
    expect((await consolePost(`/beheer/helpdesk/${uuid}/uitstel`, { tot: day(14), reden: ' ' })).headers.get('location')).toContain('melding=no-reason');
    const deferred = await consolePost(`/beheer/helpdesk/${uuid}/uitstel`, { tot: day(14), reden: 'Wij wachten op informatie van de gemeente.' });
    expect(deferred.headers.get('location')).toContain('melding=deferred');
    const notice = await mailTo('termijn@example.nl', /meer tijd/);
    expect(notice.text).toContain('artikel 9:11 lid 2');
    expect(notice.text).toContain('Wij wachten op informatie van de gemeente.');
    expect((await new HttpClient(t.baseUrl).text(linkIn(notice.text))).html).toContain('De behandeling is uitgesteld tot uiterlijk');
    expect((await consolePost(`/beheer/helpdesk/${uuid}/uitstel`, { tot: day(20), reden: 'Nog eens.' })).headers.get('location')).toContain('melding=already-deferred');
    const question = await uuidOf('Vraag over berichten');
    expect((await consolePost(`/beheer/helpdesk/${question}/uitstel`, { tot: day(14), reden: 'x' })).headers.get('location')).toContain('melding=not-a-complaint');

    t.clock.advance(30 * DAY);
    const overdue = await consoleGet(`/beheer/helpdesk/${uuid}`);
    expect(overdue.html).toMatch(/data-state="overdue"/);
    expect((await consoleGet('/beheer/helpdesk')).html).toContain('Termijn verstreken');
    expect((await auditActions()).some((entry) => entry.action === 'complaint.defer')).toBe(true);
  });

  it('R22: contact details are erased 30 days after handling and the whole contact a year after (the retention job); the link then opens nothing', async () => {
    await visitorPosts(form({ onderwerp: 'Vraag om te wissen', email: 'wissen@example.nl' }));
    const mail = await mailTo('wissen@example.nl', /vraag ontvangen/);
    const uuid = await uuidOf('Vraag om te wissen');
    await consolePost(`/beheer/helpdesk/${uuid}/antwoord`, { antwoord: 'Opgelost.', afgehandeld: 'ja' });
    const helpdesk = t.portal.modules.helpdesk.helpdesk;
    t.clock.advance(29 * DAY);
    await helpdesk.applyRetention();
    expect((await consoleGet(`/beheer/helpdesk/${uuid}`)).html).toContain('wissen@example.nl');
    t.clock.advance(2 * DAY);
    expect((await helpdesk.applyRetention()).erased).toBeGreaterThanOrEqual(1);
    const details = (await sql<{ naam_encrypted: unknown; email_encrypted: unknown; telefoon_encrypted: unknown }>`select naam_encrypted, email_encrypted, telefoon_encrypted from helpdesk_betrokkenen where klantcontact_uuid = ${uuid}`.execute(t.portal.db)).rows;
    expect(details).toEqual([{ naam_encrypted: null, email_encrypted: null, telefoon_encrypted: null }]);
    const erased = await consoleGet(`/beheer/helpdesk/${uuid}`);
    expect(erased.html).toContain('De contactgegevens zijn gewist');
    expect(erased.html).not.toContain('wissen@example.nl');
    expect((await new HttpClient(t.baseUrl).text(linkIn(mail.text))).status).toBe(404);
    t.clock.advance(365 * DAY);
    expect((await helpdesk.applyRetention()).deleted).toBeGreaterThanOrEqual(1);
    expect((await consoleGet(`/beheer/helpdesk/${uuid}`)).status).toBe(404);
    expect((await auditActions()).some((entry) => entry.action === 'retention.purge')).toBe(true);
  });
});

interface HelpdeskExport {
  contacts: { number: string; kind: string; subject: string; status: string; handledAt: string | null; contactDetails: { name: string | null; email: string | null; phone: string | null } | null; messages: { from: string; at: string; body: string }[] }[];
  lookups: { at: string; reason: string }[];
}

describe('R20: helpdesk in the access export', () => {
  it('R20: the export holds the citizen’s own threads with the answers (JSON and PDF), no staff name, no other citizen’s thread, no anonymous submission', async () => {
    const a = await loggedInClient(t, pieter?.bsn ?? '');
    const b = await loggedInClient(t, fourth?.bsn ?? '');
    await a.submit('/helpdesk/nieuw', '/helpdesk/nieuw', form({ soort: 'klacht', onderwerp: 'Klacht van Pieter over Łódź', bericht: 'Mijn brief kwam niet aan.', naam: 'Pieter van den Berg', email: 'pieter@example.nl' }));
    await b.submit('/helpdesk/nieuw', '/helpdesk/nieuw', form({ onderwerp: 'Vraag van de ander', bericht: 'Geheim van de ander.', naam: 'De Ander', email: 'ander@example.nl' }));
    // The same person as a visitor (not logged in): not linked to the account, so not in its export.
    await visitorPosts(form({ onderwerp: 'Anoniem ingediend', bericht: 'Zonder inloggen.', naam: 'Pieter van den Berg', email: 'pieter@example.nl' }));
    const uuid = /href="\/helpdesk\/vragen\/([0-9a-f-]{36})"/.exec((await a.text('/helpdesk')).html)?.[1] ?? '';
    const helpdesk = t.portal.modules.helpdesk.helpdesk;
    expect(await helpdesk.answer({ user: staff, uuid, body: 'Opnieuw verstuurd, €0.', handled: true })).toBe('ok');
    expect((await helpdesk.lookUpAccount({ user: staff, bsn: pieter?.bsn ?? '', reason: 'Inwoner belde over zijn klacht' })).kind).toBe('found');

    const asked = await a.submit('/mijn-rechten/inzage', '/mijn-rechten/inzage', { bijlagen: 'lijst' });
    const jsonHref = /href="(\/mijn-rechten\/inzage\/[0-9a-f-]{36}\/gegevens\.json)"/.exec(asked.html)?.[1] ?? '';
    const pdfHref = /href="(\/mijn-rechten\/inzage\/[0-9a-f-]{36}\/gegevens\.pdf)"/.exec(asked.html)?.[1] ?? '';
    const exported = (await (await a.get(jsonHref)).json()) as { sections: { helpdesk: HelpdeskExport } };
    const section = exported.sections.helpdesk;
    expect(section.contacts).toHaveLength(1);
    expect(section.contacts[0]).toMatchObject({
      kind: 'complaint',
      subject: 'Klacht van Pieter over Łódź',
      status: 'handled',
      contactDetails: { name: 'Pieter van den Berg', email: 'pieter@example.nl', phone: '06 12345678' },
      messages: [
        { from: 'you', body: 'Mijn brief kwam niet aan.' },
        { from: 'helpdesk', body: 'Opnieuw verstuurd, €0.' },
      ],
    });
    expect(section.contacts[0]?.handledAt).not.toBeNull();
    expect(section.lookups).toEqual([expect.objectContaining({ reason: 'Inwoner belde over zijn klacht' })]);
    const json = JSON.stringify(exported);
    for (const absent of ['Vraag van de ander', 'Geheim van de ander', 'ander@example.nl', 'Anoniem ingediend', 'Henk de Helpdesk']) expect(json).not.toContain(absent);
    // The usage history names the lookup's console account by id (identity's record, §4); the helpdesk's own section names no staff account.
    expect(JSON.stringify(section)).not.toContain(staff.accountId);

    const text = await pdfText(Buffer.from(await (await a.get(pdfHref)).arrayBuffer()));
    for (const expected of ['Vragen en klachten aan de helpdesk', 'Klacht van Pieter over Łódź', 'Mijn brief kwam niet aan.', 'Helpdesk Burgerportaal', 'Opnieuw verstuurd, €0.', 'Afgehandeld', 'pieter@example.nl', 'Inwoner belde over zijn klacht']) expect(text).toContain(expected);
    for (const absent of ['Vraag van de ander', 'Geheim van de ander', 'Anoniem ingediend', 'Henk de Helpdesk']) expect(text).not.toContain(absent);

    // B's export has B's own question and nothing of A's.
    const bAsked = await b.submit('/mijn-rechten/inzage', '/mijn-rechten/inzage', { bijlagen: 'lijst' });
    const bJsonHref = /href="(\/mijn-rechten\/inzage\/[0-9a-f-]{36}\/gegevens\.json)"/.exec(bAsked.html)?.[1] ?? '';
    const bSection = ((await (await b.get(bJsonHref)).json()) as { sections: { helpdesk: HelpdeskExport } }).sections.helpdesk;
    expect(bSection.contacts.map((contact) => contact.subject)).toEqual(['Vraag van de ander']);
    expect(bSection.lookups).toEqual([]);
    expect(JSON.stringify(bSection)).not.toContain('Pieter');
  });
});
