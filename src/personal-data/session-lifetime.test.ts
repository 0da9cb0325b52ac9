import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../registers/demo/citizens.ts';
import { countRows, loggedInClient } from '../../test/fixtures.ts';
import { startTestPortal, type TestPortal } from '../../test/portal.ts';
import { IDLE_TIMEOUT_MS } from '../platform/http/sessions.ts';

const fatima = DEMO_CITIZENS[1]!;
const pieter = DEMO_CITIZENS[2]!;
// Register data only the registers know: none of it may be readable in the database, ever.
const REGISTER_MARKERS = ['S-471-KV', 'TOYOTA', 'Thomas', 'Kinderbijslag', 'YARIS', 'VOLKSWAGEN', '89-ZTL-3', 'Ingrid', 'WW-uitkering'];

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(async () => {
  await t.close();
});

const registerRows = () => countRows(t, 'session_register_data');

/** Every row of every table in the database as text (and as hex, for bytea columns). */
async function databaseDump(): Promise<string> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(t.database.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(t.database.db);
    parts.push(...rows.rows.map((row) => row.row));
  }
  return parts.join('\n');
}

function expectNoRegisterData(dump: string): void {
  for (const marker of REGISTER_MARKERS) {
    expect(dump).not.toContain(marker);
    expect(dump).not.toContain(Buffer.from(marker).toString('hex'));
  }
}

describe('register data lives only in the session', () => {
  it('R16: during the session the data is there, stored encrypted in the session\'s own rows', async () => {
    const before = await registerRows();
    const client = await loggedInClient(t, fatima.bsn);
    expect(await registerRows()).toBe(before + 4);
    const page = await client.text('/mijn-gegevens');
    expect(page.html).toContain('S-471-KV');
    expect(page.html).toContain('Thomas Jansen');
    const dump = await databaseDump();
    expect(dump).toMatch(/\\x[0-9a-f]{100,}/);
    expectNoRegisterData(dump);
    await client.submit('/', '/uitloggen', {});
  });

  it('R16: after logout no register data remains anywhere in the database', async () => {
    const client = await loggedInClient(t, pieter.bsn);
    expect((await client.text('/mijn-gegevens')).html).toContain('89-ZTL-3');
    expect(await registerRows()).toBeGreaterThan(0);
    const loggedOut = await client.submit('/mijn-gegevens', '/uitloggen', {});
    expect(loggedOut.html).toContain('U bent uitgelogd');
    expect(await registerRows()).toBe(0);
    expectNoRegisterData(await databaseDump());
    expect((await client.text('/mijn-gegevens')).status).toBe(401);
  });

  it('R16: after idle expiry the data is gone, on the next request', async () => {
    const client = await loggedInClient(t, fatima.bsn);
    expect(await registerRows()).toBe(4);
    t.clock.advance(IDLE_TIMEOUT_MS + 1000);
    expect((await client.text('/mijn-gegevens')).status).toBe(401);
    expect(await registerRows()).toBe(0);
    expectNoRegisterData(await databaseDump());
  });

  it('R16: after idle expiry the sweeper removes the data even if the citizen never comes back', async () => {
    await loggedInClient(t, pieter.bsn);
    await loggedInClient(t, fatima.bsn);
    expect(await registerRows()).toBe(8);
    t.clock.advance(IDLE_TIMEOUT_MS + 1000);
    await t.portal.runMaintenance();
    expect(await registerRows()).toBe(0);
    expectNoRegisterData(await databaseDump());
  });

  it('R16: a new login fetches afresh; the ciphertext of one session cannot be read in another', async () => {
    const first = await loggedInClient(t, fatima.bsn);
    const second = await loggedInClient(t, fatima.bsn);
    const rows = await t.database.db.selectFrom('session_register_data').selectAll().where('source', '=', 'rdw').execute();
    expect(rows).toHaveLength(2);
    const [a, b] = rows;
    // Copy one session's ciphertext into the other session's row: it is bound to its login and fails.
    await t.database.db.updateTable('session_register_data').set({ payload_encrypted: a!.payload_encrypted }).where('session_hash', '=', b!.session_hash).where('source', '=', 'rdw').execute();
    const pages = await Promise.all([first.text('/mijn-gegevens'), second.text('/mijn-gegevens')]);
    const rdwStatuses = pages.map((page) => /data-testid="block-rdw" data-status="(\w+)"/.exec(page.html)?.[1]).sort();
    expect(rdwStatuses).toEqual(['ok', 'unavailable']);
    for (const page of pages) expect(page.html).toContain('Thomas Jansen');
    await Promise.all([first.submit('/', '/uitloggen', {}), second.submit('/', '/uitloggen', {})]);
    expect(await registerRows()).toBe(0);
  });
});
