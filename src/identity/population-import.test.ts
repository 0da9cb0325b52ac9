import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Keyring } from '../platform/crypto/keyring.ts';
import type { DatabaseHandle } from '../platform/db/database.ts';
import { createTestDatabase } from '../../test/database.ts';
import { runCli } from '../../test/processes.ts';
import { createAccounts, fieldContext } from './accounts.ts';
import { applyPopulationChanges } from './population-changes.ts';
import { importPopulation } from './population-import.ts';
import type { PopulationRegister } from './population-register.ts';

/** N BSNs passing the eleven test, from `start` on. */
function bsns(count: number, start: number): string[] {
  const found: string[] = [];
  for (let n = start; found.length < count; n++) {
    const digits = String(n).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
    if ((sum - Number(digits[8])) % 11 === 0) found.push(digits);
  }
  return found;
}

/** A register that counts its calls and knows no one: a provisioned wave must not need it. */
function countingRegister() {
  const calls = { count: 0 };
  const register: PopulationRegister = {
    findByBsn: () => {
      calls.count++;
      return Promise.resolve(null);
    },
    findByBsns: (asked) => {
      calls.count += asked.length;
      return Promise.resolve(new Map());
    },
  };
  return { register, calls };
}

const NOW = new Date('2026-06-01T12:00:00Z');
let database: DatabaseHandle;
let dir: string;
const keyFile = Keyring.generateFile();
const keyringFile = new Keyring(keyFile);
beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-population-'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, lines: string[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};
const count = async (query: ReturnType<typeof sql<{ count: number }>>) => (await query.execute(database.db)).rows[0]?.count;

describe('population import and register changes', () => {
  const people = bsns(60, 810_000_000);
  const adults = people.slice(0, 50);

  it('R2: the import creates an account, not activated, for every resident of 14 and older and refuses bad lines by line number', async () => {
    const file = write('extract.csv', [
      'bsn,birth_date,date_of_death',
      ...adults.map((bsn, i) => `${bsn},${1950 + (i % 50)}-0${1 + (i % 9)}-15,`),
      '123456789,1980-01-01,', // fails the eleven test (line 52)
      `${adults[0]},1980-01-01,`, // duplicate of line 2 (line 53)
      `${people[50]},2015-03-01,`, // under 14 on 2026-06-01 (line 54)
      `${people[51]},1980-13-40,`, // not a date (line 55)
      `${people[52]},,`, // birth date unknown: eligible (line 56)
      `${people[53]},1930-01-01,2025-12-31`, // died: no account (line 57)
    ]);
    const { register, calls } = countingRegister();
    const result = await importPopulation({ database, keyring: keyringFile, file, now: NOW });
    expect(result).toMatchObject({ rows: 56, created: 51, existing: 0 });
    expect(result.refused).toEqual([
      { line: 52, reason: 'invalid BSN (eleven test)' },
      { line: 53, reason: 'duplicate of line 2' },
      { line: 54, reason: 'under 14: no account yet (the change file adds it at 14)' },
      { line: 55, reason: 'birth date is not YYYY-MM-DD' },
    ]);
    expect(await count(sql`select count(*)::int as count from citizens where activated_at is null`)).toBe(51);
    expect(await count(sql`select count(*)::int as count from processing_log where operation_name = 'account-created'`)).toBe(51);
    // The stored BSN decrypts under the account's own context.
    const accounts = createAccounts({ db: database.db, keyring: keyringFile, register, now: () => NOW });
    const id = await accounts.findCitizenIdByBsn(adults[7] ?? '');
    const row = await database.db.selectFrom('citizens').select('bsn_encrypted').where('citizen_id', '=', id ?? '').executeTakeFirstOrThrow();
    expect(keyringFile.decryptText(row.bsn_encrypted, fieldContext(id ?? '', 'bsn'))).toBe(adults[7]);
    // R2: a wave to the provisioned population resolves from the accounts alone.
    const resolved = await accounts.resolveRecipients({ bsns: [...adults, people[52] ?? ''], createMissing: true });
    expect([...resolved.values()].every((recipient) => recipient.kind === 'account' && !recipient.activated)).toBe(true);
    expect(calls.count).toBe(0);
    expect(await count(sql`select count(*)::int as count from information_schema.tables where table_name like 'population_import_%'`)).toBe(0);
  });

  it('R2: importing again creates nothing twice, also after a lookup-key rotation, and adds only the new residents', async () => {
    const rotated = new Keyring(Keyring.withNewLookupKey(keyFile));
    const file = write('extract-2.csv', ['bsn;birth_date;date_of_death', ...adults.map((bsn) => `${bsn};1970-05-05;`), `${people[54]};1990-01-01;`]);
    const again = await importPopulation({ database, keyring: rotated, file, now: NOW });
    expect(again).toMatchObject({ rows: 51, created: 1, existing: 50, refused: [] });
    const third = await importPopulation({ database, keyring: rotated, file, now: NOW });
    expect(third).toMatchObject({ created: 0, existing: 51 });
    expect(await count(sql`select count(*)::int as count from citizens`)).toBe(52);
  });

  it('R2: register changes reach the accounts: turning 14, deaths and BSN changes, each safe to apply again', async () => {
    const { register, calls } = countingRegister();
    const accounts = createAccounts({ db: database.db, keyring: keyringFile, register, now: () => NOW });
    const child = people[50] ?? '';
    const [dying = '', renumbered = ''] = adults;
    const newNumber = people[55] ?? '';
    const before = await accounts.findCitizenIdByBsn(renumbered);
    const file = write('changes.csv', [
      'change,bsn,date,new_bsn',
      `turned-14,${child},2012-05-31,`,
      `deceased,${dying},2026-05-30,`,
      `bsn-changed,${renumbered},,${newNumber}`,
      `turned-14,${people[56]},2013-01-01,`, // still 13
      `moved,${people[57]},,`,
      `bsn-changed,${people[58]},,${people[59]}`, // no account
    ]);
    const result = await applyPopulationChanges({ db: database.db, keyring: keyringFile, file, now: NOW });
    expect(result.applied).toEqual({ 'turned-14': 1, deceased: 1, 'bsn-changed': 1 });
    expect(result.refused.map((row) => row.line)).toEqual([5, 6, 7]);
    const resolved = await accounts.resolveRecipients({ bsns: [child, dying, newNumber, renumbered], createMissing: false });
    expect(resolved.get(child)).toMatchObject({ kind: 'account', activated: false });
    expect(resolved.get(dying)).toEqual({ kind: 'refused', reason: 'no-account-possible' });
    expect(resolved.get(newNumber)).toMatchObject({ kind: 'account', citizenId: before });
    // The old number is no longer an account: only it goes to the register.
    expect(calls.count).toBe(1);
    const again = await applyPopulationChanges({ db: database.db, keyring: keyringFile, file, now: NOW });
    expect(again.applied).toEqual({ 'turned-14': 0, deceased: 0, 'bsn-changed': 0 });
    expect(again.unchanged).toBe(3);
    expect(await count(sql`select count(*)::int as count from processing_log where operation_name in ('bsn-changed', 'account-closed-deceased')`)).toBe(2);
  });

  it('R2: burgerportaal population import shows progress, reports refused lines without BSNs and is idempotent', async () => {
    const dataDir = fs.mkdtempSync(path.join(dir, 'cli-'));
    const file = write('cli.csv', ['bsn,birth_date,date_of_death', `${people[0]},1980-01-01,`, '111111111,1980-01-01,']);
    const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    const first = runCli(['population', 'import', file], env);
    expect(await first.exited(140_000)).toBe(0);
    expect(first.output()).toContain('import: 100 %');
    expect(first.output()).toContain('1 accounts created, 0 already had one, 0 marked deceased, 1 refused');
    const report = fs.readFileSync(`${file}.refused.csv`, 'utf8');
    expect(report).toBe('line,reason\n3,"invalid BSN (eleven test)"\n');
    expect(first.output()).not.toContain(people[0]);
    const second = runCli(['population', 'import', file], env);
    expect(await second.exited(140_000)).toBe(0);
    expect(second.output()).toContain('0 accounts created, 1 already had one');
    // Two real processes that each start the embedded database: minutes on a busy machine.
  }, 300_000);
});
