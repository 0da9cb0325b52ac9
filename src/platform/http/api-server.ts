import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { completeOpenApiDocument, type OpenApiDocument } from './openapi-document.ts';
import { typeBoxValidatorCompiler } from './api-validation.ts';
import { Problem, ProblemSchema } from './problem.ts';
import { isDatabaseUnavailable } from '../db/database.ts';

export const API_VERSION = '1.0.0';

/** The largest body any route accepts unless it sets its own (routes set tighter ones). */
export const DEFAULT_API_BODY_LIMIT = 64 * 1024;

export interface ApiServerOptions {
  logger: Logger;
  /** PEM server certificate, key and the CA bundle client certificates must chain to. */
  tls: { cert: string; key: string; ca: string };
  /** Production: the TLS handshake itself refuses clients without a valid certificate. */
  requireClientCertificate: boolean;
  bodyLimit?: number;
}

/**
 * The organisation API server: HTTPS with mutual TLS, JSON only, RFC 9457 problem+json for every
 * error (every invalid field listed, never a 5xx for bad input), an API-Version header on every
 * answer, and OpenAPI generated from the route schemas. Domains register their routes under
 * /api/v1. Logs name the route pattern, the status and a correlation id only: never a URL with its
 * values, a body or a database error's parameters.
 */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const log = options.logger.child({ server: 'api' });
  const app: FastifyInstance = Fastify({
    loggerInstance: log as unknown as FastifyBaseLogger,
    // Fastify's own request lines carry the URL; ours (onResponse) carry the route pattern.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    // Only the methods the document describes; HEAD is not one of them.
    exposeHeadRoutes: false,
    https: {
      cert: options.tls.cert,
      key: options.tls.key,
      ca: options.tls.ca,
      requestCert: true,
      rejectUnauthorized: options.requireClientCertificate,
      minVersion: 'TLSv1.2',
    },
    bodyLimit: options.bodyLimit ?? DEFAULT_API_BODY_LIMIT,
    // Errors the HTTP parser finds (header too large, malformed request line) never reach a route.
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => writeClientError(error, socket),
    // A path the router refuses before any route (a parameter over maxParamLength, a malformed escape).
    frameworkErrors: (error, request, reply) => {
      reply.header('API-Version', API_VERSION);
      const problem =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new Problem(414, 'uri-too-long', 'URI too long', 'A path segment of this address is longer than the server accepts.')
          : new Problem(400, 'malformed-request', 'Malformed request', 'The address is not valid.');
      return sendProblem(request, reply, problem);
    },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(typeBoxValidatorCompiler);
  // JSON only: a text/plain body is refused (415), not parsed into a string.
  app.removeContentTypeParser('text/plain');

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Burgerportaal organisation API',
        version: API_VERSION,
        description: 'Deliver messages and case status to citizens.',
      },
    },
  });
  app.addSchema(ProblemSchema);
  let document: OpenApiDocument | null = null;
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => {
    document ??= completeOpenApiDocument(app.swagger() as unknown as OpenApiDocument, API_VERSION);
    return document;
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('API-Version', API_VERSION);
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ route: routeOf(request), method: request.method, status: reply.statusCode, correlationId: request.id, ms: Math.round(reply.elapsedTime) }, 'api request');
  });

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, new Problem(404, 'not-found', 'Not found', `No resource at this address for ${request.method}.`)));

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) return sendProblem(request, reply, error);
    const code = error.code ?? '';
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(request, reply, new Problem(413, 'request-too-large', 'Request too large', `The request body exceeds the ${request.routeOptions.bodyLimit ?? DEFAULT_API_BODY_LIMIT} bytes this endpoint accepts.`));
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(request, reply, new Problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the request body as application/json.'));
    }
    if (error.statusCode === 414) {
      return sendProblem(request, reply, new Problem(414, 'uri-too-long', 'URI too long', 'A path segment of this address is longer than the server accepts.'));
    }
    if (code.startsWith('FST_ERR_CTP') || error instanceof SyntaxError || (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)) {
      return sendProblem(request, reply, new Problem(400, 'malformed-request', 'Malformed request', 'The request body is not valid JSON, or its length does not match Content-Length.'));
    }
    if (error.statusCode === 503 || isDatabaseUnavailable(error)) {
      return sendProblem(request, reply, new Problem(503, 'unavailable', 'Service unavailable', 'The service is restarting or overloaded. Try again shortly.', undefined, { retryAfterSeconds: 5 }));
    }
    // Only what identifies the failure: no message (a database message can quote the values), no parameters.
    request.log.error({ route: routeOf(request), correlationId: request.id, error: error.name, code: code || (error as { code?: unknown }).code }, 'api request failed');
    return sendProblem(request, reply, new Problem(500, 'internal-error', 'Internal error', 'The request could not be processed. Nothing was stored; it is safe to retry.'));
  });

  return app;
}

/** The route pattern (`/api/v1/cases/:reference`), never the URL with its values. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? '(no route)';
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  if (problem.retryAfterSeconds !== undefined) reply.header('Retry-After', String(problem.retryAfterSeconds));
  return reply.code(problem.status).type('application/problem+json').send(JSON.stringify(problem.toJSON(`urn:uuid:${request.id}`)));
}

/** A problem+json answer written straight to the socket, for requests the HTTP parser refused. */
function writeClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const problem = tooLarge
    ? new Problem(431, 'headers-too-large', 'Request header fields too large', 'The request headers exceed what this server accepts.')
    : new Problem(400, 'malformed-request', 'Malformed request', 'The request is not valid HTTP.');
  const body = JSON.stringify(problem.toJSON(`urn:uuid:${randomUUID()}`));
  const reason = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${problem.status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nAPI-Version: ${API_VERSION}\r\nConnection: close\r\n\r\n${body}`,
  );
}
