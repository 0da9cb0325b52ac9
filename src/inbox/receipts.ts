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

/** A public key in the JWKS (RFC 7517): P-256, for ES256 signatures. */
export interface ReceiptJwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  alg: string;
  use: string;
}

/** The key file: the current signing key and the public halves of retired ones, which stay published. */
interface SigningKeyFile {
  kid: string;
  privateKeyPem: string;
  retired?: { kid: string; publicKeyPem: string }[];
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
    private readonly retired: { kid: string; publicKeyPem: string }[] = [],
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
    return new ReceiptSigner(file.kid, file.privateKeyPem, file.retired ?? []);
  }

  /**
   * Replaces the signing key in the file by a new one (kid `newKid`); the old key's public half
   * stays in the JWKS, so receipts signed before the change still verify. Restart to use it.
   */
  static rotate(file: string, newKid = `receipt-${new Date().toISOString().replace(/[:.]/g, '')}`): ReceiptSigner {
    const current = ReceiptSigner.load({ file, createIfMissing: false });
    const next = new ReceiptSigner(newKid, ReceiptSigner.generate(newKid).toFile().privateKeyPem, [
      { kid: current.kid, publicKeyPem: createPublicKey(current.privateKey).export({ format: 'pem', type: 'spki' }).toString() },
      ...current.retired,
    ]);
    fs.writeFileSync(file, JSON.stringify(next.toFile()), { mode: 0o600 });
    return next;
  }

  private toFile(): SigningKeyFile {
    return { kid: this.kid, privateKeyPem: this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), retired: this.retired };
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

  /** The public keys (JWKS) that verify receipts: the current key first, then every retired one. */
  jwks(): { keys: ReceiptJwk[] } {
    const toJwk = (key: KeyObject, kid: string): ReceiptJwk => {
      const jwk = key.export({ format: 'jwk' });
      return { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x), y: String(jwk.y), kid, alg: 'ES256', use: 'sig' };
    };
    return { keys: [toJwk(createPublicKey(this.privateKey), this.kid), ...this.retired.map((key) => toJwk(createPublicKey(key.publicKeyPem), key.kid))] };
  }
}
