import { sql } from 'kysely';
import type { Keyring } from '../crypto/keyring.ts';
import type { Db } from './database.ts';

type Row = Record<string, unknown>;

/**
 * Where a module keeps encrypted values: a table, the columns that identify a row, and per
 * encrypted column the associated data it was encrypted with (the very context the module's own
 * code uses, so a re-encrypted value still opens where it is read). Declared by the module that
 * owns the table; run by `keys rotate`.
 */
export interface EncryptedColumns {
  /** Shown in the progress line, e.g. "inbox: messages". */
  name: string;
  table: string;
  /** The primary key columns; also available to `context`. */
  key: readonly string[];
  /** Further plain columns `context` needs (e.g. citizen_id). */
  reads?: readonly string[];
  columns: readonly { column: string; context(row: Row): string }[];
}

/**
 * Re-encrypts at most `limit` rows of one table whose values are not all under the keyring's
 * current key, each row in its own update. The key id is in every ciphertext, so rows already
 * done are not selected again: a run that stops half way (a crash) is resumed by running again.
 * Returns how many rows were re-encrypted (0: the table is done).
 */
export async function reencryptBatch(db: Db, keyring: Keyring, target: EncryptedColumns, limit: number): Promise<number> {
  const prefix = keyring.currentPrefix;
  const stale = (column: string) => sql<boolean>`(${sql.ref(column)} is not null and substring(${sql.ref(column)} from 1 for ${sql.lit(prefix.length)}) <> ${prefix})`;
  const selected = [...new Set([...target.key, ...(target.reads ?? []), ...target.columns.map((c) => c.column)])];
  const result = await sql<Row>`select ${sql.join(selected.map((column) => sql.ref(column)))} from ${sql.table(target.table)}
    where ${sql.join(target.columns.map((c) => stale(c.column)), sql` or `)}
    order by ${sql.join(target.key.map((column) => sql.ref(column)))} limit ${sql.lit(limit)}`.execute(db);
  for (const row of result.rows) {
    const updates = target.columns.flatMap(({ column, context }) => {
      const value = row[column];
      if (!(value instanceof Uint8Array) || Buffer.from(value).subarray(0, prefix.length).equals(prefix)) return [];
      return [sql`${sql.ref(column)} = ${keyring.reencrypt(value, context(row))}`];
    });
    if (updates.length === 0) continue;
    // Only if the value is still the one read: a concurrent write (already under the new key) wins.
    const unchanged = target.columns.map(({ column }) => (row[column] == null ? sql`${sql.ref(column)} is null` : sql`${sql.ref(column)} = ${row[column]}`));
    const identity = target.key.map((column) => sql`${sql.ref(column)} = ${row[column]}`);
    await sql`update ${sql.table(target.table)} set ${sql.join(updates)} where ${sql.join([...identity, ...unchanged], sql` and `)}`.execute(db);
  }
  return result.rows.length;
}

/** How many rows of one table still hold a value under an older key. */
export async function countStale(db: Db, keyring: Keyring, target: EncryptedColumns): Promise<number> {
  const prefix = keyring.currentPrefix;
  const stale = (column: string) => sql<boolean>`(${sql.ref(column)} is not null and substring(${sql.ref(column)} from 1 for ${sql.lit(prefix.length)}) <> ${prefix})`;
  const result = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(target.table)}
    where ${sql.join(target.columns.map((c) => stale(c.column)), sql` or `)}`.execute(db);
  return result.rows[0]?.count ?? 0;
}

/**
 * Re-encrypts every listed table in batches until none is left under an older key, reporting
 * progress after each batch. Safe to run again at any time.
 */
export async function reencryptAll(
  db: Db,
  keyring: Keyring,
  targets: readonly EncryptedColumns[],
  options: { batchSize?: number; onProgress?: (progress: { name: string; done: number; total: number }) => void; maxBatches?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let batches = 0;
  let rows = 0;
  for (const target of targets) {
    const total = await countStale(db, keyring, target);
    let done = 0;
    options.onProgress?.({ name: target.name, done, total });
    while (done < total) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return rows;
      const count = await reencryptBatch(db, keyring, target, batchSize);
      batches++;
      if (count === 0) break;
      done += count;
      rows += count;
      options.onProgress?.({ name: target.name, done: Math.min(done, total), total });
    }
  }
  return rows;
}
