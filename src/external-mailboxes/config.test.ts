import { describe, expect, it } from 'vitest';
import { productionEnv } from '../../test/production-env.ts';
import { ConfigError, loadConfig } from '../config.ts';

const STORE = { id: 'waterschap', name: 'Waterschap', oin: '00000009990000002000', url: 'https://magazijn.example/api/v1', clientCertFile: '/etc/bp/c.pem', clientKeyFile: '/etc/bp/c.key' };

describe('external message stores in the configuration', () => {
  it('R19: EXTERNAL_MAILBOXES configures stores with their mutual TLS files; without them development starts a demo store', () => {
    const config = loadConfig({ EXTERNAL_MAILBOXES: JSON.stringify([{ ...STORE, timeoutMs: 900 }]) });
    expect(config.externalMailboxes.stores).toEqual([{ ...STORE, timeoutMs: 900, caFile: undefined }]);
    expect(config.externalMailboxes.demo).toBe(false);
    expect(loadConfig({}).externalMailboxes).toMatchObject({ stores: [], demo: true, cacheMs: 60_000 });
    expect(loadConfig({ EXTERNAL_MAILBOX_DEMO: 'false' }).externalMailboxes.demo).toBe(false);
  });

  it('R19: a malformed store is refused with the setting named; production demands https and a client certificate', () => {
    const refuse = (stores: unknown, env: Record<string, string> = {}) => () => loadConfig({ ...env, EXTERNAL_MAILBOXES: JSON.stringify(stores) });
    expect(() => loadConfig({ EXTERNAL_MAILBOXES: 'nee' })).toThrow(ConfigError);
    expect(refuse([{ ...STORE, oin: '123' }])).toThrow('EXTERNAL_MAILBOXES[0].oin must be 20 digits');
    expect(refuse([{ ...STORE, id: 'Met Spatie' }])).toThrow('EXTERNAL_MAILBOXES[0].id');
    expect(refuse([STORE, STORE])).toThrow('ids must be unique');
    const production = productionEnv();
    expect(refuse([{ ...STORE, url: 'http://magazijn.example/api/v1' }], production)).toThrow('must use https:// in production');
    expect(refuse([{ ...STORE, clientCertFile: undefined }], production)).toThrow('clientCertFile and clientKeyFile');
    expect(loadConfig({ ...production, EXTERNAL_MAILBOXES: JSON.stringify([STORE]) }).externalMailboxes).toMatchObject({ demo: false, stores: [expect.objectContaining({ id: 'waterschap' })] });
  });
});
