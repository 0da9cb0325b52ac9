import type { TLSSocket } from 'node:tls';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from '../platform/http/problem.ts';
import type { Capability, Organisation, OrganisationRegistry } from './registry.ts';

declare module 'fastify' {
  interface FastifyRequest {
    organisation: Organisation | null;
  }
  interface FastifyInstance {
    /**
     * Takes one of the calling organisation's concurrent-batch slots, or refuses with 429; call
     * the returned function when the batch is done.
     */
    takeBatchSlot(request: FastifyRequest): () => void;
  }
}

/** The OIN from a verified client certificate's subject serialNumber, or null. */
export function oinFromCertificate(request: FastifyRequest): string | null {
  const socket = request.raw.socket as TLSSocket;
  if (!socket.authorized) return null;
  const subject = socket.getPeerCertificate()?.subject as Record<string, string | string[] | undefined> | undefined;
  const serial = subject?.serialNumber;
  const value = Array.isArray(serial) ? serial[0] : serial;
  return value && /^\d{20}$/.test(value) ? value : null;
}

const PUBLIC_PATHS = new Set(['/api/v1/openapi.json', '/health', '/ready']);

export interface ApiLimits {
  /** Requests per organisation per minute, over all routes. */
  requestsPerMinute: number;
  /** Batch deliveries one organisation may have running at once. */
  concurrentBatches: number;
}

/** An API request refused at authentication, for the security log (R23); no personal data. */
export interface ApiAuthenticationFailure {
  /** The problem type answered: `unauthenticated` (401), `unknown-organisation` or `organisation-blocked` (403). */
  reason: 'unauthenticated' | 'unknown-organisation' | 'organisation-blocked';
  status: 401 | 403;
  request: FastifyRequest;
}

function tooMany(detail: string, retryAfterSeconds: number): Problem {
  return new Problem(429, 'too-many-requests', 'Too many requests', detail, undefined, { retryAfterSeconds });
}

/**
 * Identifies the calling organisation on every API request: by mutual TLS (the OIN in the
 * certificate), or in development only by a bearer key. Unknown or blocked organisations get 403.
 * Then each organisation gets its fair share: a request rate per minute (@fastify/rate-limit,
 * keyed by organisation, counted before the body is read) and a cap on concurrent batches; both
 * answer 429 with Retry-After.
 */
export async function registerApiAuthentication(
  app: FastifyInstance,
  deps: {
    registry: OrganisationRegistry;
    allowBearerKeys: boolean;
    limits: ApiLimits;
    /** Called for every authentication failure before it is answered; must not throw. */
    onAuthenticationFailure?: (failure: ApiAuthenticationFailure) => Promise<void>;
  },
): Promise<void> {
  app.decorateRequest('organisation', null);
  const refuse = async (request: FastifyRequest, problem: Problem): Promise<never> => {
    try {
      await deps.onAuthenticationFailure?.({ reason: problem.slug as ApiAuthenticationFailure['reason'], status: problem.status as 401 | 403, request });
    } catch (error) {
      request.log.error({ err: error instanceof Error ? error.message : 'unknown' }, 'authentication failure not recorded');
    }
    throw problem;
  };
  app.addHook('onRequest', async (request) => {
    // The contract, the signing keys and the load balancer's health checks are public.
    const path = request.url.split('?')[0] ?? '';
    if (PUBLIC_PATHS.has(path) || path.startsWith('/.well-known/')) return;
    const oin = oinFromCertificate(request);
    let organisation: Organisation | null = null;
    if (oin) {
      organisation = await deps.registry.findByOin(oin);
      if (!organisation) return refuse(request, new Problem(403, 'unknown-organisation', 'Unknown organisation', `No active organisation is registered for OIN ${oin}.`));
    } else {
      const header = request.headers.authorization;
      if (deps.allowBearerKeys && header?.startsWith('Bearer ')) organisation = await deps.registry.findByApiKey(header.slice(7).trim());
      if (!organisation) {
        return refuse(request, new Problem(401, 'unauthenticated', 'Not authenticated', 'Present a client certificate that chains to a trusted CA and carries your OIN in the subject serialNumber.'));
      }
    }
    if (!organisation.active) return refuse(request, new Problem(403, 'organisation-blocked', 'Organisation blocked', 'This organisation is not active.'));
    request.organisation = organisation;
  });

  await app.register(rateLimit, {
    global: true,
    max: deps.limits.requestsPerMinute,
    timeWindow: 60_000,
    hook: 'preParsing',
    // Public paths are counted per address; everything else per organisation, on whichever server process answers.
    keyGenerator: (request) => (request.organisation ? `organisation:${request.organisation.organisationId}` : `address:${request.ip}`),
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': false },
    errorResponseBuilder: (_request, context) =>
      tooMany(`At most ${context.max} requests per minute are accepted from your organisation.`, Math.max(1, Math.ceil(context.ttl / 1000))),
  });

  const running = new Map<string, number>();
  app.decorate('takeBatchSlot', (request: FastifyRequest) => {
    const key = request.organisation?.organisationId ?? request.ip;
    const count = running.get(key) ?? 0;
    if (count >= deps.limits.concurrentBatches) {
      throw tooMany(`At most ${deps.limits.concurrentBatches} batches of your organisation are processed at once; wait for one to finish.`, 1);
    }
    running.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (running.get(key) ?? 1) - 1;
      if (left > 0) running.set(key, left);
      else running.delete(key);
    };
  });
}

/** The authenticated organisation, which must hold the capability (else 403). */
export function requireCapability(request: FastifyRequest, capability: Capability): Organisation {
  const organisation = request.organisation;
  if (!organisation) throw new Problem(401, 'unauthenticated', 'Not authenticated', 'No organisation identified.');
  if (!organisation.capabilities.includes(capability)) {
    throw new Problem(403, 'missing-capability', 'Missing capability', `This organisation is not connected for "${capability}".`);
  }
  return organisation;
}
