import { createHmac, timingSafeEqual } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/**
 * A ZGW-style bearer token (HS256, as the Zaken, Catalogi and Notificaties API specs prescribe):
 * iss and client_id are the client id, iat is now; user_id and user_representation name the
 * portal for the source's audit trail.
 */
export async function zgwToken(clientId: string, secret: string): Promise<string> {
  return new SignJWT({ client_id: clientId, user_id: 'burgerportaal', user_representation: 'Burgerportaal' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(clientId)
    .setIssuedAt()
    .sign(new TextEncoder().encode(secret));
}

/** The client id of a valid ZGW token signed with one of the known secrets, or null. */
export async function verifyZgwToken(header: string | undefined, secrets: Map<string, string>): Promise<string | null> {
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!token) return null;
  for (const [clientId, secret] of secrets) {
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
      if (payload.client_id === clientId) return clientId;
    } catch {
      // not this client's secret
    }
  }
  return null;
}

/**
 * The Authorization value the Notificaties API must send with callbacks for a source: derived
 * from the source's secret, so it survives restarts without another setting and differs per source.
 */
export function callbackAuthorization(source: { id: string; secret: string }): string {
  return `Bearer ${createHmac('sha256', source.secret).update(`burgerportaal-zgw-callback:${source.id}`).digest('base64url')}`;
}

/** Constant-time comparison of a received Authorization header with the expected one. */
export function authorizationMatches(received: string | undefined, expected: string): boolean {
  const a = Buffer.from(received ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
