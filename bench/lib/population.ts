import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Keyring } from '../../src/platform/crypto/keyring.ts';
import { fieldContext } from '../../src/identity/index.ts';

/** N distinct BSNs that pass the eleven test, from the 8xxxxxxxx range (not the demo 999 range). */
export function generateBsns(count: number, start = 800_000_000): string[] {
  const result: string[] = [];
  for (let n = start; result.length < count; n++) {
    const digits = String(n).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
    sum -= Number(digits[8]);
    if (sum % 11 === 0) result.push(digits);
  }
  return result;
}

/** Streams text rows into a table with COPY; returns the elapsed milliseconds. */
export async function copyRows(client: pg.PoolClient | pg.Client, table: string, columns: string[], rows: Iterable<string>): Promise<number> {
  const started = performance.now();
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from(batched(rows)), stream);
  return performance.now() - started;
}

function* batched(rows: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += `${row}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export const hex = (bytes: Uint8Array) => `\\\\x${Buffer.from(bytes).toString('hex')}`;

/** Activated accounts for the BSNs, written with COPY as the portal would store them. */
export async function seedCitizens(client: pg.Client, keyring: Keyring, bsns: string[]): Promise<string[]> {
  const ids = bsns.map(() => randomUUID());
  const activated = new Date(Date.now() - 86_400_000).toISOString();
  await copyRows(
    client,
    'citizens',
    ['citizen_id', 'bsn_encrypted', 'activated_at'],
    bsns.map((bsn, i) => `${ids[i]}\t${hex(keyring.encryptText(bsn, fieldContext(ids[i] ?? '', 'bsn')))}\t${activated}`),
  );
  await copyRows(
    client,
    'citizen_lookup',
    ['bsn_hash', 'citizen_id'],
    bsns.map((bsn, i) => `${hex(keyring.lookupHash(bsn, 'bsn'))}\t${ids[i]}`),
  );
  return ids;
}
