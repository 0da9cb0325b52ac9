#!/usr/bin/env node
// Recomputes and verifies a Burgerportaal delivery receipt from what an organisation sent and
// what the API answered, using only `jose` and `node:crypto` (docs/receipts.md defines each byte).
//
//   node examples/verify-receipt.mjs delivery.json jwks.json
//
// delivery.json: { "oin": "<your OIN>", "request": <the MessageInput you sent>, "result": <the DeliveryResult answered> }
// jwks.json:     the key set from https://<portal API>/.well-known/jwks.json
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { compactVerify, createLocalJWKSet } from 'jose';

const sha256 = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** The canonical content of a message (docs/receipts.md, "Canonical content"): RFC 8785 JSON, UTF-8. */
export function canonicalContent(request) {
  const attachments = (request.attachments ?? []).map((attachment) => ({
    contentType: attachment.contentType,
    filename: attachment.filename,
    sha256: sha256(Buffer.from(attachment.content, 'base64')).toString('hex'),
  }));
  // Keys in sorted order, no whitespace, strings escaped as JSON.stringify does: RFC 8785 for these values.
  return Buffer.from(
    JSON.stringify({
      attachments,
      body: request.body,
      dueAt: request.dueAt ?? null,
      legalConsequence: request.legalConsequence ?? false,
      recipientBsn: request.recipient.bsn,
      requiredAssurance: request.requiredAssurance ?? 'basis',
      retainUntil: request.retainUntil ?? null,
      subject: request.subject,
      visibleFrom: request.visibleFrom ?? null,
    }),
    'utf8',
  );
}

/** The leaf hash: SHA-256(0x00 ‖ JSON {mid, ref, oin, sha256, deliveredAt}, keys in that order). */
export function leafHash({ mid, ref, oin, contentSha256, deliveredAt }) {
  return sha256(Buffer.from([0]), Buffer.from(JSON.stringify({ mid, ref, oin, sha256: contentSha256, deliveredAt }), 'utf8'));
}

/** Folds a leaf with its proof up to the root: SHA-256(0x01 ‖ left ‖ right); an odd last node moves up unchanged. */
export function rootFromProof({ leaf, index, count, path }) {
  let hash = leaf;
  let position = index;
  let size = count;
  let step = 0;
  while (size > 1) {
    const isRight = position % 2 === 1;
    if (isRight || position + 1 < size) {
      const sibling = path[step++];
      if (!sibling) throw new Error('proof too short');
      const siblingHash = Buffer.from(sibling, 'base64url');
      hash = isRight ? sha256(Buffer.from([1]), siblingHash, hash) : sha256(Buffer.from([1]), hash, siblingHash);
    }
    position = Math.floor(position / 2);
    size = Math.ceil(size / 2);
  }
  if (step !== path.length) throw new Error('proof too long');
  return hash;
}

/**
 * Verifies a delivery: the JWS signature against the JWKS, then that the leaf recomputed from the
 * request, folded with the proof, gives the signed root. Returns the signed claims; throws otherwise.
 */
export async function verifyDelivery({ oin, request, result, jwks }) {
  const { payload, protectedHeader } = await compactVerify(result.receipt, createLocalJWKSet(jwks));
  if (protectedHeader.alg !== 'ES256') throw new Error(`unexpected algorithm ${protectedHeader.alg}`);
  const claims = JSON.parse(new TextDecoder().decode(payload));
  if (claims.oin !== oin) throw new Error('the receipt is for another organisation');
  if (claims.deliveredAt !== result.deliveredAt) throw new Error('the receipt is for another delivery time');
  const contentSha256 = sha256(canonicalContent(request)).toString('base64url');
  const leaf = leafHash({ mid: result.id, ref: request.reference, oin, contentSha256, deliveredAt: result.deliveredAt });
  const root = rootFromProof({ leaf, index: result.receiptProof.index, count: claims.count, path: result.receiptProof.path });
  if (root.toString('base64url') !== claims.root) throw new Error('the message as sent is not in the signed batch');
  return claims;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [deliveryFile, jwksFile] = process.argv.slice(2);
  if (!deliveryFile || !jwksFile) {
    console.error('usage: node examples/verify-receipt.mjs delivery.json jwks.json');
    process.exit(2);
  }
  const delivery = JSON.parse(readFileSync(deliveryFile, 'utf8'));
  const jwks = JSON.parse(readFileSync(jwksFile, 'utf8'));
  try {
    const claims = await verifyDelivery({ ...delivery, jwks });
    console.log(`valid: message ${delivery.result.id} (reference ${delivery.request.reference}) delivered at ${claims.deliveredAt}, one of ${claims.count} in a batch signed by key ${JSON.parse(Buffer.from(delivery.result.receipt.split('.')[0], 'base64url')).kid}`);
  } catch (error) {
    console.error(`NOT valid: ${error.message}`);
    process.exit(1);
  }
}
