import { describe, expect, it } from 'vitest';
import { productionEnv } from '../test/production-env.ts';
import { ConfigError, loadConfig } from './config.ts';

const productionComplete = productionEnv();

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
