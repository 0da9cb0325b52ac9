import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What one monthly checkpoint commits to (C2SP tlog-checkpoint, with two extension lines). */
export interface CheckpointBody {
  origin: string;
  treeSize: number;
  root: Buffer;
  /** The closed month, 'YYYY-MM'. */
  month: string;
  /** The previous month's root (the month chain); null for the first checkpoint. */
  previousRoot: Buffer | null;
}

/** The note text of a checkpoint: origin, size, root, then `month …` and `previous …` lines. */
export function checkpointText(body: CheckpointBody): string {
  return `${body.origin}\n${body.treeSize}\n${body.root.toString('base64')}\nmonth ${body.month}\nprevious ${body.previousRoot ? body.previousRoot.toString('base64') : 'none'}\n`;
}

/** Parses checkpoint note text; throws on anything that is not exactly the format above. */
export function parseCheckpointText(text: string): CheckpointBody {
  const lines = text.split('\n');
  const [origin, size, root, month, previous, end] = lines;
  if (lines.length !== 6 || end !== '' || !origin || !size || !root || !month?.startsWith('month ') || !previous?.startsWith('previous ')) throw new Error('not an audit checkpoint');
  if (!/^(0|[1-9][0-9]*)$/.test(size)) throw new Error('bad tree size');
  const previousValue = previous.slice('previous '.length);
  return {
    origin,
    treeSize: Number(size),
    root: Buffer.from(root, 'base64'),
    month: month.slice('month '.length),
    previousRoot: previousValue === 'none' ? null : Buffer.from(previousValue, 'base64'),
  };
}

interface KeyFile {
  name: string;
  privateKeyPem: string;
}

/**
 * Signs audit checkpoints as C2SP signed notes with Ed25519 (signature type 0x01). The key name is
 * the log's origin; the key id is the first four bytes of sha256(name ‖ 0x0A ‖ 0x01 ‖ public key).
 */
export class CheckpointSigner {
  private readonly keyId: Buffer;
  private readonly publicKeyBytes: Buffer;

  private constructor(
    readonly name: string,
    private readonly privateKey: KeyObject,
  ) {
    this.publicKeyBytes = rawPublicKey(createPublicKey(privateKey));
    this.keyId = keyIdOf(name, this.publicKeyBytes);
  }

  /** Loads the key file; in development a missing file is created (production requires it). */
  static load(options: { file: string; createIfMissing: boolean; name: string }): CheckpointSigner {
    if (!fs.existsSync(options.file)) {
      if (!options.createIfMissing) throw new Error(`AUDIT_SIGNING_KEY_FILE ${options.file} does not exist`);
      const { privateKey } = generateKeyPairSync('ed25519');
      const file: KeyFile = { name: options.name, privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
      fs.mkdirSync(path.dirname(options.file), { recursive: true });
      fs.writeFileSync(options.file, JSON.stringify(file), { mode: 0o600 });
    }
    const file = JSON.parse(fs.readFileSync(options.file, 'utf8')) as KeyFile;
    return new CheckpointSigner(file.name, createPrivateKey(file.privateKeyPem));
  }

  /** The verifier key, `<name>+<key id hex>+base64(0x01 ‖ public key)`, to publish and pin. */
  verifierKey(): string {
    return `${this.name}+${this.keyId.toString('hex')}+${Buffer.concat([Buffer.from([1]), this.publicKeyBytes]).toString('base64')}`;
  }

  /** The signed note: text, a blank line, one signature line. */
  sign(text: string): string {
    const signature = sign(null, Buffer.from(text, 'utf8'), this.privateKey);
    return `${text}\n\u2014 ${this.name} ${Buffer.concat([this.keyId, signature]).toString('base64')}\n`;
  }
}

/**
 * Opens a signed note with a verifier key: returns its text when a signature by that key verifies,
 * else throws. Signatures by other keys are ignored (as the signed-note spec requires).
 */
export function openSignedNote(note: string, verifierKey: string): string {
  // The key name and id hold no '+'; the base64 key may.
  const [name, idHex, ...keyParts] = verifierKey.split('+');
  const keyB64 = keyParts.join('+');
  const keyBytes = Buffer.from(keyB64, 'base64');
  if (!name || !idHex || keyBytes.length !== 33 || keyBytes[0] !== 1) throw new Error('not an Ed25519 verifier key');
  const publicKeyBytes = keyBytes.subarray(1);
  const keyId = keyIdOf(name, publicKeyBytes);
  if (keyId.toString('hex') !== idHex) throw new Error('verifier key id does not match its key');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('malformed note');
  const text = note.slice(0, split + 1);
  const signatureLines = note.slice(split + 2, -1).split('\n');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKeyBytes.toString('base64url') }, format: 'jwk' });
  for (const line of signatureLines) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!match) throw new Error('malformed signature line');
    const signature = Buffer.from(match[2] ?? '', 'base64');
    if (match[1] !== name || !signature.subarray(0, 4).equals(keyId)) continue;
    if (!verify(null, Buffer.from(text, 'utf8'), publicKey, signature.subarray(4))) throw new Error('signature does not verify');
    return text;
  }
  throw new Error('no signature by the audit key');
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

function keyIdOf(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, 0x01])).update(publicKey).digest().subarray(0, 4);
}
