import type { Db } from '../platform/db/database.ts';
import { monthOf, nextMonth } from './audit-log.ts';
import { firstLeafMonth, insertCheckpoint, latestCheckpoint, leafHashesThrough, lockAuditLog } from './audit-store.ts';
import { checkpointText, parseCheckpointText, type CheckpointSigner } from './checkpoint-signer.ts';
import { consistencyProof, Frontier } from './rfc6962.ts';

export interface CloseMonthsDeps {
  db: Db;
  signer: CheckpointSigner;
  now: () => Date;
}

/**
 * Closes every finished month that has no checkpoint yet, oldest first, one transaction each: a
 * signed checkpoint over all leaves through that month, naming the previous month's root, with
 * the consistency proof from the previous checkpoint. Empty months get one too (the chain has no
 * gaps). Returns the months closed.
 */
export async function closeFinishedMonths(deps: CloseMonthsDeps): Promise<string[]> {
  const closed: string[] = [];
  for (;;) {
    const month = await deps.db.transaction().execute(async (trx) => {
      await lockAuditLog(trx);
      const current = monthOf(deps.now());
      const previous = await latestCheckpoint(trx);
      const month = previous ? nextMonth(previous.month) : await firstLeafMonth(trx);
      if (!month || month >= current) return null;
      const base = previous ? Frontier.fromHashes(previous.treeSize, parseHashes(previous.frontier)) : Frontier.empty();
      const rows = await leafHashesThrough(trx, { fromIndex: base.size, month });
      const leaves = rows.map((row, offset) => {
        if (row.leafIndex !== base.size + offset) throw new Error(`audit log: leaf ${base.size + offset} is missing; month ${month} not closed`);
        return Buffer.from(row.leafHash, 'hex');
      });
      const frontier = base.clone();
      for (const leaf of leaves) frontier.append(leaf);
      const proof = consistencyProof({ base, leaves }, base.size, frontier.size);
      const text = checkpointText({
        origin: deps.signer.name,
        treeSize: frontier.size,
        root: frontier.root(),
        month,
        previousRoot: previous ? rootOfNote(previous.note) : null,
      });
      await insertCheckpoint(trx, {
        month,
        treeSize: frontier.size,
        note: deps.signer.sign(text),
        consistencyProof: JSON.stringify(proof.map((hash) => hash.toString('base64'))),
        frontier: JSON.stringify(frontier.hashes().map((hash) => hash.toString('base64'))),
        createdAt: deps.now(),
      });
      return month;
    });
    if (!month) return closed;
    closed.push(month);
  }
}

export function parseHashes(json: string): Buffer[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error('not a list of hashes');
  return value.map((item: string) => Buffer.from(item, 'base64'));
}

/** The root a stored note names (its signature is checked by the verifier, not here). */
function rootOfNote(note: string): Buffer {
  return parseCheckpointText(note.slice(0, note.lastIndexOf('\n\n') + 1)).root;
}
