import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { Db } from '../platform/db/database.ts';
import { ensureDevCa, issueCertificate } from './dev-ca.ts';
import { createOrganisationRegistry, OrganisationInputError } from './registry.ts';

export const ORG_HELP = `burgerportaal org add --oin <20 digits> --name <name> --capabilities inbox,cases,data,representation [--mandatory-channel]
burgerportaal org list
  Registers or lists connected organisations. 'add' prints a development bearer key (refused in production).`;

export const DEV_CA_HELP = `burgerportaal dev-ca init
burgerportaal dev-ca issue --oin <20 digits> [--name <name>]
  Creates the development CA (DATA_DIR/dev-ca) and client certificates carrying the OIN.`;

/** `burgerportaal org …` on a migrated database: returns the exit code. */
export async function orgCommand(config: Config, args: string[], db: Db): Promise<number> {
  const [sub, ...rest] = args;
  try {
    const registry = createOrganisationRegistry({ db, now: () => new Date() });
    if (sub === 'list') {
      for (const org of await registry.list()) {
        console.log(`${org.oin}  ${org.name}  [${org.capabilities.join(',')}]${org.mandatoryChannel ? '  mandatory channel' : ''}${org.active ? '' : '  (blocked)'}`);
      }
      return 0;
    }
    if (sub !== 'add') {
      console.error(ORG_HELP);
      return 1;
    }
    const { values } = parseArgs({
      args: rest,
      options: { oin: { type: 'string' }, name: { type: 'string' }, capabilities: { type: 'string' }, 'mandatory-channel': { type: 'boolean' } },
      strict: true,
    });
    const { organisation, apiKey } = await registry.add({
      oin: values.oin ?? '',
      name: values.name ?? '',
      capabilities: (values.capabilities ?? '').split(',').map((c) => c.trim()).filter(Boolean),
      mandatoryChannel: values['mandatory-channel'] ?? false,
    });
    console.log(`Registered ${organisation.name} (OIN ${organisation.oin}) for ${organisation.capabilities.join(', ')}.`);
    if (!config.production) console.log(`Development bearer key (shown once): ${apiKey}`);
    console.log(`Issue a client certificate with: burgerportaal dev-ca issue --oin ${organisation.oin}`);
    return 0;
  } catch (error) {
    if (error instanceof OrganisationInputError || (error instanceof TypeError && 'code' in error)) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

/** `burgerportaal dev-ca …`: returns the exit code. */
export async function devCaCommand(config: Config, args: string[]): Promise<number> {
  if (config.production) {
    console.error('The development CA is not available in production; use PKIoverheid certificates.');
    return 2;
  }
  const [sub, ...rest] = args;
  const dir = path.join(config.dataDir, 'dev-ca');
  const ca = await ensureDevCa(dir);
  if (sub === 'init') {
    console.log(`Development CA ready in ${dir} (ca.pem, server.pem for localhost).`);
    return 0;
  }
  if (sub !== 'issue') {
    console.error(DEV_CA_HELP);
    return 1;
  }
  const { values } = parseArgs({ args: rest, options: { oin: { type: 'string' }, name: { type: 'string' } }, strict: true });
  if (!values.oin || !/^\d{20}$/.test(values.oin)) {
    console.error('--oin must be 20 digits');
    return 2;
  }
  const pair = await issueCertificate(ca, { kind: 'client', oin: values.oin, name: values.name ?? `Organisatie ${values.oin}` });
  const clients = path.join(dir, 'clients');
  fs.mkdirSync(clients, { recursive: true });
  const certFile = path.join(clients, `${values.oin}.pem`);
  const keyFile = path.join(clients, `${values.oin}-key.pem`);
  fs.writeFileSync(certFile, pair.cert);
  fs.writeFileSync(keyFile, pair.key, { mode: 0o600 });
  console.log(`Client certificate: ${certFile}\nPrivate key:        ${keyFile}`);
  console.log(`Try: curl --cacert ${path.join(dir, 'ca.pem')} --cert ${certFile} --key ${keyFile} https://localhost:${config.apiPort}/api/v1/openapi.json`);
  return 0;
}
