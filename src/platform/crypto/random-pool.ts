import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 64 * 1024;
let pool = Buffer.alloc(0);
let offset = POOL_SIZE;

/**
 * Cryptographically random bytes from a pooled buffer: one kernel call per 64 KB instead of one
 * per IV or id, which matters when a delivery wave needs three of them per message. Each call
 * returns fresh bytes that are never handed out twice.
 */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_SIZE / 4) return randomFillSync(Buffer.alloc(size));
  if (offset + size > POOL_SIZE) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_SIZE));
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return bytes;
}
