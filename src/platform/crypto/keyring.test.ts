import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyring } from './keyring.ts';

describe('keyring', () => {
  it('R7: AES-256-GCM round trip for any text, and the ciphertext does not contain it', () => {
    const keyring = Keyring.generate();
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), (text) => {
        const sealed = keyring.encryptText(text, 'citizen:a:field');
        expect(keyring.decryptText(sealed, 'citizen:a:field')).toBe(text);
        expect(sealed.includes(Buffer.from(text))).toBe(false);
      }),
    );
  });

  it('R7: a ciphertext moved to another owner or field does not decrypt', () => {
    const keyring = Keyring.generate();
    const sealed = keyring.encryptText('999990007', 'citizen:a:bsn');
    expect(() => keyring.decryptText(sealed, 'citizen:b:bsn')).toThrow();
    expect(() => keyring.decryptText(sealed, 'citizen:a:email')).toThrow();
  });

  it('R7: a tampered ciphertext is rejected', () => {
    const keyring = Keyring.generate();
    const sealed = keyring.encryptText('geheim', 'x');
    sealed[sealed.length - 20] = (sealed[sealed.length - 20] ?? 0) ^ 1;
    expect(() => keyring.decryptText(sealed, 'x')).toThrow();
  });

  it('R32: after key rotation old data still decrypts and new data uses the new key', () => {
    const file = Keyring.generateFile('k1');
    const before = new Keyring(file);
    const old = before.encryptText('oud', 'ctx');
    const rotated = new Keyring({ ...file, current: 'k2', keys: { ...file.keys, ...Keyring.generateFile('k2').keys } });
    expect(rotated.decryptText(old, 'ctx')).toBe('oud');
    const fresh = rotated.encryptText('nieuw', 'ctx');
    expect(() => before.decryptText(fresh, 'ctx')).toThrow(/k2/);
  });

  it('R2: the lookup hash is stable per key and differs per purpose', () => {
    const keyring = Keyring.generate();
    expect(keyring.lookupHash('999990007', 'bsn').equals(keyring.lookupHash('999990007', 'bsn'))).toBe(true);
    expect(keyring.lookupHash('999990007', 'bsn').equals(keyring.lookupHash('999990007', 'other'))).toBe(false);
    expect(keyring.lookupHash('999990007', 'bsn').equals(Keyring.generate().lookupHash('999990007', 'bsn'))).toBe(false);
  });
});
