import fs from 'node:fs';
import { importJWK, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { ACR_BY_LEVEL, levelFromAcr, type AssuranceLevel } from './assurance.ts';

export interface RelyingPartyOptions {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  /** A JWK file with the private key for private_key_jwt client authentication. */
  privateKeyFile?: string | undefined;
  redirectUri: string;
  bsnClaim: string;
  /** DigiD Machtigen claim names (e.g. `aanvrager.bsn`, `gemachtigde.bsn`, `service_id`). */
  machtigenClaims?: { representee: string; representative: string; service: string };
  /** Only for a local simulator on http://localhost. */
  allowInsecureIssuer?: boolean;
}

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface AuthenticatedIdentity {
  /** The person who logged in (with DigiD Machtigen: the representative). */
  bsn: string;
  assurance: AssuranceLevel;
  /** DigiD Machtigen: the identity provider asserts this person acts for someone, for services. */
  machtigen?: { representeeBsn: string; serviceIds: string[] };
}

/** A claim by name: a flat key such as "aanvrager.bsn", else the dotted path into nested objects. */
function claimOf(claims: Record<string, unknown> | undefined, name: string): unknown {
  if (!claims) return undefined;
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

export class LoginRejected extends Error {}

/**
 * The portal as an OpenID Connect relying party (openid-client): authorization code flow with
 * PKCE, state and nonce, against whichever issuer is configured (DigiD broker, itsme, simulator).
 */
export class RelyingParty {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly options: RelyingPartyOptions) {}

  // Discovery happens at the first login, so the portal starts while the provider is away.
  private config(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { options } = this;
    let auth: oidc.ClientAuth | undefined;
    if (options.privateKeyFile) {
      const jwk = JSON.parse(fs.readFileSync(options.privateKeyFile, 'utf8')) as JWK;
      const key = await importJWK(jwk, jwk.alg ?? 'RS256');
      if (!(key instanceof CryptoKey)) throw new Error('OIDC_PRIVATE_KEY_FILE must hold a private JWK');
      auth = oidc.PrivateKeyJwt(jwk.kid ? { key, kid: jwk.kid } : key);
    } else if (options.clientSecret) {
      auth = oidc.ClientSecretBasic(options.clientSecret);
    }
    // openid-client only checks the ID token's signature when asked: without this it trusts the
    // TLS connection to the token endpoint (OIDC Core 3.1.3.7), so a forged token would pass.
    const execute = [oidc.enableNonRepudiationChecks];
    if (options.allowInsecureIssuer) execute.push(oidc.allowInsecureRequests);
    return oidc.discovery(new URL(options.issuer), options.clientId, undefined, auth, { execute });
  }

  /** The provider URL to send the browser to, and what to remember for the callback. */
  async beginLogin(level: AssuranceLevel): Promise<{ url: string; pending: PendingLogin }> {
    const config = await this.config();
    const pending: PendingLogin = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: 'openid bsn',
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      acr_values: ACR_BY_LEVEL[level],
      // DigiD authenticates every time; no silent single sign-on into a citizen's inbox.
      prompt: 'login',
    });
    return { url: url.href, pending };
  }

  /** Validates the callback (state, code, ID token signature, nonce) and returns who logged in. */
  async completeLogin(callbackUrl: URL, pending: PendingLogin): Promise<AuthenticatedIdentity> {
    const config = await this.config();
    let claims: oidc.IDToken | undefined;
    try {
      // What openid-client 6 / oauth4webapi 3 check here (any failure throws; nothing is logged in):
      // - callback: `state` equals ours, no `error`, `iss` equals the issuer when sent (or required
      //   by the discovery document); the code is exchanged with our PKCE verifier.
      // - an ID token must be present. Its `alg` must be one the issuer's discovery document lists
      //   (id_token_signing_alg_values_supported; RS256 if absent), `crit` headers are refused.
      // - claims: iss, sub, aud, exp, iat and nonce present; iss equals the discovered issuer;
      //   aud is or contains our client id, and with several audiences azp must be our client id;
      //   exp is in the future (30 s tolerance), nbf (if present) not in the future; iat is only
      //   type-checked, not for age; nonce equals ours; auth_time (if present) is a number.
      // - signature (enableNonRepudiationChecks in discover()): verified with the one key from the
      //   issuer's jwks_uri that matches kid/alg/kty/use (the JWKS is cached up to 5 minutes; an
      //   unknown kid refetches it once the cache is a minute old); HS* and "none" are refused,
      //   RSA keys must have at least 2048 bits. This runs after the claim checks above.
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw new LoginRejected(error instanceof Error ? error.message : 'login failed', { cause: error });
    }
    const assurance = levelFromAcr(claims?.acr);
    const names = this.options.machtigenClaims;
    const representee = names ? claimOf(claims, names.representee) : undefined;
    if (names && typeof representee === 'string' && representee.length > 0) {
      const representative = claimOf(claims, names.representative) ?? claims?.[this.options.bsnClaim];
      const service = claimOf(claims, names.service);
      const serviceIds = (Array.isArray(service) ? service : [service]).filter((id): id is string => typeof id === 'string' && id.length > 0);
      if (typeof representative !== 'string' || representative.length === 0) throw new LoginRejected(`ID token has no "${names.representative}" claim`);
      return { bsn: representative, assurance, machtigen: { representeeBsn: representee, serviceIds } };
    }
    const bsn = claims?.[this.options.bsnClaim];
    if (typeof bsn !== 'string' || bsn.length === 0) throw new LoginRejected(`ID token has no "${this.options.bsnClaim}" claim`);
    return { bsn, assurance };
  }
}
