import fs from 'node:fs';
import type { Db } from '../db/database.ts';
import { countStale, reencryptAll, type EncryptedColumns } from '../db/reencrypt.ts';
import { Keyring, type KeyringFile } from './keyring.ts';

export interface DataKeyRotation {
  /** The key everything is now encrypted under. */
  keyId: string;
  /** false: an earlier, unfinished rotation was resumed instead of adding another key. */
  added: boolean;
  reencrypted: number;
}

/**
 * `keys rotate`: adds a data key to the keyring file as the current key (older keys stay, for
 * decryption) and re-encrypts every module's encrypted columns under it in batches. When values
 * under an older key are still left from an interrupted run, no key is added: the run resumes.
 */
export async function rotateDataKey(input: {
  keyringFile: string;
  db: Db;
  targets: readonly EncryptedColumns[];
  batchSize?: number;
  /** Stops after this many batches (tests simulate a crash with it). */
  maxBatches?: number;
  progress?: (line: string) => void;
}): Promise<DataKeyRotation> {
  const file = JSON.parse(fs.readFileSync(input.keyringFile, 'utf8')) as KeyringFile;
  let keyring = new Keyring(file);
  let stale = 0;
  for (const target of input.targets) stale += await countStale(input.db, keyring, target);
  const added = stale === 0;
  if (added) {
    const next = Keyring.withNewDataKey(file);
    Keyring.save(input.keyringFile, next);
    keyring = new Keyring(next);
    input.progress?.(`Added data key ${keyring.currentKeyId}; it is now the current key.`);
  } else {
    input.progress?.(`Resuming: ${stale} rows still hold values under an older key than ${keyring.currentKeyId}.`);
  }
  const reencrypted = await reencryptAll(input.db, keyring, input.targets, {
    batchSize: input.batchSize,
    maxBatches: input.maxBatches,
    onProgress: ({ name, done, total }) => input.progress?.(`${progressBar(done, total)} ${name}: ${done}/${total}`),
  });
  return { keyId: keyring.currentKeyId, added, reencrypted };
}

/** A text progress bar, e.g. "[#####.....]  50%". */
export function progressBar(done: number, total: number, width = 20): string {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%`;
}
