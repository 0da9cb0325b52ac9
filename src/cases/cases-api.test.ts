import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientCredentials } from '../../test/api-client.ts';
import { activateCitizens, citizenIdOf, countRows, organisationApi, type OrganisationApi } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { DEMO_CITIZENS, DEMO_UNKNOWN_BSN } from '../registers/demo/citizens.ts';
import { caseStatusNotificationSource } from './notification-source.ts';

const johanna = DEMO_CITIZENS[0]!;
const fatima = DEMO_CITIZENS[1]!;
const sanne = DEMO_CITIZENS[3]!; // never logged in
const child = DEMO_CITIZENS.find((p) => p.givenNames === 'Daan')!;

let t: TestPortal;
let api: OrganisationApi;
let gemeente: ClientCredentials;
let uwv: ClientCredentials;
let inboxOnly: ClientCredentials;

const call = (credentials: ClientCredentials, path: string, body?: unknown, method?: string) => api.call(credentials, path, body, method);
const put = (credentials: ClientCredentials, reference: string, body: unknown) => call(credentials, `/api/v1/cases/${reference}`, body, 'PUT');
const status = (credentials: ClientCredentials, reference: string, body: unknown) => call(credentials, `/api/v1/cases/${reference}/statuses`, body);

let counter = 0;
const newReference = () => `Z-${Date.now().toString(36)}-${++counter}`;
const caseBody = (overrides: Record<string, unknown> = {}) => ({
  recipient: { bsn: johanna.bsn },
  caseType: 'Parkeervergunning',
  title: 'Aanvraag parkeervergunning',
  dossierUrl: 'https://mijn.utrecht.example/zaken/123',
  openedOn: '2025-03-01',
  expectedEndOn: '2025-04-15',
  ...overrides,
});
const statusBody = (sequence: number, overrides: Record<string, unknown> = {}) => ({
  sequence,
  code: `s${sequence}`,
  label: ['Ontvangen', 'In behandeling', 'Besluit genomen', 'Heropend'][sequence - 1] ?? `Stap ${sequence}`,
  occurredAt: new Date(Date.UTC(2025, 2, sequence, 9)).toISOString(),
  final: false,
  ...overrides,
});

async function counts() {
  const count = (table: 'cases' | 'case_statuses' | 'case_references' | 'citizens' | 'notification_outbox') => countRows(t, table);
  return { cases: await count('cases'), statuses: await count('case_statuses'), references: await count('case_references'), citizens: await count('citizens'), outbox: await count('notification_outbox') };
}

const citizenId = (bsn: string) => citizenIdOf(t, bsn);

beforeAll(async () => {
  // A long delay keeps enqueued notifications in the outbox for the assertions below.
  t = await startTestPortal({ API_ALLOW_BEARER_KEYS: 'false', NOTIFICATION_DELAY_MS: '3600000' });
  api = organisationApi(t);
  gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox', 'cases'] });
  uwv = await api.register({ oin: '00000001810220350000', name: 'UWV', capabilities: ['cases'] });
  inboxOnly = await api.register({ oin: '00000001003214345000', name: 'Belastingdienst', capabilities: ['inbox'] });
  await activateCitizens(t, [johanna, fatima]);
});
afterAll(async () => {
  await t.close();
});

describe('case API', () => {
  it('R11 R12: creates a case (201), updates it with the same reference (200) and reads it back without the BSN', async () => {
    const reference = newReference();
    const created = await put(gemeente, reference, caseBody());
    expect(created.status).toBe(201);
    expect(created.headers['api-version']).toBe('1.0.0');
    expect(created.body).toMatchObject({ reference, title: 'Aanvraag parkeervergunning', dossierUrl: 'https://mijn.utrecht.example/zaken/123', openedOn: '2025-03-01', expectedEndOn: '2025-04-15', closed: false, statuses: [] });
    expect(created.text).not.toContain(johanna.bsn);
    const updated = await put(gemeente, reference, caseBody({ title: 'Aanvraag bewonersvergunning', nextStep: 'Besluit', expectedEndOn: null }));
    expect(updated.status).toBe(200);
    const read = await call(gemeente, `/api/v1/cases/${reference}`);
    expect(read.body).toMatchObject({ title: 'Aanvraag bewonersvergunning', nextStep: 'Besluit', expectedEndOn: null });
    const rows = await t.portal.database.db.selectFrom('cases').selectAll().where('reference', '=', reference).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.citizen_id).toBe(await citizenId(johanna.bsn));
  });

  it('R11: statuses in order move the case to final; the current status is the highest sequence', async () => {
    const reference = newReference();
    await put(gemeente, reference, caseBody());
    for (const sequence of [1, 2]) expect((await status(gemeente, reference, statusBody(sequence))).status).toBe(201);
    const final = await status(gemeente, reference, statusBody(3, { final: true }));
    expect(final.status).toBe(201);
    const read = (await call(gemeente, `/api/v1/cases/${reference}`)).body as { closed: boolean; statuses: { sequence: number }[] };
    expect(read.closed).toBe(true);
    expect(read.statuses.map((s) => s.sequence)).toEqual([1, 2, 3]);
  });

  it('R11: statuses arriving out of order are placed by sequence; a late earlier status does not become current', async () => {
    const reference = newReference();
    await put(gemeente, reference, caseBody());
    for (const sequence of [3, 1, 2]) expect((await status(gemeente, reference, statusBody(sequence, { final: sequence === 3 }))).status).toBe(201);
    const read = (await call(gemeente, `/api/v1/cases/${reference}`)).body as { closed: boolean; statuses: { sequence: number; label: string }[] };
    expect(read.statuses.map((s) => s.label)).toEqual(['Ontvangen', 'In behandeling', 'Besluit genomen']);
    expect(read.closed).toBe(true);
    const row = await t.portal.database.db.selectFrom('cases').select('last_changed_at').where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(new Date(row.last_changed_at).toISOString()).toBe(statusBody(3).occurredAt);
  });

  it('R11: the same status repeated is idempotent (200, stored once, notified once)', async () => {
    const reference = newReference();
    await put(gemeente, reference, caseBody());
    const first = await status(gemeente, reference, statusBody(1));
    const before = await counts();
    const again = await Promise.all([status(gemeente, reference, statusBody(1)), status(gemeente, reference, statusBody(1))]);
    expect(first.status).toBe(201);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    expect(again[0]?.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
  });

  it('R11: a conflicting repeat of a sequence is refused with 409 and stores nothing', async () => {
    const reference = newReference();
    await put(gemeente, reference, caseBody());
    await status(gemeente, reference, statusBody(1));
    const before = await counts();
    const conflict = await status(gemeente, reference, statusBody(1, { label: 'Iets anders' }));
    expect(conflict.status).toBe(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    expect((conflict.body as { type: string }).type).toBe('urn:burgerportaal:problem:status-conflict');
    expect(await counts()).toEqual(before);
  });

  it('R11 R12: a status after a final status is refused unless it reopens the case explicitly', async () => {
    const reference = newReference();
    await put(gemeente, reference, caseBody());
    await status(gemeente, reference, statusBody(1));
    await status(gemeente, reference, statusBody(2, { final: true }));
    const before = await counts();
    const refused = await status(gemeente, reference, statusBody(3));
    expect(refused.status).toBe(409);
    expect((refused.body as { type: string }).type).toBe('urn:burgerportaal:problem:case-closed');
    expect(await counts()).toEqual(before);

    const reopened = await status(gemeente, reference, statusBody(3, { label: 'Heropend', reopens: true }));
    expect(reopened.status).toBe(201);
    const read = (await call(gemeente, `/api/v1/cases/${reference}`)).body as { closed: boolean; statuses: { sequence: number; reopens: boolean }[] };
    expect(read.closed).toBe(false);
    expect(read.statuses.find((s) => s.sequence === 3)?.reopens).toBe(true);
  });

  it('R11: a final status cannot slip in before a later status that does not reopen the case', async () => {
    const reference = newReference();
    await put(gemeente, reference, caseBody());
    await status(gemeente, reference, statusBody(1));
    await status(gemeente, reference, statusBody(3));
    const before = await counts();
    const slipped = await status(gemeente, reference, statusBody(2, { final: true }));
    expect(slipped.status).toBe(409);
    expect((slipped.body as { type: string }).type).toBe('urn:burgerportaal:problem:case-continues');
    expect(await counts()).toEqual(before);
    expect((await status(gemeente, reference, statusBody(2))).status).toBe(201);
  });

  it('R12: a dossier URL that is not https is refused with 400 and nothing is stored', async () => {
    const before = await counts();
    for (const dossierUrl of ['http://mijn.utrecht.example/zaken/1', 'javascript:alert(1)', 'ftp://example.nl/x']) {
      const response = await put(gemeente, newReference(), caseBody({ dossierUrl }));
      expect(response.status).toBe(400);
      const problem = response.body as { type: string; errors: { field: string }[] };
      expect(problem.type).toBe('urn:burgerportaal:problem:invalid-fields');
      expect(problem.errors.map((e) => e.field)).toContain('dossierUrl');
    }
    expect(await counts()).toEqual(before);
  });

  it('R11: an organisation only sees and changes its own cases', async () => {
    const reference = newReference();
    await put(gemeente, reference, caseBody());
    await status(gemeente, reference, statusBody(1));
    const before = await counts();
    expect((await call(uwv, `/api/v1/cases/${reference}`)).status).toBe(404);
    const foreignStatus = await status(uwv, reference, statusBody(2));
    expect(foreignStatus.status).toBe(404);
    expect((foreignStatus.body as { type: string }).type).toBe('urn:burgerportaal:problem:case-not-found');
    expect(await counts()).toEqual(before);
    // The same reference is another organisation's own namespace: a separate case, the first untouched.
    expect((await put(uwv, reference, caseBody({ title: 'Aanvraag WW-uitkering' }))).status).toBe(201);
    expect(((await call(gemeente, `/api/v1/cases/${reference}`)).body as { title: string }).title).toBe('Aanvraag parkeervergunning');
    const forbidden = await put(inboxOnly, newReference(), caseBody());
    expect(forbidden.status).toBe(403);
    expect((forbidden.body as { type: string }).type).toBe('urn:burgerportaal:problem:missing-capability');
  });

  it.each([
    ['an unknown BSN', () => caseBody({ recipient: { bsn: DEMO_UNKNOWN_BSN } }), 422, 'recipient-not-accepting'],
    ['a person under 14', () => caseBody({ recipient: { bsn: child.bsn } }), 422, 'recipient-not-accepting'],
    ['a BSN failing the eleven test', () => caseBody({ recipient: { bsn: '999990008' } }), 400, 'invalid-fields'],
    ['an invalid date and missing fields', () => ({ recipient: { bsn: johanna.bsn }, openedOn: '2025-02-30' }), 400, 'invalid-fields'],
  ])('R11 R9: %s is refused with a clear problem and nothing is stored', async (_case, build, code, slug) => {
    const before = await counts();
    const response = await put(gemeente, newReference(), build());
    expect(response.status).toBe(code);
    expect((response.body as { type: string }).type).toBe(`urn:burgerportaal:problem:${slug}`);
    expect(await counts()).toEqual(before);
    expect(t.logText()).not.toContain(DEMO_UNKNOWN_BSN);
  });

  it('R11: the recipient of a case cannot change; the refusal stores nothing', async () => {
    const reference = newReference();
    await put(gemeente, reference, caseBody());
    const before = await counts();
    const response = await put(gemeente, reference, caseBody({ recipient: { bsn: sanne.bsn } }));
    expect(response.status).toBe(409);
    expect((response.body as { type: string }).type).toBe('urn:burgerportaal:problem:recipient-conflict');
    // Not even the account the new recipient would have needed.
    expect(await counts()).toEqual(before);
  });

  it('R11 R2: a case for a citizen who never logged in waits on a not yet activated account', async () => {
    const response = await put(gemeente, newReference(), caseBody({ recipient: { bsn: sanne.bsn } }));
    expect(response.status).toBe(201);
    const citizen = await t.portal.accounts.findCitizen(await citizenId(sanne.bsn));
    expect(citizen?.activated_at).toBeNull();
  });

  it('R13: a status change enqueues the citizen\'s notification in its transaction; the source lists it without details', async () => {
    const db = t.portal.database.db;
    const fatimaId = await citizenId(fatima.bsn);
    const reference = newReference();
    await put(gemeente, reference, caseBody({ recipient: { bsn: fatima.bsn } }));
    expect(await db.selectFrom('notification_outbox').selectAll().where('citizen_id', '=', fatimaId).executeTakeFirst()).toBeUndefined();
    // A refused status enqueues nothing.
    expect((await status(gemeente, reference, statusBody(1, { occurredAt: 'gisteren' }))).status).toBe(400);
    expect(await db.selectFrom('notification_outbox').selectAll().where('citizen_id', '=', fatimaId).executeTakeFirst()).toBeUndefined();
    const before = Date.now();
    expect((await status(gemeente, reference, statusBody(1))).status).toBe(201);
    const row = await db.selectFrom('notification_outbox').selectAll().where('citizen_id', '=', fatimaId).executeTakeFirstOrThrow();
    expect(new Date(row.not_before).getTime()).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    const pending = (await caseStatusNotificationSource.pending(db, [fatimaId], new Date())).get(fatimaId) ?? [];
    expect(pending).toHaveLength(1);
    expect(pending[0]?.organisationName).toBe('Gemeente Utrecht');
    expect(JSON.stringify(pending)).not.toContain('Parkeervergunning');
    await caseStatusNotificationSource.markNotified(db, [{ citizenId: fatimaId, itemIds: pending.map((p) => p.id), notificationId: '01900000-0000-7000-8000-000000000001' }]);
    expect((await caseStatusNotificationSource.pending(db, [fatimaId], new Date())).get(fatimaId)).toBeUndefined();
  });

  it('R11: publishes the case endpoints in the OpenAPI description', async () => {
    const document = (await call(gemeente, '/api/v1/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/cases/{reference}', '/api/v1/cases/{reference}/statuses']));
  });
});
