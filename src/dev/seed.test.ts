import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { seedDemo } from './seed.ts';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(async () => {
  await t.close();
});

/** Demo letters fit the person: their own municipality, nothing for adults sent to the 15-year-old. */
async function expectBelievable(t: TestPortal): Promise<void> {
  const names = new Map((await t.portal.organisations.list()).map((o) => [o.organisationId, o.name]));
  const rows = await t.portal.database.db.selectFrom('messages').select(['citizen_id', 'organisation_id']).execute();
  for (const person of DEMO_CITIZENS.slice(0, 4)) {
    const citizenId = await t.portal.accounts.findCitizenIdByBsn(person.bsn);
    const senders = rows.filter((row) => row.citizen_id === citizenId).map((row) => names.get(row.organisation_id) ?? '');
    const municipalities = senders.filter((name) => name.startsWith('Gemeente '));
    expect(municipalities.every((name) => name === `Gemeente ${person.address?.city ?? ''}`), person.givenNames).toBe(true);
  }
  const sanne = await t.portal.accounts.findCitizenIdByBsn(DEMO_CITIZENS[3]!.bsn);
  // No tax assessment (a decision with a respond-by date) for the 15-year-old.
  const hers = await t.portal.database.db.selectFrom('messages').select(['legal_consequence', 'due_at']).where('citizen_id', '=', sanne!).execute();
  expect(hers).toEqual([{ legal_consequence: false, due_at: null }]);
}

describe('demo seed', () => {
  it('R6 R8: seeds organisations and delivers demo messages once, through the real delivery path', async () => {
    expect(await seedDemo(t.portal)).toBe(true);
    const organisations = await t.portal.organisations.list();
    expect(organisations.map((o) => o.name)).toEqual(expect.arrayContaining(['Belastingdienst', 'Gemeente Utrecht', 'RDW', 'UWV']));
    expect(organisations.find((o) => o.name === 'Belastingdienst')?.mandatoryChannel).toBe(true);
    const messages = await t.portal.database.db
      .selectFrom('messages')
      .innerJoin('receipt_batches', 'receipt_batches.batch_id', 'messages.receipt_batch_id')
      .select(['receipt_batches.jws', 'citizen_id'])
      .execute();
    expect(messages.length).toBe(11);
    expect(messages.every((m) => m.jws.split('.').length === 3)).toBe(true);
    // Sanne has an account waiting for activation, with only the mandatory channel's message.
    const sanne = await t.portal.accounts.findCitizenIdByBsn(DEMO_CITIZENS[3]!.bsn);
    expect((await t.portal.accounts.findCitizen(sanne!))?.activated_at).toBeNull();
    expect(messages.filter((m) => m.citizen_id === sanne).length).toBe(1);
    expect(await seedDemo(t.portal)).toBe(false);
    await expectBelievable(t);
    expect((await t.portal.database.db.selectFrom('messages').select('message_id').execute()).length).toBe(11);
  });
});
