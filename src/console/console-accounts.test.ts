import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../audit/index.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { bootstrapAdministrator, consoleLogin, totpCode } from '../../test/console.ts';
import { loggedInClient } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { BLOCK_AFTER_FAILURES, createConsoleAccounts } from './console-accounts.ts';
import type { BootstrappedAdministrator } from './index.ts';

let t: TestPortal;
let admin: BootstrappedAdministrator;
let adminClient: HttpClient;

const auditEntries = async () =>
  (await t.portal.db.selectFrom('audit_log').select(['entry']).orderBy('seq').execute()).map((row) => JSON.parse(row.entry) as { actor: { kind: string; id: string; name: string }; action: string; target: { id: string }; before?: Record<string, unknown>; after?: Record<string, unknown>; clientAddress?: string | null });

/** Creates an account through the console's form; returns its id and second-factor secret from the enrolment page. */
async function createAccount(fields: Record<string, string | string[]>): Promise<{ status: number; html: string; secret: string | null }> {
  const page = await adminClient.text('/beheer/accounts/nieuw');
  const token = /name="_csrf" value="([^"]*)"/.exec(page.html)?.[1] ?? '';
  const body = new URLSearchParams({ _csrf: token });
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
  const response = await fetch(new URL('/beheer/accounts', t.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...adminClient.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    body: body.toString(),
    redirect: 'manual',
  });
  const html = await response.text();
  const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(html)?.[1]?.replace(/ /g, '') ?? null;
  return { status: response.status, html, secret };
}

beforeAll(async () => {
  t = await startTestPortal({}, { workers: false });
  admin = await bootstrapAdministrator(t);
  const login = await consoleLogin(t, { username: 'beheerder', password: admin.password, totpSecret: admin.totpSecret });
  expect(login.html).toContain('Welkom, Bea Beheer');
  adminClient = login.client;
});
afterAll(async () => {
  await t.close();
});

describe('console accounts and login (R26)', () => {
  it('R26: the bootstrap stores the password as argon2id, the TOTP secret encrypted, and audits the creation as the CLI', async () => {
    const row = await t.portal.db.selectFrom('console_accounts').selectAll().where('username', '=', 'beheerder').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(Buffer.from(row.totp_secret_encrypted).toString('latin1')).not.toContain(admin.totpSecret);
    expect(row.roles).toEqual(['administrator', 'user']);
    const created = (await auditEntries()).find((entry) => entry.action === 'account.create' && entry.target.id === admin.account.accountId);
    expect(created?.actor).toEqual({ kind: 'cli', id: 'cli', name: 'burgerportaal admin create' });
    expect(JSON.stringify(created)).not.toContain(admin.password);
  });

  it('R26: a second bootstrap is refused while an active administrator exists', async () => {
    await expect(bootstrapAdministrator(t, 'tweede')).rejects.toThrow('console.error.administratorExists');
  });

  it('R26: the second factor is required: after the password alone no console page opens', async () => {
    const client = new HttpClient(t.baseUrl);
    const first = await client.submit('/beheer/inloggen', '/beheer/inloggen', { username: 'beheerder', password: admin.password });
    expect(first.html).toContain('name="code"');
    const home = await client.request('/beheer');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/beheer/inloggen');
    expect((await client.request('/beheer/accounts')).status).toBe(303);
    const wrong = await client.submit('/beheer/inloggen/code', '/beheer/inloggen/code', { code: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Deze code klopt niet');
    // A code used once is not accepted again (no replay within its 30 seconds).
    const code = await totpCode(t, admin.totpSecret);
    const other = new HttpClient(t.baseUrl);
    await other.submit('/beheer/inloggen', '/beheer/inloggen', { username: 'beheerder', password: admin.password });
    expect((await other.submit('/beheer/inloggen/code', '/beheer/inloggen/code', { code })).html).toContain('Welkom');
    const replay = await client.submit('/beheer/inloggen/code', '/beheer/inloggen/code', { code });
    expect(replay.status).toBe(401);
    t.clock.advance(30_000);
    // Reset the failure count the wrong codes above left.
    await t.portal.db.updateTable('console_accounts').set({ failed_logins: 0 }).where('username', '=', 'beheerder').execute();
  });

  it('R26: breached, too short and username-containing passwords are refused; long passphrases with spaces are fine (NIST 800-63B)', async () => {
    const base = { organisationId: '', fullName: 'Piet Planner', roles: ['planner'] };
    const breached = await createAccount({ ...base, username: 'piet', password: 'passwordpassword' });
    expect(breached.status).toBe(400);
    expect(breached.html).toContain('staat op een lijst van gelekte wachtwoorden');
    const breachedUpper = await createAccount({ ...base, username: 'piet', password: 'PasswordPassword' });
    expect(breachedUpper.html).toContain('gelekte wachtwoorden');
    const short = await createAccount({ ...base, username: 'piet', password: 'kort-wachtw' });
    expect(short.html).toContain('minstens 12 tekens');
    const withName = await createAccount({ ...base, username: 'piet', password: 'mijn naam is piet en zo' });
    expect(withName.html).toContain('mag de gebruikersnaam niet bevatten');
    expect(await t.portal.db.selectFrom('console_accounts').select('account_id').where('username', '=', 'piet').executeTakeFirst()).toBeUndefined();
    const long = await createAccount({ ...base, username: 'piet', password: `${'een lange zin met spaties '.repeat(4)}!` });
    expect(long.status).toBe(200);
    expect(long.secret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it(`R26: ${BLOCK_AFTER_FAILURES} failures in a row block the account; attempts are logged; an administrator unblocks it`, async () => {
    const created = await createAccount({ organisationId: '', username: 'gerda', fullName: 'Gerda Gebruiker', password: 'correct horse battery staple', roles: ['user'] });
    const secret = created.secret!;
    const accountId = (await t.portal.db.selectFrom('console_accounts').select('account_id').where('username', '=', 'gerda').executeTakeFirstOrThrow()).account_id;
    for (let attempt = 1; attempt < BLOCK_AFTER_FAILURES; attempt++) {
      const refused = await consoleLogin(t, { username: 'gerda', password: 'wrong password here', totpSecret: secret });
      expect(refused.status).toBe(401);
      expect(refused.html).toContain('klopt niet');
    }
    const last = await consoleLogin(t, { username: 'gerda', password: 'wrong password here', totpSecret: secret });
    expect(last.status).toBe(403);
    expect(last.html).toContain('Dit account is geblokkeerd');
    // Now even the right password and code are refused.
    const right = await consoleLogin(t, { username: 'gerda', password: 'correct horse battery staple', totpSecret: secret });
    expect(right.status).toBe(403);
    const account = await t.portal.modules.console.accounts.get(accountId);
    expect(account).toMatchObject({ status: 'blocked', failedLogins: BLOCK_AFTER_FAILURES });
    // Every refusal is in the security log too (R23), without the username.
    const events = await t.portal.accounts.securityEvents({ since: new Date(t.clock.now().getTime() - 60 * 60_000) });
    const refusals = events.filter((event) => event.operation_name === 'console-login-refused');
    expect(refusals.length).toBeGreaterThanOrEqual(BLOCK_AFTER_FAILURES + 1);
    expect(JSON.stringify(refusals)).not.toContain('gerda');
    const attempts = await t.portal.modules.console.accounts.loginAttempts(accountId);
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['blocked', ...Array<string>(BLOCK_AFTER_FAILURES).fill('wrong-password')]);
    expect(attempts[0]?.clientAddress).toBe('127.0.0.0/24');
    // The administrator sees the attempts and unblocks.
    const page = await adminClient.text(`/beheer/accounts/${accountId}`);
    expect(page.html).toContain('Verkeerd wachtwoord');
    expect(page.html).toContain('Geblokkeerd');
    const unblocked = await adminClient.submit(`/beheer/accounts/${accountId}`, `/beheer/accounts/${accountId}/status`, { status: 'active' });
    expect(unblocked.html).toContain('Het account is gedeblokkeerd');
    const again = await consoleLogin(t, { username: 'gerda', password: 'correct horse battery staple', totpSecret: secret });
    expect(again.html).toContain('Welkom, Gerda Gebruiker');
    const entries = (await auditEntries()).filter((entry) => entry.target.id === accountId);
    expect(entries.map((entry) => entry.action)).toEqual(['account.create', 'account.unblock']);
    expect(entries[1]).toMatchObject({ actor: { kind: 'console', id: admin.account.accountId, name: 'Bea Beheer' }, before: { status: 'blocked' }, after: { status: 'active' }, clientAddress: '127.0.0.0/24' });
  });

  it('R26: blocking ends the account\'s console sessions at once', async () => {
    const created = await createAccount({ organisationId: '', username: 'henk', fullName: 'Henk Helpdesk', password: 'een ander goed wachtwoord', roles: ['user'] });
    const henk = await consoleLogin(t, { username: 'henk', password: 'een ander goed wachtwoord', totpSecret: created.secret! });
    expect((await henk.client.request('/beheer')).status).toBe(200);
    const accountId = (await t.portal.db.selectFrom('console_accounts').select('account_id').where('username', '=', 'henk').executeTakeFirstOrThrow()).account_id;
    await adminClient.submit(`/beheer/accounts/${accountId}`, `/beheer/accounts/${accountId}/status`, { status: 'blocked' });
    expect((await henk.client.request('/beheer')).status).toBe(303);
  });

  it('R26: the console has its own cookie and idle timeout; citizen and console sessions do not open each other', async () => {
    expect([...adminClient.cookies.keys()]).toEqual(['__Host-bp_console']);
    const cookie = adminClient.setCookieHeaders.find((header) => header.startsWith('__Host-bp_console='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // A citizen's session does not open the console.
    const citizen = await loggedInClient(t, DEMO_CITIZENS[0]!.bsn);
    expect((await citizen.request('/beheer')).status).toBe(303);
    // The console's session does not log anyone in on the citizen side.
    const start = await adminClient.text('/');
    expect(start.html).not.toContain('data-testid="viewer"');
    // 15 minutes without a request end the console session.
    const fresh = await consoleLogin(t, { username: 'beheerder', password: admin.password, totpSecret: admin.totpSecret });
    t.clock.advance(15 * 60_000 + 1000);
    const expired = await fresh.client.request('/beheer');
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe('/beheer/inloggen?melding=verlopen');
    expect((await fresh.client.text('/beheer/inloggen?melding=verlopen')).html).toContain('15 minuten niet actief');
    // The login again works (and the shared adminClient gets a fresh session for the next tests).
    adminClient = (await consoleLogin(t, { username: 'beheerder', password: admin.password, totpSecret: admin.totpSecret })).client;
  });

  it('R26: every form needs the session\'s CSRF token; a refused post stores nothing', async () => {
    const before = await t.portal.db.selectFrom('organisations').select('oin').execute();
    const response = await adminClient.request('/beheer/organisaties', { form: { name: 'Zonder token', oin: '00000001999999999000', capabilities: 'inbox' } });
    expect(response.status).toBe(403);
    const events = await t.portal.accounts.securityEvents({ since: new Date(t.clock.now().getTime() - 60_000) });
    expect(events.some((event) => event.operation_name === 'csrf-refused' && event.route === '/beheer/organisaties')).toBe(true);
    expect(await t.portal.db.selectFrom('organisations').select('oin').execute()).toEqual(before);
  });

  it('R26: administrators register and change organisations (capabilities, mandatory channel, OIN), each change audited', async () => {
    const registered = await adminClient.submit('/beheer/organisaties', '/beheer/organisaties', { name: 'Gemeente Testdorp', oin: '00000001234567890000', capabilities: 'inbox' });
    expect(registered.html).toContain('De organisatie is aangesloten');
    const organisation = await t.portal.organisations.findByOin('00000001234567890000');
    expect(organisation).toMatchObject({ name: 'Gemeente Testdorp', capabilities: ['inbox'], mandatoryChannel: false, active: true });
    const id = organisation!.organisationId;
    const invalid = await adminClient.submit(`/beheer/organisaties/${id}`, `/beheer/organisaties/${id}`, { name: 'Gemeente Testdorp', oin: '123', capabilities: 'inbox', active: 'ja' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('precies 20 cijfers');
    const body = new URLSearchParams({ name: 'Gemeente Testdorp', oin: '00000001234567891000', mandatoryChannel: 'ja', active: 'ja' });
    body.append('capabilities', 'inbox');
    body.append('capabilities', 'cases');
    const page = await adminClient.text(`/beheer/organisaties/${id}`);
    body.set('_csrf', /name="_csrf" value="([^"]*)"/.exec(page.html)?.[1] ?? '');
    const saved = await fetch(new URL(`/beheer/organisaties/${id}`, t.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...adminClient.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      body: body.toString(),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    expect(await t.portal.organisations.get(id)).toMatchObject({ oin: '00000001234567891000', capabilities: ['inbox', 'cases'], mandatoryChannel: true });
    const entries = (await auditEntries()).filter((entry) => entry.target.id === id);
    expect(entries.map((entry) => entry.action)).toEqual(['organisation.register', 'organisation.update']);
    expect(entries[1]).toMatchObject({ before: { oin: '00000001234567890000', capabilities: ['inbox'], mandatoryChannel: false }, after: { oin: '00000001234567891000', capabilities: ['inbox', 'cases'], mandatoryChannel: true } });
    expect(Object.keys(entries[1]!.after!).sort()).toEqual(['capabilities', 'mandatoryChannel', 'oin']);
  });

  it('R26: account changes are audited with before and after, contact details minimised to "set"', async () => {
    const created = await createAccount({ organisationId: '', username: 'ina', fullName: 'Ina Inzicht', password: 'weer een goed wachtwoord', roles: ['user'] });
    expect(created.status).toBe(200);
    const accountId = (await t.portal.db.selectFrom('console_accounts').select('account_id').where('username', '=', 'ina').executeTakeFirstOrThrow()).account_id;
    const page = await adminClient.text(`/beheer/accounts/${accountId}`);
    const token = /name="_csrf" value="([^"]*)"/.exec(page.html)?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: token, organisationId: '', fullName: 'Ina Inzicht', businessPhone: '030 123 45 67', businessEmail: 'ina@example.nl', operatorStaff: 'ja' });
    body.append('roles', 'user');
    body.append('roles', 'planner');
    const saved = await fetch(new URL(`/beheer/accounts/${accountId}`, t.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...adminClient.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      body: body.toString(),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    const account = await t.portal.modules.console.accounts.get(accountId);
    expect(account).toMatchObject({ roles: ['user', 'planner'], businessPhone: '030 123 45 67', businessEmail: 'ina@example.nl', operatorStaff: true });
    const update = (await auditEntries()).find((entry) => entry.target.id === accountId && entry.action === 'account.update');
    expect(update?.before).toEqual({ roles: ['user'], operatorStaff: false, businessPhone: null, businessEmail: null });
    expect(update?.after).toEqual({ roles: ['user', 'planner'], operatorStaff: true, businessPhone: 'set', businessEmail: 'set' });
    expect(JSON.stringify(update)).not.toContain('ina@example.nl');
  });

  it('R26: every console user changes their own password (current one checked, NIST rules, audited)', async () => {
    const created = await createAccount({ organisationId: '', username: 'jan', fullName: 'Jan Planner', password: 'het eerste wachtwoord van mij', roles: ['planner'] });
    const jan = await consoleLogin(t, { username: 'jan', password: 'het eerste wachtwoord van mij', totpSecret: created.secret! });
    const wrong = await jan.client.submit('/beheer/wachtwoord', '/beheer/wachtwoord', { current: 'niet het huidige wachtwoord', password: 'een heel nieuw wachtwoord' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('Het huidige wachtwoord klopt niet');
    const breached = await jan.client.submit('/beheer/wachtwoord', '/beheer/wachtwoord', { current: 'het eerste wachtwoord van mij', password: 'qwertyuiopasdf' });
    expect(breached.html).toContain('gelekte wachtwoorden');
    const changed = await jan.client.submit('/beheer/wachtwoord', '/beheer/wachtwoord', { current: 'het eerste wachtwoord van mij', password: 'een heel nieuw wachtwoord' });
    expect(changed.html).toContain('Uw wachtwoord is gewijzigd');
    expect((await consoleLogin(t, { username: 'jan', password: 'het eerste wachtwoord van mij', totpSecret: created.secret! })).status).toBe(401);
    expect((await consoleLogin(t, { username: 'jan', password: 'een heel nieuw wachtwoord', totpSecret: created.secret! })).html).toContain('Welkom, Jan Planner');
    const entry = (await auditEntries()).find((item) => item.action === 'account.change-own-password');
    expect(entry?.after).toEqual({ password: 'changed' });
    expect(JSON.stringify(entry)).not.toContain('nieuw wachtwoord');
  });

  it('R26: the audit entry is written in the mutation\'s transaction: a failed mutation leaves neither the change nor an entry', async () => {
    const real = createAuditLog({ now: t.clock.now });
    // The audit append succeeds, then the transaction fails: both must be rolled back together.
    const failingAfterAppend: AuditLog = {
      async append(trx, entry) {
        await real.append(trx, entry);
        throw new Error('failure after the audit append');
      },
    };
    const accounts = createConsoleAccounts({ db: t.portal.db, keyring: t.portal.keyring, audit: failingAfterAppend, now: t.clock.now });
    const auditBefore = (await auditEntries()).length;
    const actor = { kind: 'console' as const, id: admin.account.accountId, name: 'Bea Beheer', clientAddress: null };
    await expect(accounts.create({ organisationId: null, username: 'teruggedraaid', fullName: 'Terug Gedraaid', password: 'nog een goed wachtwoord', contactPerson: false, operatorStaff: true, roles: ['user'] }, actor)).rejects.toThrow(
      'failure after the audit append',
    );
    expect(await t.portal.db.selectFrom('console_accounts').select('account_id').where('username', '=', 'teruggedraaid').executeTakeFirst()).toBeUndefined();
    const gerda = (await t.portal.db.selectFrom('console_accounts').select('account_id').where('username', '=', 'gerda').executeTakeFirstOrThrow()).account_id;
    await expect(accounts.update(gerda, { fullName: 'Andere Naam' }, actor)).rejects.toThrow('failure after the audit append');
    expect((await t.portal.modules.console.accounts.get(gerda))?.fullName).toBe('Gerda Gebruiker');
    // A mutation the database refuses (an organisation that does not exist) writes no entry either.
    const working = createConsoleAccounts({ db: t.portal.db, keyring: t.portal.keyring, audit: real, now: t.clock.now });
    await expect(working.create({ organisationId: '00000000-0000-7000-8000-000000000000', username: 'zonderorg', fullName: 'Zonder Org', password: 'nog een goed wachtwoord', contactPerson: true, operatorStaff: false, roles: ['organisation'] }, actor)).rejects.toThrow();
    expect((await auditEntries()).length).toBe(auditBefore);
  });
});
