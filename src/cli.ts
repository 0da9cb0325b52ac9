import { createPortal, prepareKeys, type Roles } from './app.ts';
import { migrateDatabase, moduleEncryptedColumns } from './modules.ts';
import { AUDIT_HELP, auditCommand } from './audit/index.ts';
import { ReceiptSigner } from './inbox/index.ts';
import { applyPopulationChanges, importPopulation, progressBar, type RefusedRow } from './identity/index.ts';
import { rotateDataKey } from './platform/crypto/key-rotation.ts';
import { Keyring, type KeyringFile } from './platform/crypto/keyring.ts';
import fs from 'node:fs';
import { ADMIN_HELP, adminCommand } from './console/index.ts';
import { createAuditLog } from './audit/index.ts';
import { DEV_CA_HELP, devCaCommand, ORG_HELP, orgCommand } from './organisations/cli.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { EXPORT_HELP, exportCommand } from './research-export/index.ts';
import { RETENTION_HELP, retentionCommand } from './retention/index.ts';
import { openDatabase, type Db } from './platform/db/database.ts';
import path from 'node:path';
import { isClusterProcess, processCountOf, runAsCluster } from './platform/process/cluster.ts';

const HELP: Record<string, string> = {
  start: 'burgerportaal start\n  Web, API and worker in one process. Without DATABASE_URL: embedded database under DATA_DIR,\n  demo data, simulated DigiD and a mail catcher (see /dev/mail).',
  serve: 'burgerportaal serve [--web] [--api] [--processes N]\n  The citizen web server and the organisation API (production roles). With --web or --api only that\n  one, so each can run as its own process and scale apart. --processes N runs N processes sharing\n  the ports (node:cluster); one that dies is replaced.',
  worker: 'burgerportaal worker [--processes N]\n  Background work without any HTTP server: notification mail, session expiry (production role).\n  Several workers side by side are safe (the outbox lease gives each job to one of them).',
  population: 'burgerportaal population import FILE | population changes FILE\n  import: accounts (not activated) for every resident of 14 and older from a register extract, CSV with\n  the header bsn,birth_date,date_of_death; COPY-based, with a progress bar, safe to repeat. changes:\n  applies a register change file, CSV with the header change,bsn,date,new_bsn (turned-14, deceased,\n  bsn-changed). Refused lines (bad BSN, under 14, duplicates, bad dates) are listed by line number in\n  FILE.refused.csv. See docs/population.md.',
  migrate: 'burgerportaal migrate\n  Applies database migrations (forward only) and exits.',
  org: ORG_HELP,
  admin: ADMIN_HELP,
  audit: AUDIT_HELP,
  'dev-ca': DEV_CA_HELP,
  retention: RETENTION_HELP,
  export: EXPORT_HELP,
  keys: 'burgerportaal keys rotate [--lookup | --receipts] [--batch-size N]\n  Adds a data key to KEYRING_FILE as the current key and re-encrypts every encrypted value under it in\n  batches, with a progress line. Safe to run again: after a crash it resumes the unfinished rotation\n  instead of adding another key. --lookup instead adds a lookup HMAC key version (new lookup hashes\n  use it; older ones are still found). --receipts instead replaces the receipt-signing key\n  (RECEIPT_SIGNING_KEY_FILE); the old public key stays in the JWKS so earlier receipts still verify.',
};

function usage(): string {
  return `Usage: burgerportaal <command> [--help]\n\nCommands:\n${Object.values(HELP)
    .map((text) => `  ${text.split('\n')[0]?.replace('burgerportaal ', '')}`)
    .join('\n')}\n\nConfiguration comes from the environment; see README.md.`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(usage());
    return command ? 0 : 1;
  }
  if (rest.includes('--help')) {
    console.log(HELP[command] ?? usage());
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'org': {
      const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
      try {
        await migrateDatabase(database.db);
        return await orgCommand(config, rest, database.db);
      } finally {
        await database.close();
      }
    }
    case 'admin': {
      const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
      try {
        await migrateDatabase(database.db);
        const keyring = Keyring.load({ file: config.keyringFile ?? path.join(config.dataDir, 'keyring.json'), createIfMissing: !config.production });
        const now = () => new Date();
        return await adminCommand(rest, { db: database.db, keyring, audit: createAuditLog({ now }), now });
      } finally {
        await database.close();
      }
    }
    case 'dev-ca':
      return devCaCommand(config, rest);
    case 'retention':
    case 'export':
      return withDataTools(config, (tools) => (command === 'retention' ? retentionCommand(tools, rest) : exportCommand(tools, rest)));
    case 'audit': {
      const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
      try {
        await migrateDatabase(database.db);
        return await auditCommand(config, rest, database.db, {
          log: (line) => console.log(line),
          error: (line) => console.error(line),
          // A bar redrawn in place on a terminal; plain lines when the output is captured.
          progress: (text) => (process.stderr.isTTY ? process.stderr.write(`\r${text}`) : console.error(text)),
        });
      } finally {
        if (process.stderr.isTTY) process.stderr.write('\n');
        await database.close();
      }
    }
    case 'keys': {
      if (rest[0] !== 'rotate') {
        console.error(HELP.keys);
        return 1;
      }
      const keyringFile = config.keyringFile ?? path.join(config.dataDir, 'keyring.json');
      const receiptKeyFile = config.receiptSigningKeyFile ?? path.join(config.dataDir, 'receipt-signing-key.json');
      const needed = rest.includes('--receipts') ? receiptKeyFile : keyringFile;
      if (!fs.existsSync(needed)) {
        console.error(`${needed} does not exist: there is no key to rotate.`);
        return 1;
      }
      if (rest.includes('--lookup')) {
        const next = Keyring.withNewLookupKey(JSON.parse(fs.readFileSync(keyringFile, 'utf8')) as KeyringFile);
        Keyring.save(keyringFile, next);
        console.log(`Lookup key ${next.hmacCurrent} added: new lookup hashes use it; existing ones are still found under the older versions. Restart the servers.`);
        return 0;
      }
      if (rest.includes('--receipts')) {
        const signer = ReceiptSigner.rotate(receiptKeyFile);
        const kids = signer.jwks().keys.map((key) => key.kid);
        console.log(`Receipt-signing key rotated; the JWKS now publishes ${kids.join(', ')} (the first signs). Restart the API servers to use it.`);
        return 0;
      }
      const batchIndex = rest.indexOf('--batch-size');
      const batchSize = batchIndex >= 0 ? Number(rest[batchIndex + 1]) : 500;
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        console.error('--batch-size takes a positive whole number.');
        return 1;
      }
      const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
      try {
        await migrateDatabase(database.db);
        const result = await rotateDataKey({
          keyringFile,
          db: database.db,
          targets: moduleEncryptedColumns,
          batchSize,
          progress: (line) => console.log(line),
        });
        console.log(`Done: ${result.reencrypted} rows re-encrypted; every value is under ${result.keyId}. Restart the servers to encrypt new data under it.`);
        return 0;
      } finally {
        await database.close();
      }
    }
    case 'population': {
      const [action, file] = rest;
      if (!file || (action !== 'import' && action !== 'changes')) {
        console.error(HELP.population);
        return 1;
      }
      if (!fs.existsSync(file)) {
        console.error(`${file} does not exist.`);
        return 1;
      }
      const keyring = Keyring.load({ file: config.keyringFile ?? path.join(config.dataDir, 'keyring.json'), createIfMissing: !config.production });
      const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
      try {
        await migrateDatabase(database.db);
        const refusedFile = `${file}.refused.csv`;
        if (action === 'import') {
          const result = await importPopulation({ database, keyring, file, now: new Date(), onProgress: progressBar((text) => process.stderr.write(text), process.stderr.isTTY, 'import') });
          writeRefused(refusedFile, result.refused);
          console.log(`${result.rows} lines: ${result.created} accounts created, ${result.existing} already had one, ${result.deceasedMarked} marked deceased, ${result.refused.length} refused${result.refused.length ? ` (see ${refusedFile})` : ''}.`);
        } else {
          const result = await applyPopulationChanges({ db: database.db, keyring, file, now: new Date() });
          writeRefused(refusedFile, result.refused);
          console.log(`${result.rows} changes: ${Object.entries(result.applied).map(([kind, count]) => `${count} ${kind}`).join(', ')} applied, ${result.unchanged} already applied, ${result.refused.length} refused${result.refused.length ? ` (see ${refusedFile})` : ''}.`);
        }
        return 0;
      } finally {
        await database.close();
      }
    }
    case 'migrate': {
      const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
      const applied = await migrateDatabase(database.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      await database.close();
      return 0;
    }
    case 'start':
    case 'serve':
    case 'worker': {
      const processes = processCountOf(rest);
      if (processes === null) {
        console.error('--processes takes a positive whole number.');
        return 1;
      }
      if (processes > 1 && command === 'start') {
        console.error('start is the one-process demo; use serve --web, serve --api and worker with --processes N.');
        return 1;
      }
      if (processes > 1 && !config.databaseUrl) {
        console.error('--processes needs DATABASE_URL: the embedded database belongs to one process.');
        return 1;
      }
      if (processes > 1 && !isClusterProcess()) {
        await runAsCluster({
          count: processes,
          log: (line) => console.log(`Burgerportaal ${command}: ${line}`),
          prepare: async () => {
            await prepareKeys(config, rolesOf(command, rest));
            const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
            try {
              await migrateDatabase(database.db);
            } finally {
              await database.close();
            }
          },
        });
        return -1;
      }
      const portal = await createPortal({ config, roles: rolesOf(command, rest) });
      const stop = async () => {
        await portal.close();
        process.exit(0);
      };
      if (portal.roles.worker) portal.startWorkers();
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
      if (command === 'worker') {
        console.log('Burgerportaal worker running.');
        return -1;
      }
      const demo = command === 'start' && portal.database.kind === 'embedded' ? await import('./dev/index.ts') : null;
      if (demo && (await demo.seedDemo(portal))) {
        const { seedDemoCases } = demo;
        const cases = await seedDemoCases({ db: portal.db, keyring: portal.keyring, accounts: portal.accounts, organisations: portal.organisations, now: () => new Date() });
        console.log(`Demo data seeded (${cases} cases).`);
      }
      const url = await portal.listen();
      console.log(`\nBurgerportaal is running at ${url}`);
      if (portal.simulator) console.log(`  DigiD (simulatie):   ${portal.simulator.issuer}`);
      if (portal.mailCatcher) console.log(`  Caught mail:         ${url}/dev/mail (SMTP on port ${portal.mailCatcher.port})`);
      if (portal.demoRegisters) {
        console.log(`  Demo registers:      ${Object.entries(portal.demoRegisters.urls).map(([source, url]) => `${source} ${url}`).join(', ')}`);
      }
      console.log(`  Database:            ${portal.database.kind === 'embedded' ? `embedded (${path.join(config.dataDir, 'pglite')})` : 'PostgreSQL'}`);
      console.log('Press Ctrl+C to stop.\n');
      return -1;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${usage()}`);
      return 1;
  }
}

/** Opens and migrates the database and loads the keyring for the data tools (retention, export). */
async function withDataTools(config: Config, run: (tools: { db: Db; keyring: Keyring; audit: ReturnType<typeof createAuditLog>; now: () => Date }) => Promise<number>): Promise<number> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
  try {
    await migrateDatabase(database.db);
    const keyring = Keyring.load({ file: config.keyringFile ?? path.join(config.dataDir, 'keyring.json'), createIfMissing: !config.production });
    const now = () => new Date();
    return await run({ db: database.db, keyring, audit: createAuditLog({ now }), now });
  } finally {
    await database.close();
  }
}

/** The refused lines of a register file, by line number only (the BSN stays out of reports). */
function writeRefused(file: string, refused: RefusedRow[]): void {
  if (refused.length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.writeFileSync(file, `line,reason\n${refused.map((row) => `${row.line},"${row.reason.replaceAll('"', '""')}"`).join('\n')}\n`);
}

/** start: every role; serve: web and API (or one with --web / --api); worker: background jobs only. */
function rolesOf(command: string, flags: string[]): Roles {
  if (command === 'start') return { web: true, api: true, worker: true };
  if (command === 'worker') return { web: false, api: false, worker: true };
  const web = flags.includes('--web');
  const api = flags.includes('--api');
  return web || api ? { web, api, worker: false } : { web: true, api: true, worker: false };
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
