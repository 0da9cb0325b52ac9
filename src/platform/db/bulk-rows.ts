import { sql, type RawBuilder } from 'kysely';

/** The column types `bulkRows` can carry. */
export type BulkColumnType = 'uuid' | 'text' | 'boolean' | 'integer' | 'timestamptz' | 'bytea';

export interface BulkColumn<Row> {
  name: keyof Row & string;
  type: BulkColumnType;
}

type Scalar = string | number | boolean | null;

function scalar(value: unknown): Scalar {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new TypeError(`bulkRows: unsupported value of type ${typeof value}`);
}

/**
 * Many rows as the source of one `INSERT … SELECT`, with a fixed number of parameters however
 * many rows there are: one array per column, unnested side by side, and all bytea values
 * together in one binary parameter that each row slices by offset and length. A multi-row
 * VALUES list binds one parameter per cell (16,000 for 1,000 messages), which costs the
 * database more to parse and plan than the rows cost to write; bytea arrays would travel
 * hex-encoded. Works the same on PostgreSQL and the embedded PGlite.
 *
 * Use as `db.insertInto(table).columns(names).expression(bulkRows(rows, columns))`; the
 * selected columns come in the order of `columns`.
 */
export function bulkRows<Row>(rows: readonly Row[], columns: readonly BulkColumn<Row>[]): RawBuilder<unknown> {
  const chunks: Buffer[] = [];
  let nextOffset = 1;
  const arrays: RawBuilder<unknown>[] = [];
  const aliases: string[] = [];
  const selected: RawBuilder<unknown>[] = [];
  for (const [index, column] of columns.entries()) {
    const alias = `c${index}`;
    if (column.type === 'bytea') {
      const offsets: (number | null)[] = [];
      const lengths: (number | null)[] = [];
      for (const row of rows) {
        const value = row[column.name];
        if (value === undefined || value === null) {
          offsets.push(null);
          lengths.push(null);
          continue;
        }
        if (!(value instanceof Uint8Array)) throw new TypeError(`bulkRows: ${column.name} must be bytes`);
        chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        offsets.push(nextOffset);
        lengths.push(value.byteLength);
        nextOffset += value.byteLength;
      }
      arrays.push(sql`${offsets}::int4[]`, sql`${lengths}::int4[]`);
      aliases.push(`${alias}_offset`, `${alias}_length`);
      selected.push(sql`substr(bulk_bytes.bytes, ${sql.ref(`bulk_rows.${alias}_offset`)}, ${sql.ref(`bulk_rows.${alias}_length`)})`);
    } else {
      arrays.push(sql`${rows.map((row) => scalar(row[column.name]))}::${sql.raw(column.type === 'integer' ? 'int4' : column.type)}[]`);
      aliases.push(alias);
      selected.push(sql.ref(`bulk_rows.${alias}`));
    }
  }
  const source = sql`unnest(${sql.join(arrays)}) as bulk_rows(${sql.raw(aliases.join(', '))})`;
  if (!columns.some((column) => column.type === 'bytea')) return sql`select ${sql.join(selected)} from ${source}`;
  return sql`select ${sql.join(selected)} from ${source} cross join (select ${Buffer.concat(chunks)}::bytea as bytes) as bulk_bytes`;
}
