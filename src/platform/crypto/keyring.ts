import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { pooledRandomBytes } from './random-pool.ts';
import path from 'node:path';

/**
 * The on-disk keyring: AES-256-GCM data keys by id, the current one, and the lookup HMAC keys.
 * `hmacKey` is lookup version h1; later versions are in `hmacKeys`, the one to write with is
 * `hmacCurrent` (default h1).
 */
export interface KeyringFile {
  current: string;
  keys: Record<string, string>;
  hmacKey: string;
  hmacKeys?: Record<string, string>;
  hmacCurrent?: string;
}

const FORMAT_VERSION = 1;

/**
 * Encryptions one data key may make before it must be rotated: 2^28. NIST SP 800-38D (§8.3) caps
 * AES-GCM with random 96-bit IVs at 2^32 invocations per key, which keeps the chance of an IV
 * ever repeating below 2^-32. At 2^28 that chance is about n²/2^97 = 2^-41, and the counts (kept per
 * process, written to the database every minute) may miss a minute's work without coming close.
 */
export const ENCRYPTION_BUDGET = 2 ** 28;

/** Where a key stands against its budget: warn from half of it, rotate at the budget. */
export function budgetState(encryptions: number): 'ok' | 'warn' | 'exhausted' {
  if (encryptions >= ENCRYPTION_BUDGET) return 'exhausted';
  return encryptions >= ENCRYPTION_BUDGET / 2 ? 'warn' : 'ok';
}
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

/**
 * Encrypts with the current key and decrypts with whichever key id a ciphertext names, so keys
 * can rotate without rewriting data at once. The associated data binds a ciphertext to its owner
 * and field: a value copied to another citizen's row fails to decrypt.
 */
export class Keyring {
  // KeyObjects, not raw buffers: Node then skips re-importing the key on every cipher call.
  private readonly keys = new Map<string, KeyObject>();
  private readonly currentId: string;
  /** Encryptions per key id since the last takeEncryptionCounts(). */
  private counts = new Map<string, number>();
  /** Lookup HMAC keys by version, the current one first. */
  private readonly hmacKeys: KeyObject[] = [];

  constructor(file: KeyringFile) {
    for (const [id, base64] of Object.entries(file.keys)) {
      const key = Buffer.from(base64, 'base64');
      if (key.length !== 32) throw new Error(`Keyring key "${id}" must be 32 bytes (base64)`);
      if (Buffer.byteLength(id) > 255) throw new Error('Keyring key ids must be shorter than 256 bytes');
      this.keys.set(id, createSecretKey(key));
    }
    if (!this.keys.has(file.current)) throw new Error(`Keyring current key "${file.current}" is not in keys`);
    this.currentId = file.current;
    const versions: Record<string, string> = { h1: file.hmacKey, ...file.hmacKeys };
    const currentVersion = file.hmacCurrent ?? 'h1';
    if (!versions[currentVersion]) throw new Error(`Keyring hmacCurrent "${currentVersion}" is not in hmacKeys`);
    for (const [version, base64] of Object.entries(versions).sort(([a], [b]) => (a === currentVersion ? -1 : b === currentVersion ? 1 : 0))) {
      const hmacKey = Buffer.from(base64, 'base64');
      if (hmacKey.length < 32) throw new Error(`Keyring lookup key "${version}" must be at least 32 bytes (base64)`);
      this.hmacKeys.push(createSecretKey(hmacKey));
    }
  }

  /** A keyring with fresh random keys (development and tests). */
  static generate(): Keyring {
    return new Keyring(Keyring.generateFile());
  }

  static generateFile(id = 'k1'): KeyringFile {
    return { current: id, keys: { [id]: randomBytes(32).toString('base64') }, hmacKey: randomBytes(32).toString('base64') };
  }

  /** Loads the keyring file; in development a missing file is created with fresh keys. */
  static load(options: { file: string; createIfMissing: boolean }): Keyring {
    if (!fs.existsSync(options.file)) {
      if (!options.createIfMissing) throw new Error(`KEYRING_FILE ${options.file} does not exist`);
      fs.mkdirSync(path.dirname(options.file), { recursive: true });
      fs.writeFileSync(options.file, JSON.stringify(Keyring.generateFile(), null, 2), { mode: 0o600 });
    }
    return new Keyring(JSON.parse(fs.readFileSync(options.file, 'utf8')) as KeyringFile);
  }

  get currentKeyId(): string {
    return this.currentId;
  }

  /** The bytes every ciphertext under the current key starts with (format version, id length, id). */
  get currentPrefix(): Buffer {
    const keyId = Buffer.from(this.currentId);
    return Buffer.concat([Buffer.from([FORMAT_VERSION, keyId.length]), keyId]);
  }

  /** The id of the key a ciphertext was made with. */
  static keyIdOf(ciphertext: Uint8Array): string {
    const data = Buffer.from(ciphertext);
    return data.subarray(2, 2 + (data[1] ?? 0)).toString();
  }

  /** Decrypts with whichever key made it and encrypts again under the current key, same associated data. */
  reencrypt(ciphertext: Uint8Array, associatedData: string): Buffer {
    return this.encrypt(this.decrypt(ciphertext, associatedData), associatedData);
  }

  /**
   * The keyring file with one more data key, which becomes the current one; the old keys stay so
   * existing ciphertexts still decrypt until they are re-encrypted. Key ids are k1, k2, ….
   */
  static withNewDataKey(file: KeyringFile): KeyringFile {
    const next = Math.max(0, ...Object.keys(file.keys).map((id) => Number(/^k(\d+)$/.exec(id)?.[1] ?? 0))) + 1;
    const id = `k${next}`;
    return { ...file, current: id, keys: { ...file.keys, [id]: randomBytes(32).toString('base64') } };
  }

  /** Writes a keyring file atomically (temporary file, then rename), readable only by its owner. */
  static save(file: string, contents: KeyringFile): void {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(contents, null, 2), { mode: 0o600 });
    fs.renameSync(temporary, file);
  }

  /** AES-256-GCM under the current key; output carries version, key id, iv and tag. */
  encrypt(plaintext: Buffer | string, associatedData: string): Buffer {
    const key = this.keys.get(this.currentId);
    if (!key) throw new Error('current key missing');
    this.counts.set(this.currentId, (this.counts.get(this.currentId) ?? 0) + 1);
    const iv = pooledRandomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const keyId = Buffer.from(this.currentId);
    return Buffer.concat([Buffer.from([FORMAT_VERSION, keyId.length]), keyId, iv, body, cipher.getAuthTag()]);
  }

  /** The encryptions per key id since the last call, for the persisted usage count; resets them. */
  takeEncryptionCounts(): Map<string, number> {
    const counts = this.counts;
    this.counts = new Map();
    return counts;
  }

  /** Reverses encrypt(); throws when the data, key id or associated data do not match. */
  decrypt(ciphertext: Uint8Array, associatedData: string): Buffer {
    const data = Buffer.from(ciphertext);
    if (data[0] !== FORMAT_VERSION) throw new Error('Unknown ciphertext format');
    const idLength = data[1] ?? 0;
    const keyId = data.subarray(2, 2 + idLength).toString();
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`Ciphertext key "${keyId}" is not in the keyring`);
    const ivStart = 2 + idLength;
    const iv = data.subarray(ivStart, ivStart + IV_LENGTH);
    const tag = data.subarray(data.length - TAG_LENGTH);
    const body = data.subarray(ivStart + IV_LENGTH, data.length - TAG_LENGTH);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  }

  encryptText(plaintext: string, associatedData: string): Buffer {
    return this.encrypt(Buffer.from(plaintext, 'utf8'), associatedData);
  }

  decryptText(ciphertext: Uint8Array, associatedData: string): string {
    return this.decrypt(ciphertext, associatedData).toString('utf8');
  }

  /** Keyed hash for looking a value up without storing it readable (e.g. the BSN); what is written uses the current version. */
  lookupHash(value: string, purpose: string): Buffer {
    const [current] = this.lookupHashes(value, purpose);
    if (!current) throw new Error('no lookup key');
    return current;
  }

  /**
   * The keyed hash under every lookup key version, the current one first: a lookup matches any of
   * them, so rows written before an HMAC rotation are still found (no version column needed).
   */
  lookupHashes(value: string, purpose: string): Buffer[] {
    return this.hmacKeys.map((key) => createHmac('sha256', key).update(`${purpose}\0${value}`).digest());
  }

  /** The keyring file with one more lookup HMAC version (h2, h3, …), which new lookups are written under. */
  static withNewLookupKey(file: KeyringFile): KeyringFile {
    const versions = { h1: file.hmacKey, ...file.hmacKeys };
    const next = Math.max(...Object.keys(versions).map((id) => Number(/^h(\d+)$/.exec(id)?.[1] ?? 0))) + 1;
    const version = `h${next}`;
    return { ...file, hmacKeys: { ...file.hmacKeys, [version]: randomBytes(32).toString('base64') }, hmacCurrent: version };
  }

  /** Constant-time comparison of two hashes. */
  static sameHash(a: Uint8Array, b: Uint8Array): boolean {
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
