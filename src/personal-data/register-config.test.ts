import { describe, expect, it } from 'vitest';
import { productionEnv } from '../../test/production-env.ts';
import { ConfigError, loadConfig } from '../config.ts';

const production = productionEnv();

describe('register provider configuration', () => {
  it('R14: each register has a URL, client certificate and timeout; the total fetch time is bounded', () => {
    const config = loadConfig({ ...production, NODE_ENV: 'development', RDW_TIMEOUT_MS: '1500', REGISTER_TIMEOUT_MS: '1800', WOZ_CA_FILE: '/etc/ca.pem' });
    expect(config.registers.providers.rdw).toEqual({
      url: 'https://rdw.example',
      timeoutMs: 1500,
      clientCertFile: '/etc/burgerportaal/rdw-client.pem',
      clientKeyFile: '/etc/burgerportaal/rdw-client.key',
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
