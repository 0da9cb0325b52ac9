import { createHash } from 'node:crypto';

/**
 * RFC 6962 (and RFC 9162 §2.1) Merkle trees: MTH splits n leaves at the largest power of two
 * below n; interior nodes are sha256(0x01 ‖ left ‖ right). Leaf hashes (0x00 prefix) come from
 * `auditLeafHash`.
 */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

/** The hash of the empty tree: sha256 of nothing. */
export const EMPTY_ROOT = createHash('sha256').digest();

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** One perfect subtree of the tree's left edge: leaves [start, start + size). */
export interface Chunk {
  start: number;
  size: number;
  hash: Buffer;
}

/**
 * The right edge of a tree of `size` leaves: its decomposition into perfect subtrees (one per set
 * bit of `size`, largest first). Enough to compute the root and to append further leaves, so the
 * tree continues after older leaves are dropped.
 */
export class Frontier {
  private constructor(
    public size: number,
    private readonly chunks: Chunk[],
  ) {}

  static empty(): Frontier {
    return new Frontier(0, []);
  }

  /** Rebuilds a frontier from its hashes (largest first); the sizes follow from the tree size. */
  static fromHashes(size: number, hashes: Buffer[]): Frontier {
    const sizes: number[] = [];
    for (let bit = 2 ** 52; bit >= 1; bit /= 2) if (Math.floor(size / bit) % 2 === 1) sizes.push(bit);
    if (sizes.length !== hashes.length) throw new Error(`a frontier of ${size} leaves has ${sizes.length} hashes, not ${hashes.length}`);
    let start = 0;
    const chunks = sizes.map((chunkSize, index) => {
      const chunk = { start, size: chunkSize, hash: hashes[index] ?? Buffer.alloc(0) };
      start += chunkSize;
      return chunk;
    });
    return new Frontier(size, chunks);
  }

  append(leaf: Buffer): void {
    let chunk: Chunk = { start: this.size, size: 1, hash: leaf };
    for (let last = this.chunks.at(-1); last && last.size === chunk.size; last = this.chunks.at(-1)) {
      this.chunks.pop();
      chunk = { start: last.start, size: last.size * 2, hash: nodeHash(last.hash, chunk.hash) };
    }
    this.chunks.push(chunk);
    this.size += 1;
  }

  root(): Buffer {
    let hash: Buffer | null = null;
    for (let i = this.chunks.length - 1; i >= 0; i--) {
      const chunk = this.chunks[i];
      if (chunk) hash = hash ? nodeHash(chunk.hash, hash) : chunk.hash;
    }
    return hash ?? EMPTY_ROOT;
  }

  hashes(): Buffer[] {
    return this.chunks.map((chunk) => chunk.hash);
  }

  /** The perfect subtree [start, start+size) when it is one of this frontier's chunks. */
  chunk(start: number, size: number): Buffer | undefined {
    return this.chunks.find((chunk) => chunk.start === start && chunk.size === size)?.hash;
  }

  clone(): Frontier {
    return new Frontier(this.size, this.chunks.map((chunk) => ({ ...chunk })));
  }
}

/**
 * The hashes a tree can be read from: a frontier of its first `base.size` leaves (which may have
 * been dropped) and the leaves after it, in order.
 */
export interface TreeSource {
  base: Frontier;
  leaves: Buffer[];
}

/** MTH over leaves [start, end) (an RFC 6962 subtree of the tree), from the source. */
export function subtreeHash(source: TreeSource, start: number, end: number): Buffer {
  const size = end - start;
  if (size <= 0) return EMPTY_ROOT;
  const known = source.base.chunk(start, size);
  if (known) return known;
  if (size === 1) {
    const leaf = start >= source.base.size ? source.leaves[start - source.base.size] : undefined;
    if (!leaf) throw new Error(`leaf ${start} is not available`);
    return leaf;
  }
  const k = splitPoint(size);
  return nodeHash(subtreeHash(source, start, start + k), subtreeHash(source, start + k, end));
}

/** RFC 9162 §2.1.4.1: the consistency proof from the tree of `oldSize` leaves to `newSize`. */
export function consistencyProof(source: TreeSource, oldSize: number, newSize: number): Buffer[] {
  if (oldSize === 0 || oldSize === newSize) return [];
  if (oldSize > newSize) throw new Error('the old tree is larger than the new one');
  const proof: Buffer[] = [];
  const subproof = (m: number, start: number, end: number, complete: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!complete) proof.push(subtreeHash(source, start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      subproof(m, start, start + k, complete);
      proof.push(subtreeHash(source, start + k, end));
    } else {
      subproof(m - k, start + k, end, false);
      proof.push(subtreeHash(source, start, start + k));
    }
  };
  subproof(oldSize, 0, newSize, true);
  return proof;
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree (oldSize, oldRoot) is a prefix of (newSize, newRoot). */
export function verifyConsistency(input: { oldSize: number; newSize: number; oldRoot: Buffer; newRoot: Buffer; proof: Buffer[] }): boolean {
  const { oldSize, newSize, oldRoot, newRoot } = input;
  let proof = [...input.proof];
  if (oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (oldSize === 0) return proof.length === 0;
  if (isPowerOfTwo(oldSize)) proof = [oldRoot, ...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const [first, ...rest] = proof;
  if (!first) return false;
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr.equals(oldRoot) && sr.equals(newRoot) && sn === 0;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}
