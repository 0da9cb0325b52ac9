import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PgliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'embedded';
  /** Runs raw SQL with several statements (used by bulk tools and tests). */
  exec(statements: string): Promise<void>;
  /**
   * Bulk load with COPY (text format): `chunks` are runs of tab-separated lines. PostgreSQL streams
   * them (pg-copy-streams); the embedded database copies each chunk from a blob.
   */
  copyIn(table: string, columns: string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<void>;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Opens PostgreSQL when a URL is given, else the embedded PGlite database in `dataDir`
 * (`memory://` keeps it in memory, for tests). int8 and numeric come back as JS numbers on both.
 */
export async function openDatabase(options: { url?: string | undefined; dataDir?: string; poolSize?: number }): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
          return pg.types.getTypeParser(oid, format);
        },
      },
    });
    // An idle connection that the server drops (restart, failover) is discarded by the pool and
    // replaced on the next query; without this listener it would crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      exec: async (statements) => {
        await pool.query(statements);
      },
      copyIn: async (table, columns, chunks) => {
        const client = await pool.connect();
        try {
          await pipeline(Readable.from(chunks), client.query(copyFrom(copySql(table, columns, 'stdin'))));
        } finally {
          client.release();
        }
      },
      close: () => db.destroy(),
    };
  }
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = new PGlite(dataDir, {
    parsers: { [INT8]: (value: string) => Number(value), [NUMERIC]: (value: string) => Number(value) },
  });
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
  return {
    db,
    kind: 'embedded',
    // Multi-statement SQL needs PGlite's simple protocol; holding a connection keeps the queue order.
    exec: async (statements) => {
      await db.connection().execute(async () => {
        await pglite.exec(statements);
      });
    },
    copyIn: async (table, columns, chunks) => {
      for await (const chunk of chunks) {
        await db.connection().execute(async () => {
          await pglite.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob([chunk]) });
        });
      }
    },
    close: () => db.destroy(),
  };
}

/** Table and column names are the caller's constants, never input: checked to be plain identifiers. */
function copySql(table: string, columns: string[], source: string): string {
  for (const name of [table, ...columns]) if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return `copy ${table} (${columns.join(', ')}) from ${source}`;
}

/** Connection-level failures (server down, restarting, connection dropped): retrying later helps. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/**
 * True when an error means the database cannot be reached right now (as opposed to a bad query):
 * callers answer 503 with Retry-After, and nothing was stored (the transaction did not commit).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return typeof message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}

/** True when the database answers a trivial query. */
export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
