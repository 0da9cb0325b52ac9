import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from './demo/citizens.ts';
import { loggedInClient } from '../../test/fixtures.ts';
import { startTestPortal } from '../../test/portal.ts';
import { startDemoRegisters, type DemoRegisters } from './demo/demo-registers.ts';

const fatima = DEMO_CITIZENS[1]!;
let dir: string;
let registers: DemoRegisters;

/** A throw-away CA with a server certificate for 127.0.0.1 and a client certificate for the portal. */
function makeCertificates(target: string): void {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: target, stdio: 'pipe' });
  const key = (name: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', `${name}.key`);
  key('ca');
  run('req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Test register CA');
  for (const [name, subject, extension] of [
    ['server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth'],
    ['client', '/CN=burgerportaal/serialNumber=00000001234567890000', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    key(name);
    fs.writeFileSync(path.join(target, `${name}.ext`), `${extension}\n`);
    run('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-mtls-'));
  makeCertificates(dir);
  const read = (name: string) => fs.readFileSync(path.join(dir, name));
  registers = await startDemoRegisters({ sources: ['rdw'], tls: { key: read('server.key'), cert: read('server.pem'), ca: read('ca.pem') } });
});
afterAll(async () => {
  await registers.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function rdwBlockWith(env: Record<string, string>): Promise<string> {
  const t = await startTestPortal({ RDW_URL: registers.urls.rdw ?? '', RDW_CA_FILE: path.join(dir, 'ca.pem'), ...env });
  try {
    const client = await loggedInClient(t, fatima.bsn);
    const page = await client.text('/mijn-gegevens');
    return /data-testid="block-rdw" data-status="(\w+)">([\s\S]*?)<\/section>/.exec(page.html)?.slice(1).join(' ') ?? '';
  } finally {
    await t.close();
  }
}

describe('mutual TLS to a register', () => {
  it('R14: with the configured client certificate the register answers over HTTPS', async () => {
    const block = await rdwBlockWith({ RDW_CLIENT_CERT_FILE: path.join(dir, 'client.pem'), RDW_CLIENT_KEY_FILE: path.join(dir, 'client.key') });
    expect(block).toMatch(/^ok /);
    expect(block).toContain('S-471-KV');
  });

  it('R14: without a client certificate the register refuses the connection and only that block is unavailable', async () => {
    const block = await rdwBlockWith({});
    expect(block).toMatch(/^unavailable /);
    expect(block).toContain('tijdelijk niet beschikbaar');
  });
});
