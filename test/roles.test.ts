import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortal } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { Keyring } from '../src/platform/crypto/keyring.ts';
import type { DatabaseHandle } from '../src/platform/db/database.ts';
import { createTestDatabase } from './database.ts';

let database: DatabaseHandle;
let dataDir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-roles-'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const config = () => loadConfig({ DATA_DIR: dataDir, PORT: '0', API_PORT: '0', OIDC_SIMULATOR_PORT: '0', MAIL_CATCHER_PORT: '0', ZGW_DEMO: 'false' });

describe('roles as processes', () => {
  it('the worker builds no HTTP server and no eID simulator, but has every module job', async () => {
    const portal = await createPortal({ config: config(), roles: { web: false, api: false, worker: true }, database, keyring: Keyring.generate() });
    try {
      expect(portal.web).toBeNull();
      expect(portal.api).toBeNull();
      expect(portal.simulator).toBeNull();
      expect(portal.demoRegisters).toBeNull();
      expect(Object.values(portal.modules).flatMap((module) => ('jobs' in module ? (module.jobs ?? []).map((job) => job.name) : []))).toContain('notification-mail');
    } finally {
      await portal.close();
    }
  });

  it('serve --api builds only the organisation API; serve --web only the citizen web', async () => {
    const api = await createPortal({ config: config(), roles: { web: false, api: true, worker: false }, database, keyring: Keyring.generate() });
    try {
      expect(api.web).toBeNull();
      expect(api.api).not.toBeNull();
      expect(api.simulator).toBeNull();
    } finally {
      await api.close();
    }
    const web = await createPortal({ config: config(), roles: { web: true, api: false, worker: false }, database, keyring: Keyring.generate() });
    try {
      expect(web.web).not.toBeNull();
      expect(web.api).toBeNull();
      const response = await web.web!.inject({ url: '/health' });
      expect(response.statusCode).toBe(200);
    } finally {
      await web.close();
    }
  });
});
