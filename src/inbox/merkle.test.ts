import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree, leafHash, rootFromProof } from './merkle.ts';

const leaf = (i: number) => leafHash({ mid: `m${i}`, ref: `r${i}`, oin: '00000001003214345000', sha256: 'x', deliveredAt: '2026-11-23T00:00:00.000Z' });

describe('Merkle receipts', () => {
  it('R6: every leaf\'s proof leads to the signed root, for any batch size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (count) => {
        const leaves = Array.from({ length: count }, (_, i) => leaf(i));
        const { root, proofs } = buildTree(leaves);
        leaves.forEach((hash, index) => {
          expect(rootFromProof({ leaf: hash, index, count, proof: proofs[index] ?? [] }).equals(root)).toBe(true);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('R6: a proof does not fit another leaf, position or altered sibling', () => {
    const leaves = Array.from({ length: 13 }, (_, i) => leaf(i));
    const { root, proofs } = buildTree(leaves);
    const proof = proofs[5] ?? [];
    expect(rootFromProof({ leaf: leaf(99), index: 5, count: 13, proof }).equals(root)).toBe(false);
    expect(rootFromProof({ leaf: leaves[5]!, index: 4, count: 13, proof }).equals(root)).toBe(false);
    const altered = proof.map((hash, i) => (i === 1 ? Buffer.alloc(32) : hash));
    expect(rootFromProof({ leaf: leaves[5]!, index: 5, count: 13, proof: altered }).equals(root)).toBe(false);
  });
});
