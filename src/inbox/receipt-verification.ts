import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { leafHash, rootFromProof, type ReceiptLeaf } from './merkle.ts';
import type { BatchClaims } from './receipts.ts';

/** The proof a message's delivery result carries: its place in the batch and the sibling hashes. */
export interface ReceiptProof {
  index: number;
  path: string[];
}

/** Packs proof hashes for storage (32 bytes each, bottom up). */
export function packProof(path: Buffer[]): Buffer {
  return Buffer.concat(path);
}

/** The API form of a stored proof. */
export function unpackProof(index: number, packed: Uint8Array): ReceiptProof {
  const bytes = Buffer.from(packed);
  const path: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 32) path.push(bytes.subarray(offset, offset + 32).toString('base64url'));
  return { index, path };
}

/**
 * Verifies a receipt as an organisation (or a court) would: the JWS signature against the JWKS,
 * then that the leaf for this message, folded with its proof, gives the signed root.
 */
export async function verifyReceipt(input: { jws: string; proof: ReceiptProof; leaf: ReceiptLeaf; jwks: JSONWebKeySet }): Promise<BatchClaims> {
  const { payload, protectedHeader } = await compactVerify(input.jws, createLocalJWKSet(input.jwks));
  if (protectedHeader.alg !== 'ES256') throw new Error('unexpected algorithm');
  const claims = JSON.parse(new TextDecoder().decode(payload)) as BatchClaims;
  if (claims.oin !== input.leaf.oin || claims.deliveredAt !== input.leaf.deliveredAt) throw new Error('receipt is for another sender or time');
  const root = rootFromProof({ leaf: leafHash(input.leaf), index: input.proof.index, count: claims.count, proof: input.proof.path.map((h) => Buffer.from(h, 'base64url')) });
  if (root.toString('base64url') !== claims.root) throw new Error('message is not in the signed batch');
  return claims;
}
