import { createHmac, randomBytes } from 'node:crypto';

/**
 * Keyed pseudonyms (HMAC-SHA256) under a key made for one export only. A plain or salted hash of a
 * BSN or an IPv4 address is reversed by hashing every possible value (a billion BSNs, 4 billion
 * addresses); without the key that is impossible. The key lives in this process's memory only and
 * `destroy()` overwrites it, so nobody (not the portal, not the recipient) can compute a pseudonym
 * again: two exports cannot be joined, and a pseudonym cannot be traced back.
 */
export interface Pseudonymiser {
  pseudonym(kind: 'bsn' | 'ip', value: string): string;
  destroy(): void;
}

export function createPseudonymiser(): Pseudonymiser {
  const key = randomBytes(32);
  let destroyed = false;
  return {
    pseudonym(kind, value) {
      if (destroyed) throw new Error('the export key was destroyed');
      // The kind is part of the input, so a BSN and an address never share a pseudonym.
      return createHmac('sha256', key).update(`${kind}\u0000${value}`).digest('base64url');
    },
    destroy() {
      key.fill(0);
      destroyed = true;
    },
  };
}
