import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_OIN } from '../inbox/index.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { activateCitizens, giveVerifiedEmail, loggedInClient } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { purgeDueAt } from './self-entered-retention.ts';

// The job is driven by hand on the test clock; its timer (daily) never fires during the test.
let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal({}, { workers: false });
});
afterAll(async () => {
  await t.close();
});

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

describe('Self-entered data after two years without logging in', () => {
  it('R18: warns 60, 14 and 1 days before by verified e-mail (each once), then deletes the self-entered data in batches, keeps the account and leaves a note in the inbox; an own login restarts the clock', async () => {
    const people = DEMO_CITIZENS.slice(0, 3);
    const [a, b, c] = await activateCitizens(t, people);
    if (!a || !b || !c) throw new Error('accounts missing');
    const start = t.clock.now();
    const { selfEntered, retention } = t.portal.modules.profile;
    for (const [index, citizenId] of [a, b, c].entries()) {
      const acting = { actor: { citizenId }, subject: { citizenId }, loginId: `00000000-0000-7000-8000-00000000000${index}` };
      await selfEntered.setPhone({ acting, phone: `06 1234567${index}` });
      await selfEntered.addAddress({ acting, address: { label: 'Vakantieadres', street: 'Duinweg 1', postcode: '1234 AB', city: 'Zandvoort' } });
      await t.portal.profile.setScreenName({ acting, screenName: `Naam ${index}` });
    }
    await giveVerifiedEmail(t, people[0]!.bsn, 'a@example.nl');
    await giveVerifiedEmail(t, people[1]!.bsn, 'b@example.nl');
    const due = purgeDueAt(start);
    const warningsTo = (address: string) => t.portal.mailCatcher!.mails.filter((mail) => mail.to.includes(address) && mail.subject.startsWith('Uw gegevens in Burgerportaal worden gewist'));
    const at = (ms: number) => t.clock.advance(ms - (t.clock.now().getTime() - 0));

    // Nothing to do long before the deadline.
    expect(await retention.runOnce({ batchSize: 2 })).toEqual({ warned: 0, purged: 0 });

    // 60 days before: A and B (with a verified address) are warned; C has no address to warn.
    at(due.getTime() - 60 * DAY + HOUR);
    // Two workers at once: each warning is claimed by one of them.
    const runs = await Promise.all([retention.runOnce({ batchSize: 2 }), retention.runOnce({ batchSize: 2 })]);
    expect(runs.reduce((sum, run) => sum + run.warned, 0)).toBe(2);
    await t.portal.mailCatcher!.waitFor((mail) => mail.to.includes('b@example.nl'));
    expect(warningsTo('a@example.nl')).toHaveLength(1);
    const mail = warningsTo('a@example.nl')[0]!;
    expect(mail.text).toContain('Log dan voor');
    expect(mail.text).toContain('log in before');
    // Each warning once, however often the job runs.
    expect(await retention.runOnce({ batchSize: 2 })).toEqual({ warned: 0, purged: 0 });

    // B logs in themselves 30 days before the deadline: B's clock restarts.
    at(due.getTime() - 30 * DAY);
    await loggedInClient(t, people[1]!.bsn);

    at(due.getTime() - 14 * DAY + HOUR);
    expect(await retention.runOnce({ batchSize: 2 })).toEqual({ warned: 1, purged: 0 });
    at(due.getTime() - 1 * DAY + HOUR);
    expect(await retention.runOnce({ batchSize: 2 })).toEqual({ warned: 1, purged: 0 });
    expect(await retention.runOnce({ batchSize: 2 })).toEqual({ warned: 0, purged: 0 });
    await t.portal.mailCatcher!.waitFor(() => warningsTo('a@example.nl').length === 3);
    expect(warningsTo('a@example.nl')).toHaveLength(3);
    expect(warningsTo('b@example.nl')).toHaveLength(1);

    // Past the deadline: A and C lose their self-entered data, B (who logged in) keeps it.
    at(due.getTime() + HOUR);
    expect(await retention.runOnce({ batchSize: 2 })).toEqual({ warned: 0, purged: 2 });
    const db = t.portal.db;
    for (const citizenId of [a, c]) {
      expect(await db.selectFrom('citizen_profiles').selectAll().where('citizen_id', '=', citizenId).execute()).toHaveLength(0);
      expect(await db.selectFrom('saved_addresses').selectAll().where('citizen_id', '=', citizenId).execute()).toHaveLength(0);
      expect(await db.selectFrom('self_entered_data_warnings').selectAll().where('citizen_id', '=', citizenId).execute()).toHaveLength(0);
      // The account stays (R2).
      const account = await db.selectFrom('citizens').selectAll().where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
      expect(account.activated_at).not.toBeNull();
    }
    expect(await db.selectFrom('citizen_profiles').selectAll().where('citizen_id', '=', b).execute()).toHaveLength(1);
    expect(await db.selectFrom('saved_addresses').selectAll().where('citizen_id', '=', b).execute()).toHaveLength(1);
    expect(await retention.runOnce({ batchSize: 2 })).toEqual({ warned: 0, purged: 0 });

    // The purge is in the usage history, by the system.
    const purged = await db.selectFrom('processing_log').select(['actor_citizen_id']).where('data_subject_id', '=', a).where('operation_name', '=', 'self-entered-data-purged').execute();
    expect(purged).toEqual([{ actor_citizen_id: null }]);
    // And in the audit log (R25), in the purge's transaction: which kinds went, never their values.
    const audited = (await db.selectFrom('audit_log').select('entry').execute()).map((row) => JSON.parse(row.entry) as { action: string; target: { id: string } });
    expect(audited.filter((entry) => entry.action === 'retention.purge').map((entry) => entry.target.id).sort()).toEqual([a, c].sort());

    // A finds a note from the portal in the inbox saying what was deleted and when.
    const client = await loggedInClient(t, people[0]!.bsn);
    const inbox = await client.text('/berichten');
    expect(inbox.html).toContain('Uw zelf ingevulde gegevens zijn gewist');
    const portal = await t.portal.organisations.findByOin(PORTAL_OIN);
    expect(portal?.active).toBe(false);
    const notes = await db.selectFrom('messages').select('message_id').where('citizen_id', '=', a).where('organisation_id', '=', portal?.organisationId ?? '').execute();
    expect(notes).toHaveLength(1);
    const note = await client.text(`/berichten/${notes[0]!.message_id}`);
    const day = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' }).format(t.clock.now());
    expect(note.html).toContain(`Op ${day} hebben wij de gegevens gewist`);
    for (const item of ['uw schermnaam (roepnaam)', 'uw e-mailadres', 'uw telefoonnummer', 'uw opgeslagen adressen (1)']) expect(note.html).toContain(item);
    expect(note.html).not.toContain('uw profielfoto');
    // The profile page is empty again.
    const profile = await client.text('/mijn-profiel');
    expect(profile.html).toContain('U heeft geen adressen opgeslagen.');
  });

  it('R18: the clock counts only the citizen\'s own login: recorded use by someone else does not restart it', async () => {
    const [citizenId] = await activateCitizens(t, [DEMO_CITIZENS[0]!]);
    if (!citizenId) throw new Error('account missing');
    const before = (await t.portal.accounts.lastOwnLogins([citizenId])).get(citizenId);
    t.clock.advance(DAY);
    // Someone else logs in and acts for this citizen.
    const [actorId] = await activateCitizens(t, [DEMO_CITIZENS[1]!]);
    await t.portal.accounts.recordActivity({ citizenId, actorId: actorId ?? null, action: 'phone-changed' });
    expect((await t.portal.accounts.lastOwnLogins([citizenId])).get(citizenId)).toEqual(before);
  });
});
