import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.ts';
import type { DatabaseHandle } from './database.ts';
import { bulkRows, type BulkColumn } from './bulk-rows.ts';

interface ProbeRow {
  id: string;
  label: string | null;
  flag: boolean | null;
  amount: number | null;
  at: Date | null;
  data: Uint8Array | null;
  extra: Uint8Array | null;
}

const COLUMNS: BulkColumn<ProbeRow>[] = [
  { name: 'id', type: 'uuid' },
  { name: 'label', type: 'text' },
  { name: 'flag', type: 'boolean' },
  { name: 'amount', type: 'integer' },
  { name: 'at', type: 'timestamptz' },
  { name: 'data', type: 'bytea' },
  { name: 'extra', type: 'bytea' },
];

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.exec(`create table bulk_probe (id uuid primary key, label text, flag boolean, amount integer, at timestamptz, data bytea, extra bytea)`);
});
afterAll(async () => {
  await handle.close();
});

async function insert(rows: ProbeRow[], conflict = false) {
  const source = bulkRows(rows, COLUMNS);
  const text = conflict ? sql`on conflict (id) do nothing` : sql``;
  const names = sql.raw(COLUMNS.map((column) => column.name).join(', '));
  const result = await sql<{ id: string }>`insert into bulk_probe (${names}) ${source} ${text} returning id`.execute(handle.db);
  return result.rows.map((row) => row.id);
}

async function stored(ids: string[]) {
  const result = await sql<Record<string, unknown>>`select * from bulk_probe where id = any(${ids}::uuid[])`.execute(handle.db);
  return new Map(result.rows.map((row) => [row.id as string, row]));
}

describe('bulkRows', () => {
  it('carries every value, null and awkward text unchanged, whatever the database', async () => {
    const backing = Buffer.from([9, 9, 1, 2, 3, 9]);
    const rows: ProbeRow[] = [
      { id: crypto.randomUUID(), label: 'a "quoted", {braced} \\ back\\slashed', flag: true, amount: 2147483647, at: new Date('2026-01-02T03:04:05.678Z'), data: Buffer.from([0, 255, 0]), extra: new Uint8Array(0) },
      { id: crypto.randomUUID(), label: 'NULL', flag: false, amount: -1, at: null, data: backing.subarray(2, 5), extra: null },
      { id: crypto.randomUUID(), label: null, flag: null, amount: null, at: new Date('1999-12-31T23:59:59.000Z'), data: null, extra: Buffer.from('é\n\t\0', 'utf8') },
      { id: crypto.randomUUID(), label: 'émoji 🎉, tab\there', flag: true, amount: 0, at: null, data: Buffer.alloc(0), extra: Buffer.alloc(300, 7) },
    ];
    expect((await insert(rows)).sort()).toEqual(rows.map((row) => row.id).sort());
    const back = await stored(rows.map((row) => row.id));
    for (const row of rows) {
      const got = back.get(row.id)!;
      expect(got.label).toBe(row.label);
      expect(got.flag).toBe(row.flag);
      expect(got.amount).toBe(row.amount);
      expect(got.at === null ? null : new Date(got.at as Date).toISOString()).toBe(row.at?.toISOString() ?? null);
      for (const column of ['data', 'extra'] as const) {
        expect(got[column] === null ? null : Buffer.from(got[column] as Uint8Array)).toEqual(row[column] === null ? null : Buffer.from(row[column]));
      }
    }
  });

  it('inserts nothing for no rows', async () => {
    expect(await insert([])).toEqual([]);
  });

  it('with ON CONFLICT DO NOTHING, a key repeated in the batch or already stored is inserted once', async () => {
    const known = crypto.randomUUID();
    await insert([{ id: known, label: 'first', flag: null, amount: null, at: null, data: null, extra: null }]);
    const fresh = crypto.randomUUID();
    const row = (id: string, label: string): ProbeRow => ({ id, label, flag: null, amount: null, at: null, data: Buffer.from(label), extra: null });
    const inserted = await insert([row(fresh, 'one'), row(known, 'again'), row(fresh, 'two')], true);
    expect(inserted).toEqual([fresh]);
    const back = await stored([known, fresh]);
    expect(back.get(known)!.label).toBe('first');
    expect(back.get(fresh)!.label).toBe('one');
  });
});
