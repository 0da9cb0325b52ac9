import fs from 'node:fs';
import readline from 'node:readline';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Keyring } from '../platform/crypto/keyring.ts';
import { pooledRandomBytes } from '../platform/crypto/random-pool.ts';
import type { DatabaseHandle } from '../platform/db/database.ts';
import { fieldContext } from './accounts.ts';
import { isValidBsn } from './bsn.ts';
import { newOperationId } from './processing-log.ts';
import { ageOn, dutchDate, MINIMUM_AGE } from './population-register.ts';
import { populationStore, STAGING_COLUMNS } from './population-store.ts';

/** One refused line of a register file: its line number and why (never the BSN: reports get shared). */
export interface RefusedRow {
  line: number;
  reason: string;
}

export interface ImportResult {
  rows: number;
  created: number;
  existing: number;
  deceasedMarked: number;
  refused: RefusedRow[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CHUNK_BYTES = 1 << 20;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Splits a header or data line on the file's separator (comma or semicolon), trimming each field. */
export function splitFields(line: string, separator: string): string[] {
  return line.split(separator).map((field) => field.trim());
}

/** Reads a register CSV with a header line; yields each data line with its number and named fields. */
export async function* readRegisterFile(file: string, required: string[], onBytes?: (bytes: number) => void): AsyncGenerator<{ line: number; fields: Record<string, string> }> {
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let header: string[] | null = null;
  let separator = ',';
  let number = 0;
  for await (const text of lines) {
    number++;
    onBytes?.(Buffer.byteLength(text) + 1);
    if (text.trim() === '') continue;
    if (!header) {
      separator = text.includes(';') ? ';' : ',';
      header = splitFields(text.toLowerCase(), separator);
      const missing = required.filter((column) => !header?.includes(column));
      if (missing.length > 0) throw new Error(`${file}: the header line lacks ${missing.join(', ')} (expected ${required.join(separator)})`);
      continue;
    }
    const values = splitFields(text, separator);
    yield { line: number, fields: Object.fromEntries(header.map((column, index) => [column, values[index] ?? ''])) };
  }
}

/**
 * R2: every resident of 14 and older gets an account (not activated until the first login) from a
 * register extract: CSV with the header `bsn,birth_date,date_of_death` (dates YYYY-MM-DD; the
 * birth date may be empty when the register does not know it). Bad lines are refused with a
 * reason and nothing else; the rest goes in through COPY into a staging table and one merge, so
 * a repeated import creates nothing twice.
 */
export async function importPopulation(input: { database: DatabaseHandle; keyring: Keyring; file: string; now: Date; onProgress?: (fraction: number, rows: number) => void }): Promise<ImportResult> {
  const { database, keyring } = input;
  const today = dutchDate(input.now);
  const total = fs.statSync(input.file).size || 1;
  const refused: RefusedRow[] = [];
  // Keyed by the BSN as a number: nine digits fit a small integer, far lighter than 1 M strings.
  const seen = new Map<number, number>();
  let bytes = 0;
  let rows = 0;
  const staging = `population_import_${randomBytes(6).toString('hex')}`;
  const hex = (value: Uint8Array) => `\\\\x${Buffer.from(value).toString('hex')}`;

  async function* stagedChunks(): AsyncGenerator<string> {
    let chunk = '';
    for await (const { line, fields } of readRegisterFile(input.file, ['bsn', 'birth_date'], (count) => (bytes += count))) {
      rows++;
      const bsn = fields.bsn ?? '';
      const birthDate = fields.birth_date ?? '';
      const deathDate = fields.date_of_death ?? '';
      const reason = !isValidBsn(bsn)
        ? 'invalid BSN (eleven test)'
        : seen.has(Number(bsn))
          ? `duplicate of line ${seen.get(Number(bsn))}`
          : birthDate !== '' && !isIsoDate(birthDate)
            ? 'birth date is not YYYY-MM-DD'
            : deathDate !== '' && !isIsoDate(deathDate)
              ? 'date of death is not YYYY-MM-DD'
              : birthDate !== '' && ageOn(birthDate, today) < MINIMUM_AGE
                ? 'under 14: no account yet (the change file adds it at 14)'
                : null;
      if (isValidBsn(bsn) && !seen.has(Number(bsn))) seen.set(Number(bsn), line);
      if (reason) {
        refused.push({ line, reason });
        continue;
      }
      const citizenId = uuidv7({ random: pooledRandomBytes(16) });
      const deceasedAt = deathDate ? `${deathDate}T00:00:00Z` : '\\N';
      const [current, ...older] = keyring.lookupHashes(bsn, 'bsn');
      chunk += `${citizenId}\t${hex(current ?? Buffer.alloc(0))}\tt\t${hex(keyring.encryptText(bsn, fieldContext(citizenId, 'bsn')))}\t${uuidv7({ random: pooledRandomBytes(16) })}\t${deceasedAt}\n`;
      for (const hash of older) chunk += `${citizenId}\t${hex(hash)}\tf\t\\N\t\\N\t\\N\n`;
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk;
        chunk = '';
        input.onProgress?.(Math.min(1, bytes / total), rows);
      }
    }
    if (chunk) yield chunk;
    input.onProgress?.(1, rows);
  }

  await populationStore.createStaging(database.db, staging);
  try {
    await database.copyIn(staging, STAGING_COLUMNS, stagedChunks());
    const merged = await populationStore.merge(database.db, { name: staging, traceId: randomBytes(16).toString('hex'), operationId: newOperationId(), at: input.now });
    return { rows, ...merged, refused };
  } finally {
    await populationStore.dropStaging(database.db, staging);
  }
}

/** A one-line progress bar for a terminal; plain lines every 10 % elsewhere (CI logs). */
export function progressBar(write: (text: string) => void, tty: boolean, label: string): (fraction: number, rows: number) => void {
  let lastTenth = -1;
  return (fraction, rows) => {
    const percent = Math.floor(fraction * 100);
    if (tty) {
      const filled = Math.round(fraction * 30);
      write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${String(percent).padStart(3)} % ${rows} rows`);
      if (fraction >= 1) write('\n');
    } else if (Math.floor(percent / 10) > lastTenth) {
      lastTenth = Math.floor(percent / 10);
      write(`${label}: ${percent} % (${rows} rows)\n`);
    }
  };
}
