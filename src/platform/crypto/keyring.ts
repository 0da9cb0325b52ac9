import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { pooledRandomBytes } from './random-pool.ts';
import path from 'node:path';

/** The on-disk keyring: AES-256-GCM data keys by id, the current one, and the lookup HMAC key. */
export interface KeyringFile {
  current: string;
  keys: Record<string, string>;
  hmacKey: string;
}

const FORMAT_VERSION = 1;
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
  private readonly hmacKey: KeyObject;

  constructor(file: KeyringFile) {
    for (const [id, base64] of Object.entries(file.keys)) {
      const key = Buffer.from(base64, 'base64');
      if (key.length !== 32) throw new Error(`Keyring key "${id}" must be 32 bytes (base64)`);
      if (Buffer.byteLength(id) > 255) throw new Error('Keyring key ids must be shorter than 256 bytes');
      this.keys.set(id, createSecretKey(key));
    }
    if (!this.keys.has(file.current)) throw new Error(`Keyring current key "${file.current}" is not in keys`);
    this.currentId = file.current;
    const hmacKey = Buffer.from(file.hmacKey, 'base64');
    if (hmacKey.length < 32) throw new Error('Keyring hmacKey must be at least 32 bytes (base64)');
    this.hmacKey = createSecretKey(hmacKey);
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
    const iv = pooledRandomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const keyId = Buffer.from(this.currentId);
    return Buffer.concat([Buffer.from([FORMAT_VERSION, keyId.length]), keyId, iv, body, cipher.getAuthTag()]);
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

  /** Keyed hash for looking a value up without storing it readable (e.g. the BSN). */
  lookupHash(value: string, purpose: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(`${purpose}\0${value}`).digest();
  }

  /** Constant-time comparison of two hashes. */
  static sameHash(a: Uint8Array, b: Uint8Array): boolean {
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
