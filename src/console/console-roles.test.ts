import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit/index.ts';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import type { ConsoleRole } from '../platform/console.ts';
import { createI18n } from '../platform/i18n.ts';
import { consoleLogin } from '../../test/console.ts';
import { activateCitizens, giveVerifiedEmail } from '../../test/fixtures.ts';
import { HttpClient } from '../../test/http-client.ts';
import { startInboxFixture, type InboxFixture } from '../../test/inbox-fixture.ts';
import { CONSOLE_ROLES, createConsoleAccounts } from './console-accounts.ts';
import { registerConsole } from './console-plugin.tsx';
import { createConsoleSessions } from './console-sessions.ts';

const citizen = DEMO_CITIZENS[0]!;
const SECRET_SUBJECT = 'Zeer vertrouwelijk onderwerp 7731';
const SECRET_BODY = 'Inhoud die het beheer nooit mag tonen 8842';

let f: InboxFixture;
const clients = new Map<ConsoleRole, HttpClient>();
const ids: { organisationId: string; accountId: string } = { organisationId: '', accountId: '' };

beforeAll(async () => {
  f = await startInboxFixture();
  const { t } = f;
  await activateCitizens(t, [citizen]);
  await giveVerifiedEmail(t, citizen.bsn, 'johanna@example.nl');
  const gemeente = (await t.portal.organisations.findByOin('00000001002220647000'))!;
  ids.organisationId = gemeente.organisationId;
  // Messages with content and an attachment that no console page may show.
  await f.deliver(f.gemeente, citizen.bsn, { subject: SECRET_SUBJECT, body: SECRET_BODY });
  await f.deliver(f.gemeente, citizen.bsn, { subject: SECRET_SUBJECT, body: SECRET_BODY });
  await f.deliver(f.belastingdienst, citizen.bsn, { subject: SECRET_SUBJECT, body: SECRET_BODY });
  // Refusals of two classes for the Gemeente: a reused reference with other content, an invalid item in a batch.
  await f.deliverRaw(f.gemeente, citizen.bsn, { reference: 'hergebruikt', subject: 'Eerste' });
  expect((await f.deliverRaw(f.gemeente, citizen.bsn, { reference: 'hergebruikt', subject: 'Tweede' })).status).toBe(409);
  expect((await f.deliverRaw(f.gemeente, citizen.bsn, { subject: '' })).status).toBe(400);

  // One account per role, each holding only that role, made as an administrator makes them.
  const accounts = createConsoleAccounts({ db: t.portal.db, keyring: t.portal.keyring, audit: createAuditLog({ now: t.clock.now }), now: t.clock.now });
  const actor = { kind: 'cli' as const, id: 'cli', name: 'test', clientAddress: null };
  for (const role of CONSOLE_ROLES) {
    const password = `wachtwoord voor de rol ${role}`;
    const { account, totpSecret } = await accounts.create(
      { organisationId: role === 'organisation' ? ids.organisationId : null, username: `rol-${role}`, fullName: `Rol ${role}`, password, contactPerson: role === 'organisation', operatorStaff: role !== 'organisation', roles: [role] },
      actor,
    );
    if (role === 'user') ids.accountId = account.accountId;
    const login = await consoleLogin(t, { username: account.username, password, totpSecret });
    expect(login.status).toBe(200);
    clients.set(role, login.client);
  }
}, 120_000);
afterAll(async () => {
  await f.close();
});

/** The route's URL with its parameters filled with existing ids. */
function concrete(url: string): string {
  return url.replace(':organisationId', ids.organisationId).replace(':accountId', ids.accountId);
}

async function csrfOf(client: HttpClient): Promise<string> {
  const home = await client.text('/beheer');
  return /name="_csrf" value="([^"]*)"/.exec(home.html)?.[1] ?? '';
}

describe('console route × role matrix (R32)', () => {
  it('R32: every console route declares its roles, and the table holds the pages each role needs', () => {
    const table = f.t.portal.modules.console.routeTable();
    expect(table.length).toBeGreaterThan(0);
    for (const route of table) expect(route.roles.length).toBeGreaterThan(0);
    const reachable = (role: ConsoleRole) => table.filter((route) => route.method === 'GET' && route.roles.includes(role)).map((route) => route.url).sort();
    expect(reachable('organisation')).toEqual(['/beheer', '/beheer/cijfers', '/beheer/wachtwoord']);
    expect(reachable('planner')).toEqual(['/beheer', '/beheer/capaciteit', '/beheer/statistieken', '/beheer/wachtwoord']);
    expect(reachable('administrator')).toEqual(expect.arrayContaining(['/beheer/accounts', '/beheer/accounts/:accountId', '/beheer/organisaties', '/beheer/organisaties/:organisationId', '/beheer/capaciteit', '/beheer/statistieken']));
  });

  it('R32: each role reaches exactly the routes that declare it (generated from the route table); others get 403, visitors the login', async () => {
    const table = f.t.portal.modules.console.routeTable();
    const outcomes: string[] = [];
    for (const route of table) {
      const url = concrete(route.url);
      for (const role of CONSOLE_ROLES) {
        const client = clients.get(role)!;
        const allowed = route.roles.includes(role);
        const response = route.method === 'GET' ? await client.request(url) : await client.request(url, { method: route.method, form: { _csrf: await csrfOf(client) } });
        await response.arrayBuffer();
        const ok = allowed ? response.status !== 403 && response.status !== 401 && response.status < 500 : response.status === 403;
        if (!ok) outcomes.push(`${route.method} ${route.url} as ${role}: ${response.status} (allowed: ${allowed})`);
      }
      const anonymous = new HttpClient(f.t.baseUrl);
      const response = route.method === 'GET' ? await anonymous.request(url) : await anonymous.request(url, { method: route.method, form: {} });
      const refused = route.method === 'GET' ? response.status === 303 && response.headers.get('location') === '/beheer/inloggen' : response.status === 401;
      if (!refused) outcomes.push(`${route.method} ${route.url} without login: ${response.status}`);
    }
    expect(outcomes).toEqual([]);
  });

  it('R32: no console page shows message content, attachments, BSNs or register data, for any role', async () => {
    const table = f.t.portal.modules.console.routeTable();
    const forbidden = [SECRET_SUBJECT, SECRET_BODY, citizen.bsn, citizen.givenNames, citizen.surname, citizen.address?.street ?? citizen.bsn, 'johanna@example.nl', '.pdf'];
    for (const role of CONSOLE_ROLES) {
      for (const route of table.filter((entry) => entry.method === 'GET' && entry.roles.includes(role))) {
        const { html } = await clients.get(role)!.text(concrete(route.url));
        for (const text of forbidden) expect(html, `${route.url} as ${role}`).not.toContain(text);
      }
    }
  });

  it('R26: the Organisation role sees its own organisation\'s figures: delivered, refused by reason class, notification outcomes', async () => {
    const { t } = f;
    // Wait for the notification mail about the Gemeente's messages.
    for (let tries = 0; tries < 100; tries++) {
      const notified = await t.portal.db.selectFrom('notification_log').select('outcome').execute();
      if (notified.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { html } = await clients.get('organisation')!.text('/beheer/cijfers');
    expect(html).toContain('Bezorgcijfers van Gemeente Utrecht');
    // Three delivered by the Gemeente (two plus the first "hergebruikt"); the Belastingdienst's is not counted.
    expect(html).toContain('data-testid="figures-sent">3<');
    expect(html).toContain('data-testid="refused-reference-conflict">1<');
    expect(html).toContain('data-testid="refused-invalid-input">1<');
    expect(html).toContain('data-testid="refused-recipient-not-accepting">0<');
    expect(html).toMatch(/data-testid="outcome-sent">[1-9]\d*</);
    // The organisation comes from the account: no parameter lets one ask for another's figures.
    const other = await clients.get('organisation')!.text(`/beheer/cijfers?organisatie=${(await t.portal.organisations.findByOin('00000001003214345000'))!.organisationId}`);
    expect(other.html).toContain('Bezorgcijfers van Gemeente Utrecht');
  });

  it('R32: the console refuses to start when a contribution registers a route without consoleRoles', async () => {
    const { t } = f;
    const app = Fastify();
    await app.register(fastifyCookie);
    app.decorateRequest('language', 'nl');
    app.decorateRequest('t', () => '');
    app.decorateRequest('csrfToken', () => null);
    app.decorateRequest('localHref', (href: string) => href);
    const accounts = createConsoleAccounts({ db: t.portal.db, keyring: t.portal.keyring, audit: createAuditLog({ now: t.clock.now }), now: t.clock.now });
    await expect(
      registerConsole(app, {
        accounts,
        sessions: createConsoleSessions({ db: t.portal.db, now: t.clock.now }),
        translator: createI18n([]).translator,
        routeTable: [],
        onSecurityEvent: async () => undefined,
        publicRoutes: () => undefined,
        contributions: [{ nav: [], routes: (scope) => void scope.get('/zonder-rollen', () => 'open') }],
      }).then(() => app.ready()),
    ).rejects.toThrow('console route GET /beheer/zonder-rollen declares no consoleRoles');
    await app.close();
  });
});
