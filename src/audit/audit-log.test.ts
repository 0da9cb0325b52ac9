import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import type { DatabaseHandle, Db } from '../platform/db/database.ts';
import { createAuditLog } from './audit-log.ts';
import { CheckpointSigner, openSignedNote, parseCheckpointText } from './checkpoint-signer.ts';
import { auditCommand } from './cli.ts';
import { closeFinishedMonths } from './close-months.ts';
import { dropExpiredMonths } from './retention.ts';
import { verifyAuditLog } from './verify.ts';

let handle: DatabaseHandle;
let db: Db;
let now = new Date('2020-01-10T12:00:00Z');
const clock = () => now;
const audit = createAuditLog({ now: clock });
const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bp-audit-')), 'audit-signing-key.json');
const signer = CheckpointSigner.load({ file: keyFile, createIfMissing: true, name: 'portal.test/audit' });
const verifierKey = signer.verifierKey();

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await sql`delete from audit_log`.execute(db);
  await sql`delete from audit_checkpoints`.execute(db);
  await sql`delete from audit_anchor`.execute(db);
});

/** `count` console mutations in each month (the 10th, one minute apart), each in its own transaction. */
async function seed(months: string[], count: number): Promise<void> {
  for (const month of months) {
    for (let i = 0; i < count; i++) {
      now = new Date(`${month}-10T12:${String(i).padStart(2, '0')}:00Z`);
      await db.transaction().execute((trx) =>
        audit.append(trx, { actor: { kind: 'console', id: 'acc-1', name: 'Beheerder Een' }, action: 'account.block', target: { type: 'account', id: `acc-${i}` }, before: { status: 'active' }, after: { status: 'blocked' }, clientAddress: '192.0.2.0' }),
      );
    }
  }
}

async function closeAt(at: string): Promise<string[]> {
  now = new Date(at);
  return closeFinishedMonths({ db, signer, now: clock });
}

const verify = () => verifyAuditLog({ db, verifierKey });
const seqs = async () => (await sql<{ seq: string; month: string }>`select seq, month from audit_log order by seq`.execute(db)).rows.map((row) => ({ seq: String(row.seq), month: row.month }));

describe('R24: tamper-evident audit log', () => {
  it('R24: verify passes over closed months (empty ones too), each a signed C2SP checkpoint naming the previous month’s root; the CLI reports it with a progress bar', async () => {
    await seed(['2026-01', '2026-02', '2026-04'], 3);
    expect(await closeAt('2026-05-02T00:00:00Z')).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    // Entries of the open month are still checked one by one.
    await seed(['2026-05'], 2);
    const result = await verify();
    expect(result).toEqual({ ok: true, entries: 11, checkpoints: 4 });

    const notes = (await sql<{ month: string; note: string }>`select month, note from audit_checkpoints order by month`.execute(db)).rows;
    const bodies = notes.map((row) => parseCheckpointText(openSignedNote(row.note, verifierKey)));
    expect(bodies.map((body) => [body.month, body.treeSize])).toEqual([['2026-01', 3], ['2026-02', 6], ['2026-03', 6], ['2026-04', 9]]);
    expect(bodies[0]?.previousRoot).toBeNull();
    for (let i = 1; i < bodies.length; i++) expect(bodies[i]?.previousRoot?.equals(bodies[i - 1]?.root ?? Buffer.alloc(0))).toBe(true);
    expect(notes[0]?.note).toMatch(/^portal\.test\/audit\n3\n[A-Za-z0-9+/]{43}=\nmonth 2026-01\nprevious none\n\n\u2014 portal\.test\/audit [A-Za-z0-9+/]+=*\n$/);

    const lines: string[] = [];
    const progress: string[] = [];
    const code = await auditCommand({ production: true, dataDir: path.dirname(keyFile), auditSigningKeyFile: keyFile, publicUrl: 'https://portal.test' }, ['verify'], db, { log: (l) => lines.push(l), error: (l) => lines.push(l), progress: (p) => progress.push(p) });
    expect(code).toBe(0);
    expect(lines).toEqual(['Audit log intact: 11 entries and 4 checkpoints verified.']);
    expect(progress.at(-1)).toBe(`[${'#'.repeat(30)}] 100% 11/11 entries`);
  });

  it('R24: verify fails after an entry is changed in the database, naming that entry; also when its leaf hash is changed along (then the month’s checkpoint names it)', async () => {
    await seed(['2026-01', '2026-02'], 4);
    await closeAt('2026-03-01T00:00:00Z');
    const rows = await seqs();
    const target = rows[5];
    if (!target) throw new Error('seed failed');
    await sql`update audit_log set entry = replace(entry, 'blocked', 'active') where seq = ${target.seq}`.execute(db);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problem?.seq).toBe(target.seq);

    const lines: string[] = [];
    const code = await auditCommand({ production: true, dataDir: '', auditSigningKeyFile: keyFile, publicUrl: 'https://portal.test' }, ['verify'], db, { log: (l) => lines.push(l), error: (l) => lines.push(l), progress: () => undefined });
    expect(code).toBe(1);
    expect(lines).toContain(`First bad entry: seq ${target.seq}`);

    // A careful forger recomputes the leaf hash too: the signed root of 2026-02 no longer matches.
    await sql`update audit_log set leaf_hash = encode(sha256(decode('00', 'hex') || convert_to(entry, 'UTF8')), 'hex') where seq = ${target.seq}`.execute(db);
    const forged = await verify();
    expect(forged.ok).toBe(false);
    expect(forged.problem?.month).toBe('2026-02');
    expect(forged.problem?.message).toContain('2026-02');
    expect(forged.problem?.seq).toBe(rows[4]?.seq);
  });

  it('R24: verify fails after an entry is deleted (in the middle, or the last of a closed month), naming where', async () => {
    await seed(['2026-01', '2026-02'], 3);
    await closeAt('2026-03-05T00:00:00Z');
    const rows = await seqs();
    await sql`delete from audit_log where seq = ${rows[1]?.seq ?? ''}`.execute(db);
    const middle = await verify();
    expect(middle.ok).toBe(false);
    expect(middle.problem?.seq).toBe(rows[2]?.seq);
    expect(middle.problem?.message).toContain('deleted');

    await sql`delete from audit_log`.execute(db);
    await sql`delete from audit_checkpoints`.execute(db);
    await seed(['2026-01'], 3);
    await closeAt('2026-02-05T00:00:00Z');
    const last = (await seqs()).at(-1);
    await sql`delete from audit_log where seq = ${last?.seq ?? ''}`.execute(db);
    const atEnd = await verify();
    expect(atEnd.ok).toBe(false);
    expect(atEnd.problem?.month).toBe('2026-01');
    expect(atEnd.problem?.message).toContain('deleted');
  });

  it('R24: verify fails after a checkpoint is altered (its text, its signature) or removed from the chain', async () => {
    await seed(['2026-01', '2026-02', '2026-03'], 2);
    await closeAt('2026-04-02T00:00:00Z');
    expect((await verify()).ok).toBe(true);
    const original = (await sql<{ note: string }>`select note from audit_checkpoints where month = '2026-02'`.execute(db)).rows[0]?.note ?? '';

    await sql`update audit_checkpoints set note = ${original.replace('\n4\n', '\n3\n')}, tree_size = 3 where month = '2026-02'`.execute(db);
    expect(await verify()).toMatchObject({ ok: false, problem: { month: '2026-02' } });

    // Re-signed by another key: not the audit key.
    const other = CheckpointSigner.load({ file: path.join(path.dirname(keyFile), 'other-key.json'), createIfMissing: true, name: 'portal.test/audit' });
    await sql`update audit_checkpoints set note = ${other.sign(original.slice(0, original.lastIndexOf('\n\n') + 1))}, tree_size = 4 where month = '2026-02'`.execute(db);
    const resigned = await verify();
    expect(resigned).toMatchObject({ ok: false, problem: { month: '2026-02' } });
    expect(resigned.problem?.message).toContain('no signature by the audit key');

    await sql`update audit_checkpoints set note = ${original} where month = '2026-02'`.execute(db);
    expect((await verify()).ok).toBe(true);
    await sql`delete from audit_checkpoints where month = '2026-02'`.execute(db);
    expect(await verify()).toMatchObject({ ok: false, problem: { month: '2026-03' } });
  });

  it('R24: after five years whole months are dropped; everything newer still verifies (also after a second drop), and tampering with it is still found', async () => {
    await seed(['2020-01', '2020-02', '2020-06', '2021-01', '2021-02', '2021-03'], 2);
    await closeAt('2026-02-15T00:00:00Z');
    const dropped = await dropExpiredMonths({ db, audit, now: clock });
    // Cut-off 2021-02: every month before it goes; 2021-01's checkpoint stays as the anchor, so
    // 2021-01 through 2026-01 remain (61).
    expect(dropped).toEqual({ droppedThrough: '2021-01', entries: 8 });
    expect((await seqs()).map((row) => row.month)).toEqual(['2021-02', '2021-02', '2021-03', '2021-03', '2026-02']);
    expect(await verify()).toEqual({ ok: true, entries: 5, checkpoints: 61 });
    expect(await dropExpiredMonths({ db, audit, now: clock })).toBeNull();

    await closeAt('2026-04-03T00:00:00Z');
    expect(await dropExpiredMonths({ db, audit, now: clock })).toEqual({ droppedThrough: '2021-03', entries: 4 });
    await seed(['2026-04'], 2);
    expect((await verify()).ok).toBe(true);

    const first = (await seqs())[0];
    await sql`update audit_log set entry = replace(entry, 'audit-retention', 'someone') where seq = ${first?.seq ?? ''}`.execute(db);
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: first?.seq } });
  });

  it('R24: an append inside a rolled-back transaction leaves nothing, and the next append takes its place', async () => {
    await seed(['2026-01'], 2);
    await expect(
      db.transaction().execute(async (trx) => {
        await audit.append(trx, { actor: { kind: 'console', id: 'acc-1', name: 'Beheerder Een' }, action: 'organisation.register', target: { type: 'organisation', id: 'org-1' } });
        throw new Error('the mutation failed');
      }),
    ).rejects.toThrow('the mutation failed');
    expect((await seqs()).length).toBe(2);
    expect((await sql<{ entry: string }>`select entry from audit_log`.execute(db)).rows.some((row) => row.entry.includes('organisation.register'))).toBe(false);
    await seed(['2026-01'], 1);
    await closeAt('2026-02-01T00:00:00Z');
    expect(await verify()).toEqual({ ok: true, entries: 3, checkpoints: 1 });
  });
});
