import { createHash } from 'node:crypto';

/** What one message's receipt leaf commits to. Key order is fixed: it is part of the hash. */
export interface ReceiptLeaf {
  mid: string;
  ref: string;
  oin: string;
  sha256: string;
  deliveredAt: string;
}

/** sha256(0x00 ‖ JSON of the leaf, keys in the order mid, ref, oin, sha256, deliveredAt). */
export function leafHash(leaf: ReceiptLeaf): Buffer {
  const json = JSON.stringify({ mid: leaf.mid, ref: leaf.ref, oin: leaf.oin, sha256: leaf.sha256, deliveredAt: leaf.deliveredAt });
  return createHash('sha256').update(Buffer.from([0])).update(json).digest();
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

/**
 * A Merkle tree over the leaves: pairs are hashed level by level and an odd last node is carried
 * up unchanged. Returns the root and, per leaf, the sibling hashes from the bottom up.
 */
export function buildTree(leaves: Buffer[]): { root: Buffer; proofs: Buffer[][] } {
  if (leaves.length === 0) throw new Error('empty tree');
  const proofs: Buffer[][] = leaves.map(() => []);
  let level = leaves.map((hash, index) => ({ hash, members: [index] }));
  while (level.length > 1) {
    const next: typeof level = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i];
      const right = level[i + 1];
      if (!left) break;
      if (!right) {
        next.push(left);
        continue;
      }
      for (const member of left.members) proofs[member]?.push(right.hash);
      for (const member of right.members) proofs[member]?.push(left.hash);
      next.push({ hash: nodeHash(left.hash, right.hash), members: [...left.members, ...right.members] });
    }
    level = next;
  }
  const root = level[0];
  if (!root) throw new Error('empty tree');
  return { root: root.hash, proofs };
}

/** Recomputes the root from a leaf, its index, the tree size and its proof (what a verifier does). */
export function rootFromProof(input: { leaf: Buffer; index: number; count: number; proof: Buffer[] }): Buffer {
  let hash = input.leaf;
  let index = input.index;
  let size = input.count;
  let step = 0;
  while (size > 1) {
    if (index % 2 === 1) {
      const sibling = input.proof[step++];
      if (!sibling) throw new Error('proof too short');
      hash = nodeHash(sibling, hash);
    } else if (index + 1 < size) {
      const sibling = input.proof[step++];
      if (!sibling) throw new Error('proof too short');
      hash = nodeHash(hash, sibling);
    }
    index = Math.floor(index / 2);
    size = Math.ceil(size / 2);
  }
  if (step !== input.proof.length) throw new Error('proof too long');
  return hash;
}
