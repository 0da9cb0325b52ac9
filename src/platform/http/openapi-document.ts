import { InlineProblemSchema, PROBLEM_MEDIA_TYPE, PROBLEM_STATUS_DESCRIPTIONS } from './problem.ts';

/** The parts of an OpenAPI 3.1 document this module completes; everything else passes through. */
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; headers?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

interface Operation {
  responses?: Record<string, Response>;
  requestBody?: unknown;
  security?: unknown;
  [key: string]: unknown;
}

interface Response {
  description?: string;
  content?: Record<string, { schema?: unknown; [key: string]: unknown }>;
  headers?: Record<string, unknown>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

export const API_DESCRIPTION = `Deliver messages (Berichtenbox) and case status (Lopende Zaken) to citizens.

**Authentication.** Mutual TLS with a PKIoverheid certificate; the OIN is read from the subject serialNumber.
Every route needs the matching capability of the organisation (\`inbox\` for messages, \`cases\` for cases).

**Errors.** Every error is RFC 9457 \`application/problem+json\` with \`type\`, \`title\`, \`status\` and \`detail\`;
\`instance\` is \`urn:uuid:<correlation id>\`, the id the server logged the request under (quote it when asking for help);
\`errors\` lists every invalid field. Input that is not valid is a 4xx, never a 5xx. Every response carries \`API-Version\`.

**What you learn about a citizen (R9).** One rule decides both the recipient check and delivery: the check answers
\`accepted: true\` exactly when a delivery now would be accepted. An organisation that is not a mandatory channel
learns nothing else: whatever the reason (not in the register, under 14, deceased, no activated inbox, switched you
off), a delivery is refused with the one problem \`recipient-not-accepting\` (422) and the check says \`accepted: false\`.
A mandatory-channel organisation delivers to everyone who may have an account, also before the first login, and
additionally learns whether the account is activated (\`activated\`); for people who cannot have an account it
gets the same \`recipient-not-accepting\`. Nothing else is disclosed.

**Limits per organisation.** Requests are limited per organisation per minute and batches may not run concurrently
beyond a small number; both answer 429 problem+json with \`Retry-After\` (seconds). Each endpoint accepts bodies up to
the size of its largest valid request; larger bodies get 413.`;

/** The statuses the HTTP layer itself can answer on any operation (authentication, limits, parser, failures). */
function layerStatuses(operation: Operation, method: string, path: string): number[] {
  const statuses = [400, 414, 429, 431, 500, 503];
  if (operation.security === undefined || (Array.isArray(operation.security) && operation.security.length > 0)) {
    if (path.startsWith('/api/v1/') && !path.endsWith('/openapi.json')) statuses.push(401, 403);
  }
  if (method === 'post' || method === 'put' || method === 'patch' || method === 'delete') statuses.push(413, 415);
  return statuses;
}

function isInlineProblem(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { title?: unknown }).title === InlineProblemSchema.title;
}

/** Replaces every inlined Problem schema (e.g. a batch item's problem) by a reference to the one component. */
function referenceProblems(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(referenceProblems);
  if (typeof node !== 'object' || node === null) return node;
  if (isInlineProblem(node)) return PROBLEM_REF;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, referenceProblems(value)]));
}

/**
 * Completes the document that @fastify/swagger generates from the route schemas, so it states
 * everything the server can answer: the problem+json responses of the HTTP layer on every
 * operation, the API-Version header on every response and Retry-After on 429 and 503, the
 * contact, the R9 rule and the limits. Only the organisation API's paths are included.
 */
export function completeOpenApiDocument(generated: OpenApiDocument, version: string): OpenApiDocument {
  const document = renameGeneratedSchemas(referenceProblems(structuredClone(generated)) as OpenApiDocument);
  const problem: Record<string, unknown> = { ...InlineProblemSchema };
  delete problem.title;
  const components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: { ...JSON.parse(JSON.stringify(problem)), description: 'An RFC 9457 problem document' } },
    headers: {
      'API-Version': { description: 'The full version of the API that answered (semantic versioning)', required: true, schema: { type: 'string', example: version } },
      'Retry-After': { description: 'Seconds to wait before retrying', required: true, schema: { type: 'integer', minimum: 1 } },
    },
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/') && !path.startsWith('/.well-known/')) continue;
    paths[path] = {};
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) {
        (paths[path] as Record<string, unknown>)[method] = operation;
        continue;
      }
      const responses: Record<string, Response> = { ...(operation.responses ?? {}) };
      for (const status of layerStatuses(operation, method, path)) {
        responses[String(status)] ??= { description: PROBLEM_STATUS_DESCRIPTIONS[status] ?? 'Problem', content: { [PROBLEM_MEDIA_TYPE]: { schema: PROBLEM_REF } } };
      }
      const sorted = Object.fromEntries(
        Object.entries(responses)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([status, response]) => [status, completeResponse(Number(status), response)]),
      );
      paths[path][method] = { ...operation, responses: sorted };
    }
  }
  return {
    ...document,
    info: {
      ...document.info,
      version,
      description: API_DESCRIPTION,
      contact: { name: 'Burgerportaal API support', email: 'api@burgerportaal.example', url: 'https://burgerportaal.example/api' },
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: '/', description: 'The server that serves this document (https, mutual TLS)' }],
    tags: [
      { name: 'messages', description: 'Berichtenbox: deliver messages, receipts, recipient checks' },
      { name: 'cases', description: 'Lopende Zaken: cases and their status' },
      { name: 'representations', description: 'Legal representation: curatele, bewind, mentorschap' },
      { name: 'keys', description: 'Public keys that verify delivery receipts' },
      { name: 'rights', description: 'Requests about personal data (GDPR) forwarded to the responsible organisation' },
      { name: 'waves', description: 'Capacity planning: announce a wave of messages before delivering above the baseline rate' },
    ],
    paths,
    components,
  };
}

function completeResponse(status: number, response: Response): Response {
  const isProblem = status >= 400;
  const content = Object.fromEntries(
    Object.entries(response.content ?? {}).map(([mediaType, value]) => [isProblem && mediaType === 'application/json' ? PROBLEM_MEDIA_TYPE : mediaType, isProblem ? { ...value, schema: PROBLEM_REF } : value]),
  );
  const headers: Record<string, unknown> = { ...response.headers, 'API-Version': { $ref: '#/components/headers/API-Version' } };
  if (status === 429 || status === 503) headers['Retry-After'] = { $ref: '#/components/headers/Retry-After' };
  return {
    ...response,
    description: response.description && response.description !== 'Default Response' ? response.description : (PROBLEM_STATUS_DESCRIPTIONS[status] ?? 'Success'),
    headers,
    ...(Object.keys(content).length > 0 ? { content } : {}),
  };
}

/**
 * @fastify/swagger names shared schemas def-0, def-1…; their titles (the schemas' ids) are the
 * readable names. Aliases of Problem are dropped: it is defined once.
 */
function renameGeneratedSchemas(document: OpenApiDocument): OpenApiDocument {
  const schemas = (document.components?.schemas ?? {}) as Record<string, { title?: string; $ref?: string }>;
  const names = new Map<string, string>();
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema.$ref === PROBLEM_REF.$ref) names.set(name, 'Problem');
    else names.set(name, schema.title ?? name);
  }
  const text = JSON.stringify(document).replace(/"#\/components\/schemas\/([^"]+)"/g, (_match, name: string) => JSON.stringify(`#/components/schemas/${names.get(name) ?? name}`));
  const renamed = JSON.parse(text) as OpenApiDocument;
  const renamedSchemas = Object.fromEntries(
    Object.entries((renamed.components?.schemas ?? {}) as Record<string, { title?: string; $ref?: string }>)
      .filter(([, schema]) => schema.$ref !== PROBLEM_REF.$ref)
      .map(([name, schema]) => [names.get(name) ?? name, schema]),
  );
  return { ...renamed, components: { ...renamed.components, schemas: renamedSchemas } };
}
