import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { productionEnv } from '../test/production-env.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './platform/db/database.ts';
import { MailCatcher } from './platform/mail/mail-catcher.ts';
import { createMailer } from './platform/mail/mailer.ts';

const productionComplete = productionEnv();

/** The lines of production's refusal for this environment; none when it starts. */
function refusals(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message.split('\n- ').slice(1);
  }
}

describe('configuration', () => {
  it('development runs on the embedded database, simulator and mail catcher by default', () => {
    const config = loadConfig({});
    expect(config.production).toBe(false);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.oidc.issuer).toBeUndefined();
    expect(config.smtpUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.apiPort).toBe(3443);
  });

  it.each([
    ['DATABASE_URL', 'embedded database'],
    ['KEYRING_FILE', 'encryption keys'],
    ['OIDC_ISSUER', 'simulated DigiD'],
    ['SMTP_URL', 'mail catcher'],
    ['BRP_URL', 'population register'],
    ['API_CLIENT_CA_FILE', 'PKIoverheid roots'],
    ['API_TLS_CERT_FILE', 'server certificate'],
    ['RECEIPT_SIGNING_KEY_FILE', 'signs delivery receipts'],
  ])('R32: production refuses to start without %s and names it', (name, explanation) => {
    const env: Record<string, string> = { ...productionComplete };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}.*${explanation}`));
  });

  it('R1: production needs a client secret or a private key for the eID provider', () => {
    const env: Record<string, string> = { ...productionComplete };
    delete env.OIDC_CLIENT_SECRET;
    expect(() => loadConfig(env)).toThrow(/OIDC_CLIENT_SECRET or OIDC_PRIVATE_KEY_FILE/);
    expect(loadConfig({ ...env, OIDC_PRIVATE_KEY_FILE: '/etc/key.jwk' }).oidc.privateKeyFile).toBe('/etc/key.jwk');
  });

  it('production starts when everything is configured, and refuses bearer keys', () => {
    const config = loadConfig({ ...productionComplete, API_ALLOW_BEARER_KEYS: 'true' });
    expect(config.production).toBe(true);
    expect(config.api.allowBearerKeys).toBe(false);
  });

  it('a malformed port is a clear error', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT must be a port number/);
  });
});

describe('production refuses plain transport', () => {
  const SMTP_TLS = /^SMTP_URL with TLS: smtps:\/\/… \(implicit TLS\) or smtp:\/\/…\?requireTLS=true/;
  const DATABASE_TLS = /^DATABASE_URL with sslmode=verify-full \(or require, verify-ca, ssl=true\), or a local Unix socket/;

  it.each([
    ['SMTP_URL', 'smtp://mail.example:587', SMTP_TLS],
    ['SMTP_URL', 'smtp://mail.example:587?requireTLS=false', SMTP_TLS],
    // nodemailer takes TLS from the scheme and ignores ?secure= in an smtp:// URL.
    ['SMTP_URL', 'smtp://mail.example:465?secure=true', SMTP_TLS],
    ['SMTP_URL', 'smtps://mail.example:465?tls.rejectUnauthorized=false', /^SMTP_URL without tls\.rejectUnauthorized=false/],
    ['DATABASE_URL', 'postgres://db/burgerportaal', DATABASE_TLS],
    ['DATABASE_URL', 'postgres://db/burgerportaal?sslmode=prefer', DATABASE_TLS],
    ['DATABASE_URL', 'postgres://db/burgerportaal?sslmode=no-verify', DATABASE_TLS],
    ['DATABASE_URL', 'postgres://db/burgerportaal?ssl=true&sslmode=disable', DATABASE_TLS],
    // pg keeps the last of repeated parameters.
    ['DATABASE_URL', 'postgres://db/burgerportaal?sslmode=require&sslmode=disable', DATABASE_TLS],
    // No host is TCP to localhost, not a socket.
    ['DATABASE_URL', 'postgres:///burgerportaal', DATABASE_TLS],
    ['OIDC_ISSUER', 'http://digid-broker.example', /^OIDC_ISSUER with https:\/\//],
  ])('R32: production refuses %s=%s and names exactly that setting', (name, value, line) => {
    expect(refusals({ ...productionComplete, [name]: value })).toEqual([expect.stringMatching(line)]);
  });

  it.each([
    ['SMTP_URL', 'smtps://mail.example'],
    ['SMTP_URL', 'smtp://portal:secret@mail.example:587?requireTLS=true'],
    ['SMTP_URL', 'smtps://mail.example:465?tls.rejectUnauthorized=true'],
    ['DATABASE_URL', 'postgres://db/burgerportaal?sslmode=require'],
    ['DATABASE_URL', 'postgresql://portal:secret@db:5432/burgerportaal?sslmode=verify-ca'],
    ['DATABASE_URL', 'postgres://db/burgerportaal?ssl=true'],
    ['DATABASE_URL', 'postgres:///burgerportaal?host=/var/run/postgresql'],
    ['DATABASE_URL', 'postgres://portal@/burgerportaal?host=/var/run/postgresql'],
    ['DATABASE_URL', 'postgres://%2Fvar%2Frun%2Fpostgresql/burgerportaal'],
    ['DATABASE_URL', 'socket:/var/run/postgresql?db=burgerportaal'],
    ['DATABASE_URL', '/var/run/postgresql burgerportaal'],
  ])('R32: production accepts %s=%s', (name, value) => {
    expect(refusals({ ...productionComplete, [name]: value })).toEqual([]);
  });

  it('R32: a fully safe production environment starts; each unsafe transport is its own line', () => {
    expect(refusals(productionComplete)).toEqual([]);
    const config = loadConfig(productionComplete);
    expect(config.databaseUrl).toBe('postgres://db/burgerportaal?sslmode=verify-full');
    expect(config.smtpUrl).toBe('smtps://mail.example:465');
    expect(config.oidc.issuer).toBe('https://digid-broker.example');
    const unsafe = { ...productionComplete, DATABASE_URL: 'postgres://db/x', SMTP_URL: 'smtp://mail.example', OIDC_ISSUER: 'http://digid-broker.example' };
    expect(refusals(unsafe)).toEqual([expect.stringMatching(DATABASE_TLS), expect.stringMatching(/^OIDC_ISSUER with https/), expect.stringMatching(SMTP_TLS)]);
  });

  it('development still runs on plain local transport', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://localhost/burgerportaal', SMTP_URL: 'smtp://localhost:2525', OIDC_ISSUER: 'http://localhost:3001' });
    expect(config.smtpUrl).toBe('smtp://localhost:2525');
  });

  // The accepted forms must really take effect where the URL is used, not only pass the check.
  it('R32: smtp://…?requireTLS=true reaches nodemailer: the mailer refuses a server without STARTTLS', async () => {
    const catcher = new MailCatcher(); // offers no STARTTLS
    const plainUrl = await catcher.listen(0);
    const strict = createMailer({ smtpUrl: `${plainUrl}?requireTLS=true`, from: 'portal@example.org' });
    const plain = createMailer({ smtpUrl: plainUrl, from: 'portal@example.org' });
    const mail = { to: 'burger@example.org', subject: 'Nieuw bericht', text: 'U hebt een nieuw bericht.' };
    try {
      await expect(strict.send(mail)).rejects.toThrow(/STARTTLS|TLS/);
      expect(catcher.mails).toHaveLength(0);
      await plain.send(mail); // the same server takes the mail when TLS is not demanded
      expect(catcher.mails).toHaveLength(1);
    } finally {
      strict.close();
      plain.close();
      await catcher.close();
    }
  });

  const SSL_REQUEST = 80877103;
  const STARTUP_V3 = 196608;
  it.each([
    ['sslmode=verify-full', SSL_REQUEST],
    ['ssl=true', SSL_REQUEST],
    ['', STARTUP_V3],
  ])('R32: DATABASE_URL "?%s" reaches pg through openDatabase: TLS is asked for first and its absence is fatal', async (param, expectedFirst) => {
    const firstMessages: number[] = [];
    // A server that speaks no TLS: it answers an SSLRequest with "N" and hangs up on anything else.
    const server = net.createServer((socket) => {
      socket.once('data', (data) => {
        const code = data.readInt32BE(4);
        firstMessages.push(code);
        if (code === SSL_REQUEST) socket.end('N');
        else socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const database = await openDatabase({ url: `postgres://portal@127.0.0.1:${port}/burgerportaal?${param}`, poolSize: 1 });
    try {
      const query = database.exec('select 1');
      if (expectedFirst === SSL_REQUEST) await expect(query).rejects.toThrow(/does not support SSL/);
      else await expect(query).rejects.toThrow();
      expect(firstMessages).toEqual([expectedFirst]);
    } finally {
      await database.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('declared endpoints (R31)', () => {
  it('R31: production refuses to start without ALLOWED_ENDPOINT_HOSTS', () => {
    const env: Record<string, string> = { ...productionComplete };
    delete env.ALLOWED_ENDPOINT_HOSTS;
    expect(refusals(env)).toEqual([expect.stringMatching(/^ALLOWED_ENDPOINT_HOSTS/)]);
  });

  it.each([
    ['SMTP_URL', 'smtps://mail.elsewhere.example:465', /^SMTP_URL names mail\.elsewhere\.example/],
    ['BRP_URL', 'https://brp.elsewhere.example', /^BRP_URL names brp\.elsewhere\.example/],
    ['OIDC_ISSUER', 'https://idp.elsewhere.example', /^OIDC_ISSUER names idp\.elsewhere\.example/],
  ])('R31: production refuses %s on a host the operator did not declare', (name, value, line) => {
    expect(refusals({ ...productionComplete, [name]: value })).toEqual([expect.stringMatching(line)]);
  });

  it('R31: a ZGW source on an undeclared host is refused; declaring the host admits it', () => {
    const source = { id: 'zaken', oin: '00000001234567890000', zakenUrl: 'https://zaken.example/zaken/api/v1', catalogiUrl: 'https://zaken.example/catalogi/api/v1', notificatiesUrl: 'https://notificaties.example/api/v1', clientId: 'bp', secret: 's', dossierUrlTemplate: 'https://zaken.example/{reference}' };
    const env = { ...productionComplete, ZGW_SOURCES: JSON.stringify([source]) };
    expect(refusals(env)).toEqual([expect.stringMatching(/^ZGW_SOURCES \(zaken\) names zaken\.example/), expect.stringMatching(/^ZGW_SOURCES \(zaken\) names zaken\.example/), expect.stringMatching(/^ZGW_SOURCES \(zaken\) names notificaties\.example/)]);
    expect(refusals({ ...env, ALLOWED_ENDPOINT_HOSTS: `${productionComplete.ALLOWED_ENDPOINT_HOSTS}, Zaken.example,notificaties.example` })).toEqual([]);
  });

  it('R31: development needs no declaration', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://anywhere.example' }).allowedEndpointHosts).toEqual([]);
  });
});
