import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { Problem, ProblemSchema } from './problem.ts';

export const API_VERSION = '1.0.0';

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
 * error (every invalid field listed), an API-Version header, and OpenAPI generated from the
 * route schemas. Domains register their routes under /api/v1.
 */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger.child({ server: 'api' }) as unknown as FastifyBaseLogger,
    https: {
      cert: options.tls.cert,
      key: options.tls.key,
      ca: options.tls.ca,
      requestCert: true,
      rejectUnauthorized: options.requireClientCertificate,
      minVersion: 'TLSv1.2',
    },
    bodyLimit: options.bodyLimit ?? 64 * 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false } },
  }) as unknown as FastifyInstance;

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Burgerportaal organisation API',
        version: API_VERSION,
        description: 'Deliver messages and case status to citizens. Mutual TLS with a PKIoverheid certificate; the OIN is read from the subject serialNumber.',
      },
    },
  });
  app.addSchema(ProblemSchema);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onSend', async (_request, reply) => {
    reply.header('API-Version', API_VERSION);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, new Problem(404, 'not-found', 'Not found', `No resource at ${request.method} ${request.url.split('?')[0]}`), request.url),
  );

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) return sendProblem(reply, error, request.url);
    if ('validation' in error && error.validation) {
      const errors = error.validation.map((issue) => {
        const missing = issue.keyword === 'required' ? `/${String((issue.params as { missingProperty?: string }).missingProperty ?? '')}` : '';
        const field = `${issue.instancePath}${missing}`.replace(/^\//, '').replace(/\//g, '.') || '(body)';
        return { field, message: issue.message ?? 'is invalid' };
      });
      return sendProblem(reply, new Problem(400, 'invalid-fields', 'Invalid fields', `${errors.length} field(s) are invalid: ${errors.map((e) => e.field).join(', ')}`, errors), request.url);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, new Problem(413, 'request-too-large', 'Request too large', 'The request body exceeds the size this endpoint accepts.'), request.url);
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || (error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP'))) {
      return sendProblem(reply, new Problem(error.statusCode ?? 400, 'malformed-request', 'Malformed request', error.message), request.url);
    }
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return sendProblem(reply, new Problem(400, 'malformed-request', 'Malformed request', 'The request body is not valid JSON.'), request.url);
    }
    request.log.error({ err: error }, 'api request failed');
    return sendProblem(reply, new Problem(500, 'internal-error', 'Internal error', 'The request could not be processed. Nothing was stored; it is safe to retry.'), request.url);
  });

  return app;
}

function sendProblem(reply: FastifyReply, problem: Problem, url: string) {
  return reply.code(problem.status).type('application/problem+json').send(JSON.stringify(problem.toJSON(url.split('?')[0])));
}
