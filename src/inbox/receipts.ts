import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { buildTree, leafHash, type ReceiptLeaf } from './merkle.ts';

/** What the signature covers: the Merkle root over a batch's receipt leaves. */
export interface BatchClaims {
  oin: string;
  deliveredAt: string;
  count: number;
  /** base64url of the Merkle root. */
  root: string;
}

interface SigningKeyFile {
  kid: string;
  privateKeyPem: string;
}

/**
 * Signs delivery receipts (R6): one compact JWS (ES256) per delivered batch over the Merkle root
 * of its messages' leaves (message id, reference, OIN, content SHA-256, delivery time). Each
 * message gets the JWS and its inclusion proof; anyone can verify both against the public JWKS.
 * One signature per batch instead of per message keeps signing off the wave's critical path.
 */
export class ReceiptSigner {
  private readonly privateKey: KeyObject;
  private readonly header: string;

  constructor(
    private readonly kid: string,
    privateKeyPem: string,
  ) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid })).toString('base64url');
  }

  static generate(kid = `receipt-${new Date().toISOString().slice(0, 10)}`): ReceiptSigner {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return new ReceiptSigner(kid, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  }

  /** Loads the signing key; in development a missing file is created. */
  static load(options: { file: string; createIfMissing: boolean }): ReceiptSigner {
    if (!fs.existsSync(options.file)) {
      if (!options.createIfMissing) throw new Error(`RECEIPT_SIGNING_KEY_FILE ${options.file} does not exist`);
      const fresh = ReceiptSigner.generate();
      fs.mkdirSync(path.dirname(options.file), { recursive: true });
      fs.writeFileSync(options.file, JSON.stringify(fresh.toFile()), { mode: 0o600 });
    }
    const file = JSON.parse(fs.readFileSync(options.file, 'utf8')) as SigningKeyFile;
    return new ReceiptSigner(file.kid, file.privateKeyPem);
  }

  private toFile(): SigningKeyFile {
    return { kid: this.kid, privateKeyPem: this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
  }

  /** A compact JWS over the claims. */
  sign(claims: BatchClaims): string {
    const payload = Buffer.from(JSON.stringify({ ...claims, iat: Math.floor(Date.parse(claims.deliveredAt) / 1000) })).toString('base64url');
    const input = `${this.header}.${payload}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }

  /** Signs the root over the leaves; returns the JWS and each leaf's proof, in order. */
  signBatch(input: { oin: string; deliveredAt: string; leaves: ReceiptLeaf[] }): { jws: string; proofs: Buffer[][] } {
    const { root, proofs } = buildTree(input.leaves.map(leafHash));
    const jws = this.sign({ oin: input.oin, deliveredAt: input.deliveredAt, count: input.leaves.length, root: root.toString('base64url') });
    return { jws, proofs };
  }

  /** The public keys (JWKS) that verify receipts. */
  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.kid, alg: 'ES256', use: 'sig' }] };
  }
}
