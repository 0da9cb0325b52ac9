import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { seedDemoCases } from './demo/index.ts';

const [johanna, fatima, pieter] = DEMO_CITIZENS;

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal({ ZGW_DEMO: 'true', NOTIFICATION_DELAY_MS: '3600000' });
});
afterAll(async () => {
  await t?.close();
});

describe('demo cases', () => {
  it('R11 R12: seeded demo cases come from several organisations in several states, and seeding again changes nothing', async () => {
    const deps = { db: t.portal.database.db, keyring: t.portal.keyring, accounts: t.portal.accounts, organisations: t.portal.organisations, now: () => new Date() };
    expect(await seedDemoCases(deps)).toBe(7);
    expect(await seedDemoCases(deps)).toBe(0);
    const lists = await Promise.all([johanna, fatima, pieter].map(async (person) => t.portal.cases.citizenCases.list((await t.portal.accounts.findCitizenIdByBsn(person!.bsn))!)));
    const all = lists.flat().filter((c) => !c.reference.startsWith('ZAAK-'));
    expect(new Set(all.map((c) => c.organisationName)).size).toBeGreaterThanOrEqual(5);
    expect(all.some((c) => c.closed)).toBe(true);
    expect(all.some((c) => !c.closed)).toBe(true);
    // Believable: no reference names a year before the case was opened.
    for (const item of lists.flat()) {
      const year = /-(\d{4})-/.exec(item.reference)?.[1];
      if (year) expect(Number(year), item.reference).toBeGreaterThanOrEqual(Number(item.openedOn.slice(0, 4)));
    }
  });

  it('R11: in development the demo ZGW source delivers its demo zaken through the real callback; the company zaak is skipped', async () => {
    const demo = t.portal.standIns!.zgwDemo()!;
    await demo.server.notificaties.settled();
    expect(demo.server.notificaties.deliveries.map((d) => d.status)).toEqual([204, 204, 204]);
    const citizenId = (await t.portal.accounts.findCitizenIdByBsn(johanna!.bsn))!;
    // Johanna lives in Amsterdam: the demo zaken come from her own municipality.
    const zgwCase = (await t.portal.cases.citizenCases.list(citizenId)).find((c) => c.reference.endsWith('-0000101'));
    expect(zgwCase).toMatchObject({ organisationName: 'Gemeente Amsterdam', reference: `ZAAK-${zgwCase?.openedOn.slice(0, 4)}-0000101`, closed: false, nextStep: 'Besluit genomen' });
    expect(zgwCase?.current?.label).toBe('In behandeling');
    expect(t.logText()).toContain('no-bsn-role');
  });
});
