import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_CITIZENS, DEMO_UNKNOWN_BSN } from '../registers/demo/citizens.ts';
import { countAccounts } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';

const adult = DEMO_CITIZENS[0]!; // Johanna de Vries, 1948
const child = DEMO_CITIZENS.find((person) => person.givenNames === 'Daan')!;
const deceased = DEMO_CITIZENS.find((person) => person.deathDate)!;

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(async () => {
  await t.close();
});

describe('login with the national eID', () => {
  it('R1: logs in through the OpenID Connect provider and lands on the start page', async () => {
    const client = new HttpClient(t.baseUrl);
    const page = await client.login(adult.bsn);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Mijn overzicht');
  });

  it('R4: the start page shows the name from the register and the unread count', async () => {
    const client = new HttpClient(t.baseUrl);
    const page = await client.login(adult.bsn);
    expect(page.html).toContain('Welkom, Johanna de Vries');
    expect(page.html).toMatch(/data-testid="unread-count"[^>]*>Ongelezen: 0</);
  });

  it('R2: the first login activates exactly one account; later logins reuse it', async () => {
    const person = DEMO_CITIZENS[1]!;
    const before = await countAccounts(t);
    const first = await new HttpClient(t.baseUrl).login(person.bsn);
    expect(first.html).toContain('Uw account is nu geactiveerd');
    expect(await countAccounts(t)).toBe(before + 1);
    const second = await new HttpClient(t.baseUrl).login(person.bsn);
    expect(second.html).not.toContain('Uw account is nu geactiveerd');
    expect(await countAccounts(t)).toBe(before + 1);
    const citizenId = await t.portal.accounts.findCitizenIdByBsn(person.bsn);
    const logins = await t.portal.database.db.selectFrom('login_history').selectAll().where('citizen_id', '=', citizenId!).execute();
    expect(logins).toHaveLength(2);
  });

  it('R2: the BSN is stored only encrypted, with a keyed hash for lookup', async () => {
    const person = DEMO_CITIZENS[2]!;
    await new HttpClient(t.baseUrl).login(person.bsn);
    const dump = await sql<{ dump: string }>`
      select string_agg(t::text, ' ') as dump from (
        select c::text as t from citizens c union all select l::text from citizen_lookup l
        union all select h::text from login_history h union all select a::text from processing_log a
        union all select s::text from sessions s) x`.execute(t.portal.database.db);
    const text = dump.rows[0]?.dump ?? '';
    expect(text.length).toBeGreaterThan(100);
    expect(text).not.toContain(person.bsn);
    expect(Buffer.from(text).toString('hex')).not.toContain(Buffer.from(person.bsn).toString('hex'));
    const citizenId = await t.portal.accounts.findCitizenIdByBsn(person.bsn);
    expect(await t.portal.accounts.revealBsn(citizenId!)).toBe(person.bsn);
  });

  it.each([
    ['under 14', child.bsn, 'vanaf 14 jaar'],
    ['deceased', deceased.bsn, 'overleden'],
    ['not in the register', DEMO_UNKNOWN_BSN, 'niet vinden in de Basisregistratie Personen'],
  ])('R2: a person %s is refused with an explanation, and no account or cookie is created', async (_case, bsn, explanation) => {
    const before = await countAccounts(t);
    const client = new HttpClient(t.baseUrl);
    const page = await client.login(bsn);
    expect(page.status).toBe(403);
    expect(page.html).toContain('Geen toegang tot Burgerportaal');
    expect(page.html).toContain(explanation);
    expect(await countAccounts(t)).toBe(before);
    expect(client.cookies.has('__Host-bp_session')).toBe(false);
  });

  it('R1: a callback with a tampered state is refused and logs nobody in', async () => {
    const client = new HttpClient(t.baseUrl);
    const callback = new URL(await client.loginUntilCallback(adult.bsn));
    callback.searchParams.set('state', 'forged-state-value');
    const response = await client.follow(await client.request(callback.href));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Inloggen niet gelukt');
    expect((await client.text('/mijn-account')).status).toBe(401);
  });

  it('R1: a callback with a tampered authorization code is refused', async () => {
    const client = new HttpClient(t.baseUrl);
    const callback = new URL(await client.loginUntilCallback(adult.bsn));
    callback.searchParams.set('code', `${callback.searchParams.get('code') ?? ''}x`);
    const response = await client.follow(await client.request(callback.href));
    expect(response.status).toBe(400);
    expect((await client.text('/mijn-account')).status).toBe(401);
  });

  it('R1: a replayed callback (same code and state again) is refused', async () => {
    const victim = new HttpClient(t.baseUrl);
    const callback = await victim.loginUntilCallback(adult.bsn);
    const first = await victim.follow(await victim.request(callback));
    expect(first.status).toBe(200);
    // Replayed in the same browser after login, and from another browser.
    const replay = await victim.follow(await victim.request(callback));
    expect(await replay.text()).toContain('Inloggen niet gelukt');
    const attacker = new HttpClient(t.baseUrl);
    const stolen = await attacker.follow(await attacker.request(callback));
    expect(stolen.status).toBe(400);
    expect(attacker.cookies.has('__Host-bp_session')).toBe(false);
  });

  it('R1: the assurance level chosen at the provider is recorded with the login', async () => {
    const person = DEMO_CITIZENS[2]!;
    await new HttpClient(t.baseUrl).login(person.bsn, 'substantieel');
    const citizenId = await t.portal.accounts.findCitizenIdByBsn(person.bsn);
    const latest = await t.portal.database.db
      .selectFrom('login_history')
      .select('assurance')
      .where('citizen_id', '=', citizenId!)
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest.assurance).toBe('substantieel');
  });

  it('R23: no BSN appears in any log line', async () => {
    await new HttpClient(t.baseUrl).login(adult.bsn);
    // The refusal and error paths log too: people the register refuses, and a tampered callback.
    for (const bsn of [DEMO_UNKNOWN_BSN, child.bsn]) expect((await new HttpClient(t.baseUrl).login(bsn)).status).toBe(403);
    const tampering = new HttpClient(t.baseUrl);
    const callback = new URL(await tampering.loginUntilCallback(adult.bsn));
    callback.searchParams.set('state', 'forged-state-value');
    expect((await tampering.follow(await tampering.request(callback.href))).status).toBe(400);
    const logs = t.logText();
    expect(logs).toContain('/auth/callback');
    expect(logs).toContain('login refused by register');
    expect(logs).toContain('login rejected');
    for (const person of [...DEMO_CITIZENS, { bsn: DEMO_UNKNOWN_BSN }]) expect(logs).not.toContain(person.bsn);
  });
});
