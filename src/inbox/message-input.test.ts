import { describe, expect, it } from 'vitest';
import { decodeCanonicalBase64 } from './message-input.ts';

describe('decodeCanonicalBase64', () => {
  it('decodes what encoding gives, for every padding length', () => {
    for (const length of [1, 2, 3, 4, 5, 6, 300]) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 37 + 11) % 256));
      expect(decodeCanonicalBase64(bytes.toString('base64'))).toEqual(bytes);
    }
  });

  it('refuses what encoding the bytes again would not give', () => {
    // Non-zero unused bits, missing padding, padding too early for the length, empty.
    for (const text of ['QR==', 'QUJ=', 'QUJDRA', 'QUJDR', 'QQ==QUJD', 'QUJDRA=', '']) {
      expect(decodeCanonicalBase64(text), text).toBeNull();
    }
  });
});
