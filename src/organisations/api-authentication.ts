import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from '../platform/http/problem.ts';
import type { Capability, Organisation, OrganisationRegistry } from './registry.ts';

declare module 'fastify' {
  interface FastifyRequest {
    organisation: Organisation | null;
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

/**
 * Identifies the calling organisation on every API request: by mutual TLS (the OIN in the
 * certificate), or in development only by a bearer key. Unknown or blocked organisations get 403.
 */
export function registerApiAuthentication(app: FastifyInstance, deps: { registry: OrganisationRegistry; allowBearerKeys: boolean }): void {
  app.decorateRequest('organisation', null);
  app.addHook('onRequest', async (request) => {
    // The contract, the signing keys and the load balancer's health checks are public.
    if (PUBLIC_PATHS.has(request.url) || request.url.startsWith('/.well-known/')) return;
    const oin = oinFromCertificate(request);
    let organisation: Organisation | null = null;
    if (oin) {
      organisation = await deps.registry.findByOin(oin);
      if (!organisation) throw new Problem(403, 'unknown-organisation', 'Unknown organisation', `No active organisation is registered for OIN ${oin}.`);
    } else {
      const header = request.headers.authorization;
      if (deps.allowBearerKeys && header?.startsWith('Bearer ')) organisation = await deps.registry.findByApiKey(header.slice(7).trim());
      if (!organisation) {
        throw new Problem(401, 'unauthenticated', 'Not authenticated', 'Present a client certificate that chains to a trusted CA and carries your OIN in the subject serialNumber.');
      }
    }
    if (!organisation.active) throw new Problem(403, 'organisation-blocked', 'Organisation blocked', 'This organisation is not active.');
    request.organisation = organisation;
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
