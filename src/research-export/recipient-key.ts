import { CompactEncrypt, importJWK, type JWK } from 'jose';

export class RecipientKeyError extends Error {}

/** The JWE algorithms per key type: RSA-OAEP-256, or ECDH-ES with AES key wrap for EC and OKP keys. */
function algorithmFor(jwk: JWK): string {
  if (jwk.kty === 'RSA') return 'RSA-OAEP-256';
  if (jwk.kty === 'EC' || jwk.kty === 'OKP') return 'ECDH-ES+A256KW';
  throw new RecipientKeyError(`recipient key type ${String(jwk.kty)} is not supported (use RSA, EC or OKP)`);
}

/** Seals values to the recipient's public key (JWE compact, A256GCM): only the holder of the private key opens them. */
export interface Sealer {
  alg: string;
  kid: string | undefined;
  seal(value: string): Promise<string>;
}

/** Reads the recipient's public JWK; a private key is refused (it must never be given to the portal). */
export async function recipientSealer(jwk: JWK): Promise<Sealer> {
  if ('d' in jwk || 'p' in jwk) throw new RecipientKeyError('the recipient key holds a private part: give the portal only the public key');
  const alg = algorithmFor(jwk);
  const key = await importJWK(jwk, alg);
  return {
    alg,
    kid: jwk.kid,
    seal: (value) =>
      new CompactEncrypt(new TextEncoder().encode(value)).setProtectedHeader({ alg, enc: 'A256GCM', ...(jwk.kid ? { kid: jwk.kid } : {}) }).encrypt(key),
  };
}
