import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { PostgresQueryCompiler, type KyselyPlugin } from 'kysely';
import { createPortal, type Portal } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { Keyring } from '../src/platform/crypto/keyring.ts';
import type { DatabaseHandle } from '../src/platform/db/database.ts';
import { createLogger } from '../src/platform/logging.ts';
import { createTestDatabase } from './database.ts';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A clock tests can move forward. */
export class TestClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TestPortal {
  portal: Portal;
  baseUrl: string;
  clock: TestClock;
  database: DatabaseHandle;
  /** Everything the portal logged through the production logger, as text, to check that no personal data is in it. */
  logText(): string;
  close(): Promise<void>;
}

export interface TestPortalOptions {
  /**
   * Whether the background jobs run on their timers (default true). Tests that drive a job
   * themselves (advance `clock`, then call e.g. the notification worker's `runOnce()`) pass false.
   */
  workers?: boolean;
  /** The keyring (default: fresh random keys); key-rotation tests pass one loaded from a file. */
  keyring?: Keyring;
  /** Sees every statement the portal sends to its database (round-trip tests count them). */
  onQuery?: (sql: string) => void;
}

/** A Kysely plugin that reports each statement as it is sent (transactions run on the same plugin). */
function queryWatcher(onQuery: (sql: string) => void): KyselyPlugin {
  const compiler = new PostgresQueryCompiler();
  const sent = new WeakMap<object, string>();
  return {
    transformQuery: (args) => {
      sent.set(args.queryId, compiler.compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    // Called once per statement that reached the database (a compiled but unsent query is not counted).
    transformResult: async (args) => {
      onQuery(sent.get(args.queryId) ?? '?');
      return args.result;
    },
  };
}

/** A whole portal on free ports with simulated DigiD, mail catcher and its own database. */
export async function startTestPortal(env: Record<string, string> = {}, options: TestPortalOptions = {}): Promise<TestPortal> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-test-'));
  const configFor = (port: number) => loadConfig({
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    OIDC_SIMULATOR_PORT: '0',
    API_PORT: '0',
    NOTIFICATION_DELAY_MS: '200',
    WORKER_POLL_MS: '100',
    NOTIFICATION_RETRY_BASE_MS: '200',
    MAIL_CATCHER_PORT: '0',
    ZGW_DEMO: 'false',
    EXTERNAL_MAILBOX_DEMO: 'false',
    LOG_LEVEL: 'info',
    // Tests log in and send mail far more often than a citizen; the abuse-limit tests set their own.
    RATE_LIMIT_PER_ADDRESS: '100000',
    RATE_LIMIT_PER_CITIZEN: '100000',
    RATE_LIMIT_LOGIN_STARTS: '100000',
    VERIFICATION_MAILS_PER_CITIZEN_HOUR: '1000',
    VERIFICATION_MAILS_PER_ADDRESS_DAY: '1000',
    // Tests deliver in bursts; the capacity-plan tests set a baseline of their own.
    CAPACITY_BASELINE_PER_MINUTE: '1000000',
    ...env,
  });
  const clock = new TestClock();
  const created = await createTestDatabase();
  const database = options.onQuery ? { ...created, db: created.db.withPlugin(queryWatcher(options.onQuery)) } : created;
  const chunks: string[] = [];
  let config = configFor(await freePort());
  // The production logger (its serializers and redaction), writing into memory instead of stdout.
  const logger = createLogger(
    config.logLevel,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
  );
  const keyring = options.keyring ?? Keyring.generate();
  // The free port can be taken by another server before we bind it: then try another one.
  let portal: Portal;
  for (let attempt = 1; ; attempt++) {
    portal = await createPortal({ config, now: clock.now, keyring, database, logger });
    try {
      await portal.listen();
      break;
    } catch (error) {
      await portal.close().catch(() => undefined);
      if (attempt >= 5 || (error as { code?: string }).code !== 'EADDRINUSE') throw error;
      config = configFor(await freePort());
    }
  }
  if (options.workers ?? true) portal.startWorkers();
  return {
    portal,
    baseUrl: config.publicUrl,
    clock,
    database,
    logText: () => chunks.join(''),
    async close() {
      await portal.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
