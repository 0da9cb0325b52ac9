import { sql, type Kysely } from 'kysely';

/**
 * Leaf positions, monthly checkpoints and the retention anchor. `leaf_index` is the leaf's place in
 * the tree (it is also in the hashed entry text, so a deleted row shows as a gap); the table is new
 * and empty, so no backfill is needed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log add column leaf_index bigint not null`.execute(db);
  await sql`create unique index audit_log_leaf_index on audit_log (leaf_index)`.execute(db);
  await sql`create table audit_checkpoints (
    month text primary key,
    tree_size bigint not null,
    note text not null,
    consistency_proof text not null,
    frontier text not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create table audit_anchor (
    id smallint primary key check (id = 1),
    dropped_through text not null,
    tree_size bigint not null,
    dropped_at timestamptz not null
  )`.execute(db);
}
