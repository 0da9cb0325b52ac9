import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { citizenIdOf, loggedInClient } from './fixtures.ts';
import { startTestPortal, type TestPortal } from './portal.ts';

const [johanna, fatima] = DEMO_CITIZENS;
const OIN = '00000001002220647000';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal({ NOTIFICATION_DELAY_MS: '3600000' }, { workers: false });
});
afterAll(async () => {
  await t?.close();
});

async function gemeente() {
  return (await t.portal.organisations.findByOin(OIN)) ?? (await t.portal.organisations.add({ oin: OIN, name: 'Gemeente Utrecht', capabilities: ['cases'] })).organisation;
}

/** Everything a database administrator sees of the case tables, as text and as hex. */
async function caseTablesDump(): Promise<string> {
  const result = await sql<{ dump: string | null }>`
    select string_agg(x.t, ' ') as dump from (
      select c::text as t from cases c union all select s::text from case_statuses s) x`.execute(t.portal.db);
  return result.rows[0]?.dump ?? '';
}

function expectNowhere(dump: string, secrets: string[]) {
  for (const secret of secrets) {
    expect(dump).not.toContain(secret);
    // bytea columns show as \x…: the UTF-8 of the secret must not appear there either.
    expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
  }
}

describe('case data at rest', () => {
  it('R7 R32: case title, type, next step, dossier URL and status labels are not readable in the database; the citizen reads them', async () => {
    const organisation = await gemeente();
    const secrets = { caseType: 'Schuldhulpverlening', title: 'Aanvraag schuldsanering Kerkstraat', dossierUrl: 'https://pip.utrecht.example/zaken/GEHEIM-77', nextStep: 'Gesprek met budgetcoach', label: 'Beslag gelegd op inkomen' };
    await t.portal.cases.reporting.putCase({
      organisation,
      reference: 'SHV-1',
      body: { recipient: { bsn: johanna!.bsn }, caseType: secrets.caseType, title: secrets.title, dossierUrl: secrets.dossierUrl, openedOn: '2025-05-01', nextStep: secrets.nextStep },
    });
    await t.portal.cases.reporting.addStatus({ organisation, reference: 'SHV-1', body: { sequence: 1, code: 'beslag', label: secrets.label, occurredAt: '2025-05-02T08:00:00Z', final: false } });

    const dump = await caseTablesDump();
    expect(dump.length).toBeGreaterThan(100);
    expectNowhere(dump, Object.values(secrets));

    const client = await loggedInClient(t, johanna!.bsn);
    const list = await client.text('/zaken');
    expect(list.html).toContain(secrets.title);
    const caseId = /href="\/zaken\/([0-9a-f-]{36})"/.exec(list.html)?.[1] ?? '';
    const page = await client.text(`/zaken/${caseId}`);
    for (const value of [secrets.title, secrets.caseType, secrets.nextStep, secrets.label, secrets.dossierUrl]) expect(page.html).toContain(value);
    // The organisation reads its case back through the API view, decrypted.
    expect((await t.portal.cases.reporting.getCase(organisation, 'SHV-1')).statuses[0]?.label).toBe(secrets.label);
  });

  it('R7 R32: each value is bound to its citizen, case and field: moved to another citizen\'s case it does not decrypt', async () => {
    const organisation = await gemeente();
    await t.portal.cases.reporting.putCase({ organisation, reference: 'ANDER-1', body: { recipient: { bsn: fatima!.bsn }, caseType: 'Parkeervergunning', title: 'Bewonersvergunning', dossierUrl: 'https://pip.utrecht.example/zaken/ANDER-1', openedOn: '2025-05-01' } });
    const johannaId = await citizenIdOf(t, johanna!.bsn);
    const fatimaId = await citizenIdOf(t, fatima!.bsn);
    const stolen = await t.portal.db.selectFrom('cases').select('title_encrypted').where('citizen_id', '=', johannaId).executeTakeFirstOrThrow();
    await t.portal.db.updateTable('cases').set({ title_encrypted: stolen.title_encrypted }).where('citizen_id', '=', fatimaId).execute();
    await expect(t.portal.cases.citizenCases.list(fatimaId)).rejects.toThrow();
  });

  it('R7 R32: cases stored in plaintext before the change are sealed by the case-encryption job and still read the same', async () => {
    const organisation = await gemeente();
    await t.portal.cases.reporting.putCase({ organisation, reference: 'OUD-1', body: { recipient: { bsn: johanna!.bsn }, caseType: 'Paspoort', title: 'Wordt zo oud gemaakt', dossierUrl: 'https://pip.utrecht.example/zaken/OUD-1', openedOn: '2025-04-01' } });
    const johannaId = await citizenIdOf(t, johanna!.bsn);
    const ref = await t.portal.db.selectFrom('case_references').select('case_id').where('reference', '=', 'OUD-1').executeTakeFirstOrThrow();
    // As a row written before migration 0023 looks: plaintext, no ciphertext.
    await t.portal.db
      .updateTable('cases')
      .set({ case_type: 'Paspoort', title: 'Oude aanvraag reisdocument', dossier_url: 'https://pip.utrecht.example/zaken/OUD-1', next_step: 'Ophalen', case_type_encrypted: null, title_encrypted: null, dossier_url_encrypted: null, next_step_encrypted: null })
      .where('case_id', '=', ref.case_id)
      .execute();
    await t.portal.db.insertInto('case_statuses').values({ citizen_id: johannaId, case_id: ref.case_id, sequence: 1, code: 'ontvangen', label: 'Oude status ontvangen', label_encrypted: null, occurred_at: new Date('2025-04-02T08:00:00Z'), final: false, reopens: false, received_at: new Date(), notification_id: '00000000-0000-7000-8000-000000000001' }).execute();
    expect(await caseTablesDump()).toContain('Oude aanvraag reisdocument');
    const before = (await t.portal.cases.citizenCases.list(johannaId)).find((c) => c.reference === 'OUD-1');
    expect(before).toMatchObject({ title: 'Oude aanvraag reisdocument', nextStep: 'Ophalen', current: { label: 'Oude status ontvangen' } });

    expect(await t.portal.cases.sealPlaintext()).toBe(2);
    expect(await t.portal.cases.sealPlaintext()).toBe(0);
    expectNowhere(await caseTablesDump(), ['Oude aanvraag reisdocument', 'Oude status ontvangen', 'Ophalen']);
    const after = (await t.portal.cases.citizenCases.list(johannaId)).find((c) => c.reference === 'OUD-1');
    expect(after).toMatchObject({ title: 'Oude aanvraag reisdocument', nextStep: 'Ophalen', current: { label: 'Oude status ontvangen' } });
  });
});
