import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MagazijnDemo } from './demo/index.ts';
import { MagazijnClient, StoreError } from './magazijn-client.ts';

const BSN = '999990007';
let dir: string;
let store: MagazijnDemo;

/** A throw-away CA with a server certificate for 127.0.0.1 and a client certificate for the portal. */
function makeCertificates(target: string): void {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: target, stdio: 'pipe' });
  const key = (name: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', `${name}.key`);
  key('ca');
  run('req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Test message store CA');
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
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-mailbox-mtls-'));
  makeCertificates(dir);
  const read = (name: string) => fs.readFileSync(path.join(dir, name));
  store = await MagazijnDemo.start({ oin: '00000009990000002000', tls: { key: read('server.key'), cert: read('server.pem'), ca: read('ca.pem') } });
  store.deliver({ bsn: BSN, onderwerp: 'Over TLS', inhoud: 'Tekst' });
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const settings = (files: { clientCertFile?: string; clientKeyFile?: string }) => ({
  id: 'tls',
  name: 'TLS',
  oin: '00000009990000002000',
  url: store.url,
  timeoutMs: 2000,
  caFile: path.join(dir, 'ca.pem'),
  clientCertFile: files.clientCertFile,
  clientKeyFile: files.clientKeyFile,
});

describe('mutual TLS to a message store', () => {
  it('R19: with the configured client certificate the store answers over HTTPS', async () => {
    const client = new MagazijnClient(settings({ clientCertFile: path.join(dir, 'client.pem'), clientKeyFile: path.join(dir, 'client.key') }));
    try {
      const list = await client.list({ bsn: BSN, signal: new AbortController().signal });
      expect(list.map((item) => item.onderwerp)).toEqual(['Over TLS']);
    } finally {
      client.close();
    }
  });

  it('R19: without a client certificate the store refuses the connection and the client reports it without content', async () => {
    const client = new MagazijnClient(settings({}));
    try {
      const failure = await client.list({ bsn: BSN, signal: new AbortController().signal }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as StoreError).kind).toBe('network');
      expect(String(failure)).not.toContain(BSN);
    } finally {
      client.close();
    }
  });
});
