import type { Db } from '../platform/db/database.ts';
import { auditLeafHash } from './audit-entry.ts';
import { nextMonth } from './audit-log.ts';
import { countLeaves, getAnchor, leavesAfter, listCheckpoints, type StoredCheckpoint } from './audit-store.ts';
import { openSignedNote, parseCheckpointText, type CheckpointBody } from './checkpoint-signer.ts';
import { parseHashes } from './close-months.ts';
import { Frontier, verifyConsistency } from './rfc6962.ts';

export interface VerifyOutcome {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** The first problem found: the entry's seq when one entry is to blame, else the checkpoint's month. */
  problem?: { seq?: string; month?: string; message: string };
}

class Bad extends Error {
  constructor(readonly problem: NonNullable<VerifyOutcome['problem']>) {
    super(problem.message);
  }
}

/**
 * Checks the whole retained log: every checkpoint's signature (by `verifierKey`), the month chain
 * and the consistency proof between consecutive checkpoints; then every entry in commit order (its
 * position, its leaf hash recomputed from its text, its month), recomputing the tree from the
 * anchor and comparing the root at every checkpoint. Stops at the first problem.
 */
export async function verifyAuditLog(input: { db: Db; verifierKey: string; onProgress?: (done: number, total: number) => void }): Promise<VerifyOutcome> {
  const { db } = input;
  const total = await countLeaves(db);
  const stored = await listCheckpoints(db);
  let entries = 0;
  try {
    const checkpoints = stored.map((row) => openCheckpoint(row, input.verifierKey));
    const anchor = await getAnchor(db);
    checkChain(stored, checkpoints, anchor);
    let frontier = Frontier.empty();
    const first = checkpoints[0];
    const firstRow = stored[0];
    if (anchor && first && firstRow) {
      frontier = Frontier.fromHashes(first.treeSize, parseHashes(firstRow.frontier));
      if (!frontier.root().equals(first.root)) throw new Bad({ month: first.month, message: `anchor checkpoint ${first.month}: its stored right edge does not match its signed root` });
    }
    let next = anchor ? 1 : 0;
    let monthStartSeq: string | null = null;
    let afterSeq: string | null = null;
    const checkReached = (lastSeq: string | null) => {
      for (let cp = checkpoints[next]; cp && cp.treeSize === frontier.size; cp = checkpoints[next]) {
        if (!frontier.root().equals(cp.root)) {
          const where = monthStartSeq ? `; an entry from seq ${monthStartSeq} through ${lastSeq ?? monthStartSeq} was changed` : '';
          throw new Bad({ seq: monthStartSeq ?? undefined, month: cp.month, message: `checkpoint ${cp.month}: the entries do not give its signed root${where}` });
        }
        next += 1;
        monthStartSeq = null;
      }
    };
    checkReached(null);
    for (;;) {
      const page = await leavesAfter(db, afterSeq, 1000);
      if (page.length === 0) break;
      for (const leaf of page) {
        const expected = frontier.size;
        if (leaf.leafIndex !== expected) {
          throw new Bad({ seq: leaf.seq, message: `entry seq ${leaf.seq}: it is leaf ${leaf.leafIndex} but leaf ${expected} was expected (${leaf.leafIndex > expected ? 'an entry before it was deleted' : 'entries are out of order'})` });
        }
        checkEntry(leaf, checkpoints[next]);
        monthStartSeq ??= leaf.seq;
        frontier.append(Buffer.from(leaf.leafHash, 'hex'));
        entries += 1;
        checkReached(leaf.seq);
        afterSeq = leaf.seq;
      }
      input.onProgress?.(entries, total);
    }
    const missing = checkpoints[next];
    if (missing) {
      throw new Bad({ seq: afterSeq ?? undefined, month: missing.month, message: `checkpoint ${missing.month} commits to ${missing.treeSize} entries, but the log ends at ${frontier.size}: entries after seq ${afterSeq ?? '(start)'} were deleted` });
    }
    return { ok: true, entries, checkpoints: checkpoints.length };
  } catch (error) {
    if (error instanceof Bad) return { ok: false, entries, checkpoints: stored.length, problem: error.problem };
    throw error;
  }
}

function openCheckpoint(row: StoredCheckpoint, verifierKey: string): CheckpointBody {
  let body: CheckpointBody;
  try {
    body = parseCheckpointText(openSignedNote(row.note, verifierKey));
  } catch (error) {
    throw new Bad({ month: row.month, message: `checkpoint ${row.month}: ${error instanceof Error ? error.message : 'unreadable'}` });
  }
  if (body.month !== row.month || body.treeSize !== row.treeSize) throw new Bad({ month: row.month, message: `checkpoint ${row.month}: its row does not match its signed text` });
  return body;
}

/** Consecutive months, each naming the previous root, each consistent with the one before. */
function checkChain(rows: StoredCheckpoint[], checkpoints: CheckpointBody[], anchor: { droppedThrough: string } | null): void {
  const first = checkpoints[0];
  if (anchor && first?.month !== anchor.droppedThrough) throw new Bad({ month: anchor.droppedThrough, message: `the anchor checkpoint ${anchor.droppedThrough} is missing` });
  if (!anchor && first && first.previousRoot !== null) throw new Bad({ month: first.month, message: `checkpoint ${first.month} names a previous month, but none is kept` });
  for (let i = 1; i < checkpoints.length; i++) {
    const before = checkpoints[i - 1];
    const cp = checkpoints[i];
    const row = rows[i];
    if (!before || !cp || !row) continue;
    if (cp.month !== nextMonth(before.month)) throw new Bad({ month: cp.month, message: `checkpoint ${cp.month} follows ${before.month}: a month is missing` });
    if (!cp.previousRoot?.equals(before.root)) throw new Bad({ month: cp.month, message: `checkpoint ${cp.month} does not name ${before.month}'s root` });
    const proof = parseHashes(row.consistencyProof);
    if (!verifyConsistency({ oldSize: before.treeSize, newSize: cp.treeSize, oldRoot: before.root, newRoot: cp.root, proof })) {
      throw new Bad({ month: cp.month, message: `checkpoint ${cp.month} is not consistent with ${before.month}` });
    }
  }
}

/** One entry: its text hashes to its leaf hash, names its position, and belongs to its month. */
function checkEntry(leaf: { seq: string; leafIndex: number; month: string; entry: string; leafHash: string }, nextCheckpoint: CheckpointBody | undefined): void {
  const bad = (why: string) => new Bad({ seq: leaf.seq, message: `entry seq ${leaf.seq}: ${why}` });
  if (auditLeafHash(leaf.entry) !== leaf.leafHash) throw bad('its text does not give its leaf hash (changed)');
  let parsed: { index?: unknown; at?: unknown };
  try {
    parsed = JSON.parse(leaf.entry) as { index?: unknown; at?: unknown };
  } catch {
    throw bad('its text is not JSON');
  }
  if (parsed.index !== leaf.leafIndex) throw bad('its text names another position');
  if (typeof parsed.at !== 'string' || parsed.at.slice(0, 7) !== leaf.month) throw bad('its month does not match its time');
  if (nextCheckpoint && leaf.month > nextCheckpoint.month) throw bad(`it is after month ${nextCheckpoint.month}, but that month's checkpoint commits to fewer entries`);
}
