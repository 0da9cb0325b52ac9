import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACR_BY_LEVEL } from './assurance.ts';
import { LoginRejected, RelyingParty, type PendingLogin } from './oidc-relying-party.ts';

/**
 * A minimal OpenID provider over http on localhost: discovery, a JWKS with one published key, and
 * a token endpoint that answers every code with whatever ID token the test sets. Its discovery
 * document also lists HS256 and "none", so that refusing those is the relying party's own doing.
 */
async function startFakeProvider(publishedKey: Record<string, unknown>) {
  const provider = { issuer: '', idToken: '', close: () => Promise.resolve() };
  const server = http.createServer((req, res) => {
    const json = (body: unknown): void => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/.well-known/openid-configuration') {
      json({
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/authorize`,
        token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256', 'HS256', 'none'],
      });
    } else if (req.method === 'GET' && req.url === '/jwks') {
      json({ keys: [publishedKey] });
    } else if (req.method === 'POST' && req.url === '/token') {
      req.resume();
      req.on('end', () => json({ access_token: 'access', token_type: 'Bearer', expires_in: 300, id_token: provider.idToken }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return provider;
}

const CLIENT_ID = 'burgerportaal';
const CLIENT_SECRET = 'client-secret-of-at-least-32-characters!';
const REDIRECT_URI = 'http://127.0.0.1:3000/inloggen/terug';
const KID = 'digid-1';

let provider: Awaited<ReturnType<typeof startFakeProvider>>;
let providerKey: CryptoKey;
let forgerKey: CryptoKey;
let relyingParty: RelyingParty;

beforeAll(async () => {
  const genuine = await generateKeyPair('RS256');
  providerKey = genuine.privateKey;
  forgerKey = (await generateKeyPair('RS256')).privateKey;
  provider = await startFakeProvider({ ...(await exportJWK(genuine.publicKey)), kid: KID, alg: 'RS256', use: 'sig' });
  relyingParty = new RelyingParty({
    issuer: provider.issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT_URI,
    bsnClaim: 'bsn',
    allowInsecureIssuer: true,
  });
});
afterAll(async () => {
  await provider.close();
});

function genuineClaims(pending: PendingLogin): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return { iss: provider.issuer, aud: CLIENT_ID, sub: 'subject-1', bsn: '999993653', acr: ACR_BY_LEVEL.midden, nonce: pending.nonce, iat: now, exp: now + 300 };
}

function sign(claims: JWTPayload, key: CryptoKey | Uint8Array = providerKey, header: { alg: string; kid?: string } = { alg: 'RS256', kid: KID }): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

/** Runs one login in which the provider's token endpoint hands out the ID token `makeIdToken` builds. */
async function loginWith(makeIdToken: (pending: PendingLogin) => Promise<string>) {
  const { url, pending } = await relyingParty.beginLogin('midden');
  expect(new URL(url).searchParams.get('nonce')).toBe(pending.nonce);
  provider.idToken = await makeIdToken(pending);
  return relyingParty.completeLogin(new URL(`${REDIRECT_URI}?code=code-1&state=${pending.state}`), pending);
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The login must fail with LoginRejected; openid-client words it generally, the detail is in the causes. */
async function refusal(attempt: Promise<unknown>): Promise<string> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(LoginRejected);
  const messages: string[] = [];
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) messages.push(cause.message);
  return messages.join(' / ');
}

describe('ID token verification by the relying party', () => {
  it('R1: a genuine ID token, signed with the key the issuer publishes, logs in', async () => {
    await expect(loginWith(async (pending) => sign(genuineClaims(pending)))).resolves.toEqual({ bsn: '999993653', assurance: 'midden' });
  });

  it.each<[string, (pending: PendingLogin) => Promise<string>, RegExp]>([
    ['signed with a key the issuer does not publish, under the published kid', (pending) => sign(genuineClaims(pending), forgerKey), /signature verification failed/],
    ['signed with an unpublished key under its own kid', (pending) => sign(genuineClaims(pending), forgerKey, { alg: 'RS256', kid: 'forger-1' }), /no applicable keys/],
    [
      'with a genuine signature over other claims (BSN swapped)',
      async (pending) => {
        const [header, , signature] = (await sign(genuineClaims(pending))).split('.');
        return `${header}.${base64url({ ...genuineClaims(pending), bsn: '111222333' })}.${signature}`;
      },
      /signature verification failed/,
    ],
    ['signed with HS256 and the client secret', (pending) => sign(genuineClaims(pending), new TextEncoder().encode(CLIENT_SECRET), { alg: 'HS256' }), /unsupported JWS algorithm/],
    ['unsigned (alg none)', async (pending) => `${base64url({ alg: 'none' })}.${base64url(genuineClaims(pending))}.`, /unsupported JWS "alg"/],
  ])('R1: a forged ID token is refused: %s', async (_case, makeIdToken, reason) => {
    expect(await refusal(loginWith(makeIdToken))).toMatch(reason);
  });

  it.each<[string, (claims: JWTPayload) => JWTPayload, RegExp]>([
    ['from another issuer', (claims) => ({ ...claims, iss: 'https://other-idp.example' }), /"iss"/],
    ['for another client', (claims) => ({ ...claims, aud: 'another-client' }), /"aud"/],
    ['for several audiences without azp', (claims) => ({ ...claims, aud: [CLIENT_ID, 'another-client'] }), /additional untrusted audiences/],
    ['expired', (claims) => ({ ...claims, exp: Math.floor(Date.now() / 1000) - 120 }), /"exp"/],
    ['with another login’s nonce', (claims) => ({ ...claims, nonce: 'replayed-nonce' }), /"nonce"/],
    ['without iat', (claims) => ({ ...claims, iat: undefined }), /"iat"/],
  ])('R1: a correctly signed ID token is refused when it is %s', async (_case, change, reason) => {
    expect(await refusal(loginWith(async (pending) => sign(change(genuineClaims(pending)))))).toMatch(reason);
  });
});
