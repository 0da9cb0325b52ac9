import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../modules.ts';
import { openDatabase, type DatabaseHandle } from '../platform/db/database.ts';
import { createAuditLog } from './audit-log.ts';
import { closeFinishedMonths } from './close-months.ts';
import { loadCheckpointSigner } from './module.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-audit-cli-'));
const adminUrl = process.env.DATABASE_URL;
let databaseUrl: string | undefined;

/** The CLI's database: a fresh one on the PostgreSQL server, else an embedded one under DATA_DIR. */
async function open(): Promise<DatabaseHandle> {
  return databaseUrl ? openDatabase({ url: databaseUrl, poolSize: 2 }) : openDatabase({ dataDir: path.join(dataDir, 'pglite') });
}

async function runCli(): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: 'https://portal.test', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  if (!databaseUrl) delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, 'bin/burgerportaal.js'), 'audit', 'verify'], { env, cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  if (adminUrl) {
    const name = `bp_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.href;
  }
  const handle = await open();
  await migrateDatabase(handle.db);
  let now = new Date('2026-01-05T10:00:00Z');
  const audit = createAuditLog({ now: () => now });
  for (const month of ['2026-01', '2026-02']) {
    for (let i = 0; i < 3; i++) {
      now = new Date(`${month}-0${i + 1}T10:00:00Z`);
      await handle.db.transaction().execute((trx) => audit.append(trx, { actor: { kind: 'cli', id: 'admin', name: 'Bootstrap' }, action: 'account.create', target: { type: 'account', id: `a${i}` } }));
    }
  }
  const signer = loadCheckpointSigner({ production: false, dataDir, auditSigningKeyFile: undefined, publicUrl: 'https://portal.test' });
  await closeFinishedMonths({ db: handle.db, signer, now: () => new Date('2026-03-02T00:00:00Z') });
  await handle.close();
});
afterAll(async () => {
  if (!adminUrl || !databaseUrl) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
  await admin.end();
});

describe('R24: burgerportaal audit verify', () => {
  it('R24: exits 0 with a progress bar on an intact log, and 1 naming the first bad entry after a row is deleted in the database', async () => {
    const intact = await runCli();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('Audit log intact: 6 entries and 2 checkpoints verified.');
    expect(intact.stderr).toContain(`[${'#'.repeat(30)}] 100% 6/6 entries`);

    const handle = await open();
    const rows = (await sql<{ seq: string }>`select seq from audit_log order by seq`.execute(handle.db)).rows.map((row) => String(row.seq));
    await sql`delete from audit_log where seq = ${rows[2] ?? ''}`.execute(handle.db);
    await handle.close();
    const broken = await runCli();
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('Audit log NOT intact');
    expect(broken.stderr).toContain(`First bad entry: seq ${rows[3] ?? ''}`);
  }, 120_000);
});
