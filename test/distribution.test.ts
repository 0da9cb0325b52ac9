import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db/database.ts';
import { createTestDatabase } from './database.ts';

/**
 * Tables with a `citizen_id` column that are deliberately not keyed by it, each with the reason.
 * Everything else that holds `citizen_id` is citizen-owned and must distribute by citizen (Citus:
 * a distributed table's primary and unique keys include the distribution column, and joins and
 * foreign keys between distributed tables go through it).
 */
const EXCEPTIONS: Record<string, string> = {
  sessions: 'A session is found by the hash of its cookie, and exists before login (no citizen yet): distributed by session_hash; a citizen\'s session list is a small fan-out query.',
  helpdesk_klantcontacten:
    'A helpdesk contact may come from a visitor without an account (citizen_id null), and staff and mailed links find it by its own uuid or number: distributed by its uuid, with its betrokkenen co-located; low volume.',
  helpdesk_betrokkenen: 'Co-located with its helpdesk_klantcontacten row (by klantcontact_uuid); see there.',
  case_references: 'The (organisation, reference) → case lookup keyed by what the sender has, like citizen_lookup: distributed by organisation_id and read once before the citizen-owned case rows.',
  citizen_lookup: 'The BSN-hash → citizen lookup is keyed by the hash (that is what a sender has); on Citus it is its own table distributed by bsn_hash, read once per recipient before anything citizen-owned.',
};

interface Constraint {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f';
  columns: string[];
  referencedTable: string | null;
  referencedColumns: string[];
}

let database: DatabaseHandle;
let citizenOwned: Set<string>;
let constraints: Constraint[];
beforeAll(async () => {
  database = await createTestDatabase();
  const tables = await sql<{ table_name: string }>`
    select distinct c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.column_name = 'citizen_id'`.execute(database.db);
  citizenOwned = new Set(tables.rows.map((row) => row.table_name).filter((table) => !(table in EXCEPTIONS)));
  const rows = await sql<{ table_name: string; name: string; kind: string; columns: string[]; referenced_table: string | null; referenced_columns: string[] | null }>`
    select cl.relname as table_name, con.conname as name, con.contype as kind,
           array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.n) as columns,
           ref.relname as referenced_table,
           array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.n) as referenced_columns
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_namespace ns on ns.oid = cl.relnamespace and ns.nspname = 'public'
    left join pg_class ref on ref.oid = con.confrelid
    where con.contype in ('p', 'u', 'f')`.execute(database.db);
  // Unique indexes are unique constraints too (created with `create unique index`).
  const indexes = await sql<{ table_name: string; name: string; columns: string[] }>`
    select t.relname as table_name, i.relname as name,
           array(select a.attname::text from unnest(ix.indkey::int2[]) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum order by k.n) as columns
    from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_class t on t.oid = ix.indrelid
    join pg_namespace ns on ns.oid = t.relnamespace and ns.nspname = 'public'
    where ix.indisunique and not ix.indisprimary
      and not exists (select 1 from pg_constraint con where con.conindid = ix.indexrelid)`.execute(database.db);
  constraints = [
    ...rows.rows.map((row) => ({ table: row.table_name, name: row.name, kind: row.kind as Constraint['kind'], columns: row.columns, referencedTable: row.referenced_table, referencedColumns: row.referenced_columns ?? [] })),
    ...indexes.rows.map((row) => ({ table: row.table_name, name: row.name, kind: 'u' as const, columns: row.columns, referencedTable: null, referencedColumns: [] })),
  ];
});
afterAll(async () => {
  await database.close();
});

describe('distribution by citizen (Citus rule)', () => {
  it('every primary key and unique constraint of a citizen-owned table leads with citizen_id', () => {
    expect(citizenOwned.size).toBeGreaterThan(5);
    const wrong = constraints
      .filter((c) => citizenOwned.has(c.table) && (c.kind === 'p' || c.kind === 'u') && c.columns[0] !== 'citizen_id')
      .map((c) => `${c.table}.${c.name} (${c.columns.join(', ')})`);
    expect(wrong).toEqual([]);
  });

  it('every foreign key between citizen-owned tables includes citizen_id on both sides, at the same place', () => {
    const wrong = constraints
      .filter((c) => c.kind === 'f' && citizenOwned.has(c.table) && c.referencedTable !== null && citizenOwned.has(c.referencedTable))
      .filter((c) => {
        const at = c.columns.indexOf('citizen_id');
        return at < 0 || c.referencedColumns[at] !== 'citizen_id';
      })
      .map((c) => `${c.table}.${c.name} (${c.columns.join(', ')}) → ${c.referencedTable} (${c.referencedColumns.join(', ')})`);
    expect(wrong).toEqual([]);
  });

  it('every exception still exists and still needs its reason', () => {
    for (const table of Object.keys(EXCEPTIONS)) {
      expect(constraints.some((c) => c.table === table && (c.kind === 'p' || c.kind === 'u') && c.columns[0] !== 'citizen_id')).toBe(true);
    }
  });
});
