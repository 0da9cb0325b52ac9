import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';

const production: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/burgerportaal',
  KEYRING_FILE: '/etc/burgerportaal/keyring.json',
  OIDC_ISSUER: 'https://digid-broker.example',
  OIDC_CLIENT_SECRET: 'secret',
  SMTP_URL: 'smtp://mail.example:587',
  PUBLIC_URL: 'https://mijn.example',
  BRP_URL: 'https://brp.example/haalcentraal/api/brp',
  RDW_URL: 'https://rdw.example/api',
  WOZ_URL: 'https://woz.example/api',
  BENEFITS_URL: 'https://uitkeringen.example/api',
};
for (const prefix of ['BRP', 'RDW', 'WOZ', 'BENEFITS']) {
  production[`${prefix}_CLIENT_CERT_FILE`] = `/etc/burgerportaal/${prefix}.pem`;
  production[`${prefix}_CLIENT_KEY_FILE`] = `/etc/burgerportaal/${prefix}.key`;
}

describe('register provider configuration', () => {
  it('R14: each register has a URL, client certificate and timeout; the total fetch time is bounded', () => {
    const config = loadConfig({ ...production, NODE_ENV: 'development', RDW_TIMEOUT_MS: '1500', REGISTER_TIMEOUT_MS: '1800', WOZ_CA_FILE: '/etc/ca.pem' });
    expect(config.registers.providers.rdw).toEqual({
      url: 'https://rdw.example/api',
      timeoutMs: 1500,
      clientCertFile: '/etc/burgerportaal/RDW.pem',
      clientKeyFile: '/etc/burgerportaal/RDW.key',
      caFile: undefined,
    });
    expect(config.registers.providers.benefits.timeoutMs).toBe(1800);
    expect(config.registers.providers.woz.caFile).toBe('/etc/ca.pem');
    expect(config.registers.totalTimeoutMs).toBe(3000);
  });

  it.each(['RDW_URL', 'WOZ_URL', 'BENEFITS_URL', 'RDW_CLIENT_CERT_FILE', 'BRP_CLIENT_KEY_FILE'])('R14: production refuses to start without %s and names it', (name) => {
    const env = { ...production };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(name));
  });

  // Other settings may be missing too; the message must name these.
  it('R14: production refuses a register over plain HTTP', () => {
    expect(() => loadConfig({ ...production, WOZ_URL: 'http://woz.example' })).toThrow(/WOZ_URL with https/);
  });

  it('development leaves the registers unconfigured, so the demo registers are used', () => {
    const config = loadConfig({});
    expect(config.registers.providers.rdw.url).toBeUndefined();
    expect(config.registers.providers.brp.timeoutMs).toBe(2000);
    expect(() => loadConfig({ REGISTER_TIMEOUT_MS: '0' })).toThrow(/REGISTER_TIMEOUT_MS must be a positive whole number/);
  });
});
