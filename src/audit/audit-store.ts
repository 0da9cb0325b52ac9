import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

/** One stored leaf as the verifier reads it. */
export interface StoredLeaf {
  seq: string;
  leafIndex: number;
  month: string;
  entry: string;
  leafHash: string;
}

/** A stored checkpoint row. */
export interface StoredCheckpoint {
  month: string;
  treeSize: number;
  note: string;
  consistencyProof: string;
  frontier: string;
}

/**
 * Serialises appends, month closing and retention: taken in the caller's transaction and held
 * until it commits, so `seq` order is commit order and a month is closed only after its last
 * append committed.
 */
export async function lockAuditLog(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(6962)`.execute(trx);
}

/** Appends one leaf at the next tree position; `makeRow` is called under the lock with that position. */
export async function insertAuditLeaf(trx: Db, makeRow: (leafIndex: number) => { month: string; appendedAt: Date; entry: string; leafHash: string }): Promise<void> {
  await lockAuditLog(trx);
  const last = await trx.selectFrom('audit_log').select((eb) => eb.fn.max('leaf_index').as('last')).executeTakeFirst();
  const anchor = await trx.selectFrom('audit_anchor').select('tree_size').executeTakeFirst();
  const leafIndex = last?.last != null ? Number(last.last) + 1 : Number(anchor?.tree_size ?? 0);
  const row = makeRow(leafIndex);
  await trx.insertInto('audit_log').values({ leaf_index: leafIndex, month: row.month, appended_at: row.appendedAt, entry: row.entry, leaf_hash: row.leafHash }).execute();
}

/** Leaves in commit order after `afterSeq`, a page at a time. */
export async function leavesAfter(db: Db, afterSeq: string | null, limit: number): Promise<StoredLeaf[]> {
  let query = db.selectFrom('audit_log').select(['seq', 'leaf_index', 'month', 'entry', 'leaf_hash']).orderBy('seq').limit(limit);
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  const rows = await query.execute();
  return rows.map((row) => ({ seq: String(row.seq), leafIndex: Number(row.leaf_index), month: row.month, entry: row.entry, leafHash: row.leaf_hash }));
}

export async function countLeaves(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The leaf hashes from position `fromIndex` through the end of `month`, in tree order. */
export async function leafHashesThrough(db: Db, input: { fromIndex: number; month: string }): Promise<{ leafIndex: number; leafHash: string }[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['leaf_index', 'leaf_hash'])
    .where('leaf_index', '>=', String(input.fromIndex) as never)
    .where('month', '<=', input.month)
    .orderBy('leaf_index')
    .execute();
  return rows.map((row) => ({ leafIndex: Number(row.leaf_index), leafHash: row.leaf_hash }));
}

/** The month of the oldest retained leaf, or null when the log is empty. */
export async function firstLeafMonth(db: Db): Promise<string | null> {
  const row = await db.selectFrom('audit_log').select('month').orderBy('seq').limit(1).executeTakeFirst();
  return row?.month ?? null;
}

export async function listCheckpoints(db: Db): Promise<StoredCheckpoint[]> {
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('month').execute();
  return rows.map(toCheckpoint);
}

export async function latestCheckpoint(db: Db): Promise<StoredCheckpoint | null> {
  const row = await db.selectFrom('audit_checkpoints').selectAll().orderBy('month', 'desc').limit(1).executeTakeFirst();
  return row ? toCheckpoint(row) : null;
}

export async function insertCheckpoint(trx: Db, checkpoint: StoredCheckpoint & { createdAt: Date }): Promise<void> {
  await trx
    .insertInto('audit_checkpoints')
    .values({ month: checkpoint.month, tree_size: checkpoint.treeSize, note: checkpoint.note, consistency_proof: checkpoint.consistencyProof, frontier: checkpoint.frontier, created_at: checkpoint.createdAt })
    .execute();
}

export async function getAnchor(db: Db): Promise<{ droppedThrough: string; treeSize: number } | null> {
  const row = await db.selectFrom('audit_anchor').select(['dropped_through', 'tree_size']).executeTakeFirst();
  return row ? { droppedThrough: row.dropped_through, treeSize: Number(row.tree_size) } : null;
}

/**
 * Drops every leaf before `treeSize` and every checkpoint before `month`, keeping that month's
 * checkpoint as the anchor the newer tree continues from.
 */
export async function dropThrough(trx: Db, input: { month: string; treeSize: number; at: Date }): Promise<number> {
  const deleted = await trx.deleteFrom('audit_log').where('leaf_index', '<', String(input.treeSize) as never).executeTakeFirst();
  await trx.deleteFrom('audit_checkpoints').where('month', '<', input.month).execute();
  await trx
    .insertInto('audit_anchor')
    .values({ id: 1, dropped_through: input.month, tree_size: input.treeSize, dropped_at: input.at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ dropped_through: input.month, tree_size: input.treeSize, dropped_at: input.at }))
    .execute();
  return Number(deleted.numDeletedRows);
}

function toCheckpoint(row: { month: string; tree_size: string; note: string; consistency_proof: string; frontier: string }): StoredCheckpoint {
  return { month: row.month, treeSize: Number(row.tree_size), note: row.note, consistencyProof: row.consistency_proof, frontier: row.frontier };
}
