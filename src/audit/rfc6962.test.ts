import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSignedNote } from './checkpoint-signer.ts';
import { consistencyProof, EMPTY_ROOT, Frontier, nodeHash, splitPoint, subtreeHash, verifyConsistency } from './rfc6962.ts';

const leaf = (bytes: Buffer) => createHash('sha256').update(Buffer.from([0])).update(bytes).digest();

/** MTH straight from RFC 6962 §2.1, to compare the incremental code with. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0] ?? EMPTY_ROOT;
  const k = splitPoint(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

// The RFC 6962 test leaves used by the Certificate Transparency implementations.
const ctLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) => leaf(Buffer.from(hex, 'hex')));

describe('R24: RFC 6962 Merkle tree', () => {
  it('R24: gives the published roots of the Certificate Transparency test vectors', () => {
    const roots = new Map([
      [1, '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'],
      [2, 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
      [3, 'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77'],
      [8, '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
    ]);
    const frontier = Frontier.empty();
    ctLeaves.forEach((hash, index) => {
      frontier.append(hash);
      const expected = roots.get(index + 1);
      if (expected) expect(frontier.root().toString('hex')).toBe(expected);
    });
    expect(Frontier.empty().root().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('R24: the incremental root equals MTH, consistency proofs verify for every pair of sizes, also from a frontier whose leaves are gone', () => {
    const leaves = Array.from({ length: 40 }, (_, i) => leaf(Buffer.from(`entry ${i}`)));
    for (let newSize = 1; newSize <= leaves.length; newSize++) {
      const newRoot = mth(leaves.slice(0, newSize));
      for (let oldSize = 1; oldSize <= newSize; oldSize++) {
        const oldRoot = mth(leaves.slice(0, oldSize));
        const base = Frontier.empty();
        for (const hash of leaves.slice(0, oldSize)) base.append(hash);
        expect(base.root().equals(oldRoot)).toBe(true);
        // Only the old tree's right edge and the newer leaves: the older leaves were dropped.
        const source = { base: Frontier.fromHashes(oldSize, base.hashes()), leaves: leaves.slice(oldSize, newSize) };
        expect(subtreeHash(source, 0, newSize).equals(newRoot)).toBe(true);
        const proof = consistencyProof(source, oldSize, newSize);
        expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof })).toBe(true);
        if (proof.length > 0) {
          const forged = proof.map((hash, i) => (i === 0 ? leaf(Buffer.from('forged')) : hash));
          expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof: forged })).toBe(false);
        }
        if (oldSize < newSize) expect(verifyConsistency({ oldSize, newSize, oldRoot: leaf(Buffer.from('other')), newRoot, proof })).toBe(false);
      }
    }
  });

  it('R24: the signed-note reader accepts the C2SP example note and refuses a changed text', () => {
    const vkey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    const note = 'This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    expect(openSignedNote(note, vkey)).toBe('This is an example message.\n');
    expect(() => openSignedNote(note.replace('example message', 'exemplary message'), vkey)).toThrow(/does not verify/);
  });
});
