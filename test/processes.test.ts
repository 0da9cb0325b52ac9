import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase } from './database.ts';
import { freePort } from './portal.ts';
import { runCli, waitFor, type CliProcess } from './processes.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-processes-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const baseEnv = { DATA_DIR: dataDir, OIDC_SIMULATOR_PORT: '0', MAIL_CATCHER_PORT: '0', ZGW_DEMO: 'false' };

describe('roles as processes: refusals', () => {
  it('--processes needs a positive whole number, PostgreSQL, and is not for the one-process demo', async () => {
    const bad = runCli(['serve', '--web', '--processes', 'two'], { ...baseEnv, DATABASE_URL: '' });
    expect(await bad.exited()).toBe(1);
    expect(bad.output()).toContain('--processes takes a positive whole number');
    const embedded = runCli(['worker', '--processes', '2'], { ...baseEnv, DATABASE_URL: '' });
    expect(await embedded.exited()).toBe(1);
    expect(embedded.output()).toContain('needs DATABASE_URL');
    const start = runCli(['start', '--processes', '2'], { ...baseEnv, DATABASE_URL: 'postgres://unused@127.0.0.1:1/x' });
    expect(await start.exited()).toBe(1);
    expect(start.output()).toContain('one-process demo');
  }, 180_000);
});

describe.skipIf(!process.env.DATABASE_URL)('roles as processes on PostgreSQL (node:cluster)', () => {
  let database: Awaited<ReturnType<typeof createPostgresTestDatabase>>;
  const started: CliProcess[] = [];
  beforeAll(async () => {
    database = await createPostgresTestDatabase();
  });
  afterAll(async () => {
    for (const cli of started) await cli.stop();
    await database?.drop();
  });

  it('serve --web --processes 2 answers on one port from two processes and replaces one killed with -9', async () => {
    const port = await freePort();
    const web = runCli(['serve', '--web', '--processes', '2'], { ...baseEnv, DATABASE_URL: database.url, PORT: String(port), PUBLIC_URL: `http://localhost:${port}` });
    started.push(web);
    await waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (!response.ok) throw new Error(String(response.status));
    }, 90_000, 'the web processes');
    await waitFor(() => {
      if (web.children().length !== 2) throw new Error(`${web.children().length} processes`);
    });
    const [victim] = web.children();
    process.kill(victim ?? -1, 'SIGKILL');
    await waitFor(() => {
      const now = web.children();
      if (now.length !== 2 || now.includes(victim ?? -1)) throw new Error(`processes ${now.join(',')}`);
    }, 60_000, 'a replacement process');
    await waitFor(async () => {
      for (let i = 0; i < 10; i++) expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    }, 60_000, 'both processes answering');
    expect(web.output()).toMatch(/ended \(SIGKILL\); starting another/);
    await web.stop();
    expect(web.children()).toEqual([]);
  }, 300_000);

  it('worker --processes 2 runs two background processes without HTTP and stops them all on SIGTERM', async () => {
    const worker = runCli(['worker', '--processes', '2'], { ...baseEnv, DATABASE_URL: database.url, PORT: String(await freePort()) });
    started.push(worker);
    await waitFor(() => {
      if ((worker.output().match(/Burgerportaal worker running/g) ?? []).length !== 2) throw new Error(worker.output());
    }, 90_000, 'two workers');
    const children = worker.children();
    expect(children).toHaveLength(2);
    await worker.stop();
    expect(worker.child.exitCode).toBe(0);
    for (const pid of children) expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
  }, 300_000);
});
