import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseStore } from '../src/cases/case-store.ts';
import { seedDemoCases } from '../src/dev/index.ts';
import { createAccounts } from '../src/identity/index.ts';
import { moduleEncryptedColumns } from '../src/modules.ts';
import { rotateDataKey } from '../src/platform/crypto/key-rotation.ts';
import { budgetState, ENCRYPTION_BUDGET, Keyring, type KeyringFile } from '../src/platform/crypto/keyring.ts';
import { createKeyUsage } from '../src/operations/index.ts';
import { DEMO_CITIZENS } from '../src/registers/demo/citizens.ts';
import { samplePdf } from './api-client.ts';
import { citizenIdOf, loggedInClient, organisationApi } from './fixtures.ts';
import { startTestPortal, type TestPortal } from './portal.ts';

const [johanna, fatima, pieter] = DEMO_CITIZENS;

let t: TestPortal;
let keyringFile: string;
beforeAll(async () => {
  keyringFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bp-keys-')), 'keyring.json');
  Keyring.save(keyringFile, Keyring.generateFile());
  t = await startTestPortal({ ZGW_DEMO: 'false' }, { workers: false, keyring: Keyring.load({ file: keyringFile, createIfMissing: false }) });
  // Encrypted data in every module: BSNs, a screen name, messages with an attachment, cases with statuses.
  for (const person of [johanna!, fatima!, pieter!]) await loggedInClient(t, person.bsn);
  const johannaId = await citizenIdOf(t, johanna!.bsn);
  await t.portal.profile.setScreenName({ acting: { actor: { citizenId: johannaId }, subject: { citizenId: johannaId }, loginId: randomUUID() }, screenName: 'Jo' });
  const api = organisationApi(t);
  const gemeente = await api.register({ oin: '00000001002220647000', name: 'Gemeente Utrecht', capabilities: ['inbox'] });
  for (let i = 0; i < 3; i++) {
    await api.deliver(gemeente, johanna!.bsn, { subject: `Aanslag ${i}`, attachments: [{ filename: `aanslag-${i}.pdf`, contentType: 'application/pdf', content: samplePdf().toString('base64') }] });
  }
  await seedDemoCases({ db: t.portal.db, keyring: t.portal.keyring, accounts: t.portal.accounts, organisations: t.portal.organisations, now: () => new Date() });
});
afterAll(async () => {
  await t?.close();
});

/** Per table: the key ids of every encrypted value in it. */
async function keyIdsByTable(): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const target of moduleEncryptedColumns) {
    const rows = await sql<Record<string, unknown>>`select ${sql.join(target.columns.map((c) => sql.ref(c.column)))} from ${sql.table(target.table)}`.execute(t.portal.db);
    result[target.name] = rows.rows.flatMap((row) => target.columns.flatMap((c) => (row[c.column] instanceof Uint8Array ? [Keyring.keyIdOf(row[c.column] as Uint8Array)] : [])));
  }
  return result;
}

/** A keyring that holds only the current key of the file: whatever it opens is under that key. */
function onlyCurrentKey(): Keyring {
  const file = JSON.parse(fs.readFileSync(keyringFile, 'utf8')) as KeyringFile;
  return new Keyring({ ...file, keys: { [file.current]: file.keys[file.current]! } });
}

describe('R7 R32: key rotation', () => {
  it('R7 R32: a rotation stopped after one batch (a crash) is resumed by running again, without another key; then every value is under the new key and still opens', async () => {
    const before = await keyIdsByTable();
    for (const name of ['identity: citizens (BSN)', 'profile: citizen_profiles', 'inbox: messages', 'inbox: message_attachments', 'cases: cases', 'cases: case_statuses']) {
      expect(before[name]?.length, name).toBeGreaterThan(0);
      expect(new Set(before[name]), name).toEqual(new Set(['k1']));
    }

    const lines: string[] = [];
    const crashed = await rotateDataKey({ keyringFile, db: t.portal.db, targets: moduleEncryptedColumns, batchSize: 2, maxBatches: 1, progress: (line) => lines.push(line) });
    expect(crashed).toMatchObject({ keyId: 'k2', added: true, reencrypted: 2 });
    expect(lines.some((line) => /^\[#*\.*\]\s+\d+% identity: citizens \(BSN\): 2\/\d+$/.test(line)), lines.join('\n')).toBe(true);
    const halfway = await keyIdsByTable();
    expect(halfway['identity: citizens (BSN)']!.filter((id) => id === 'k2')).toHaveLength(2);
    expect(halfway['inbox: messages']!.every((id) => id === 'k1')).toBe(true);

    const resumed = await rotateDataKey({ keyringFile, db: t.portal.db, targets: moduleEncryptedColumns, batchSize: 2, progress: (line) => lines.push(line) });
    expect(resumed.added).toBe(false);
    expect(resumed.keyId).toBe('k2');
    const file = JSON.parse(fs.readFileSync(keyringFile, 'utf8')) as KeyringFile;
    expect(Object.keys(file.keys).sort()).toEqual(['k1', 'k2']);

    const after = await keyIdsByTable();
    for (const [name, ids] of Object.entries(after)) {
      expect(ids.length, name).toBe(before[name]!.length);
      expect(ids.every((id) => id === 'k2'), name).toBe(true);
    }

    // The modules' own read paths open every value with only the new key.
    const keyring = onlyCurrentKey();
    const accounts = createAccounts({ db: t.portal.db, keyring, register: t.portal.registers.population, now: () => new Date() });
    const cases = createCaseStore(keyring);
    for (const person of [johanna!, fatima!, pieter!]) {
      const citizenId = await citizenIdOf(t, person.bsn);
      expect(await accounts.revealBsn(citizenId)).toBe(person.bsn);
      const list = await cases.listCases(t.portal.db, citizenId);
      const statuses = await cases.listStatuses(t.portal.db, citizenId, list.map((c) => c.caseId));
      for (const item of list) expect(item.title).toBeTruthy();
      expect([...statuses.values()].flat().every((status) => typeof status.label === 'string')).toBe(true);
    }
    const messages = await t.portal.db.selectFrom('messages').innerJoin('message_attachments', (join) => join.onRef('message_attachments.message_id', '=', 'messages.message_id')).selectAll().execute();
    expect(messages).toHaveLength(3);
    for (const row of messages) {
      const context = `message:${row.citizen_id}:${row.message_id}`;
      expect(keyring.decryptText(row.subject_encrypted, `${context}:subject`)).toMatch(/^Aanslag \d$/);
      expect(keyring.decryptText(row.filename_encrypted, `${context}:attachment:${row.position}:filename`)).toMatch(/^aanslag-\d\.pdf$/);
      expect(keyring.decrypt(row.content_encrypted, `${context}:attachment:${row.position}`).equals(samplePdf())).toBe(true);
    }

    // Running again once all is done starts the next rotation.
    const next = await rotateDataKey({ keyringFile, db: t.portal.db, targets: moduleEncryptedColumns });
    expect(next).toMatchObject({ keyId: 'k3', added: true });
    expect(Object.values(await keyIdsByTable()).flat().every((id) => id === 'k3')).toBe(true);
  });

  it('R7 R32: after a lookup-key rotation old lookup hashes still find the account and new accounts are written under the new version', async () => {
    const before = JSON.parse(fs.readFileSync(keyringFile, 'utf8')) as KeyringFile;
    const rotated = Keyring.withNewLookupKey(before);
    expect(rotated.hmacCurrent).toBe('h2');
    const keyring = new Keyring(rotated);
    const oldOnly = new Keyring(before);
    const accounts = createAccounts({ db: t.portal.db, keyring, register: t.portal.registers.population, now: () => new Date() });
    const johannaId = await citizenIdOf(t, johanna!.bsn);
    expect(await accounts.findCitizenIdByBsn(johanna!.bsn)).toBe(johannaId);
    expect((await accounts.findAccounts(t.portal.db, [johanna!.bsn])).get(johanna!.bsn)?.citizenId).toBe(johannaId);
    expect(await accounts.ensureAccount(t.portal.db, johanna!.bsn)).toBe(johannaId);

    const newcomer = DEMO_CITIZENS[3]!;
    expect(await accounts.findCitizenIdByBsn(newcomer.bsn)).toBeNull();
    const newId = await accounts.ensureAccount(t.portal.db, newcomer.bsn);
    const lookup = await t.portal.db.selectFrom('citizen_lookup').selectAll().where('citizen_id', '=', newId).executeTakeFirstOrThrow();
    expect(Buffer.from(lookup.bsn_hash).equals(keyring.lookupHash(newcomer.bsn, 'bsn'))).toBe(true);
    expect(Buffer.from(lookup.bsn_hash).equals(oldOnly.lookupHash(newcomer.bsn, 'bsn'))).toBe(false);
    expect(await accounts.findCitizenIdByBsn(newcomer.bsn)).toBe(newId);
  });

  it('R7 R32: every encryption counts against its key\'s budget, persisted, with a warning from half of it and an error at 2^28', async () => {
    expect(ENCRYPTION_BUDGET).toBe(2 ** 28);
    expect(ENCRYPTION_BUDGET).toBeLessThanOrEqual(2 ** 32 / 16);
    expect([budgetState(0), budgetState(2 ** 27 - 1), budgetState(2 ** 27), budgetState(2 ** 28)]).toEqual(['ok', 'ok', 'warn', 'exhausted']);

    // Everything the portal encrypted while seeding counts for the key it used.
    await t.portal.keyUsage.flush();
    const seeded = await t.portal.keyUsage.usage(t.portal.keyring.currentKeyId);
    expect(seeded).toBeGreaterThan(10);
    for (let i = 0; i < 5; i++) t.portal.keyring.encryptText('x', 'test');
    await t.portal.keyUsage.flush();
    expect(await t.portal.keyUsage.usage(t.portal.keyring.currentKeyId)).toBe(seeded + 5);

    const warnings: string[] = [];
    const logger = { warn: (_: object, message: string) => void warnings.push(`warn: ${message}`), error: (_: object, message: string) => void warnings.push(`error: ${message}`) };
    const file = Keyring.generateFile('budget');
    const keyring = new Keyring(file);
    const usage = createKeyUsage({ db: t.portal.db, keyring, logger: logger as never });
    await t.portal.db.insertInto('key_usage').values({ key_id: 'budget', encryptions: 2 ** 27 - 1 }).execute();
    keyring.encryptText('x', 'test');
    expect(await usage.flush()).toEqual(new Map([['budget', 2 ** 27]]));
    expect(warnings).toEqual([expect.stringMatching(/^warn: data key has used half its encryption budget/)]);
    await t.portal.db.updateTable('key_usage').set({ encryptions: 2 ** 28 - 1 }).where('key_id', '=', 'budget').execute();
    keyring.encryptText('x', 'test');
    await usage.flush();
    expect(warnings[1]).toMatch(/^error: data key has reached its encryption budget: run burgerportaal keys rotate now/);
  });
});
