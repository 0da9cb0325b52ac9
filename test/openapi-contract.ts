import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ApiResponse } from './api-client.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface Operation {
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, { $ref?: string; required?: boolean }> }>;
}
export interface ContractDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { headers?: Record<string, { required?: boolean }> };
}

/** Headers every HTTP response may carry without the document naming them. */
const TRANSPORT_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
/** Operational endpoints outside the organisation contract (load balancer health checks). */
const OUTSIDE_CONTRACT = new Set(['/health', '/ready', '/api/v1/openapi.json']);

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks real answers of the organisation API against its OpenAPI document with ajv (JSON Schema
 * 2020-12): the status must be declared for the operation, the media type declared for that
 * status, every required header present and no header undeclared, and the body must match the
 * declared schema. Returns what does not match (empty when the answer is exactly as documented).
 */
export function createContract(document: ContractDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi');
  const routes = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

  return {
    check(method: string, path: string, response: ApiResponse): string[] {
      const pathname = path.split('?')[0] ?? path;
      if (OUTSIDE_CONTRACT.has(pathname)) return [];
      const route = routes.find((candidate) => candidate.pattern.test(pathname));
      const operation = route ? document.paths[route.template]?.[method.toLowerCase()] : undefined;
      const where = `${method} ${route?.template ?? pathname} → ${response.status}`;
      // An address the API does not have: the not-found problem, as any problem.
      const declared = operation?.responses[String(response.status)] ?? (!operation && response.status === 404 ? { content: { 'application/problem+json': {} }, headers: { 'API-Version': { $ref: '#/components/headers/API-Version' } } } : undefined);
      if (!declared) return [`${where}: status not declared`];
      const failures: string[] = [];
      const mediaType = String(response.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      const declaredTypes = Object.keys(declared.content ?? {});
      if (declaredTypes.length === 0 ? response.text.length > 0 : !declaredTypes.includes(mediaType)) failures.push(`${where}: media type "${mediaType}" not declared (${declaredTypes.join(', ') || 'no body'})`);
      const declaredHeaders = new Map(Object.entries(declared.headers ?? {}).map(([name, header]) => [name.toLowerCase(), header]));
      for (const [name, header] of declaredHeaders) {
        const required = header.$ref ? document.components.headers?.[header.$ref.split('/').pop() ?? '']?.required : header.required;
        if (required && response.headers[name] === undefined) failures.push(`${where}: header ${name} missing`);
      }
      for (const name of Object.keys(response.headers)) {
        if (!TRANSPORT_HEADERS.has(name) && !declaredHeaders.has(name)) failures.push(`${where}: header ${name} not declared`);
      }
      if (route && operation && declaredTypes.includes(mediaType)) {
        const pointer = `openapi#/paths/${escapePointer(route.template)}/${method.toLowerCase()}/responses/${response.status}/content/${escapePointer(mediaType)}/schema`;
        const validate = ajv.getSchema(pointer);
        if (!validate) failures.push(`${where}: no schema at ${pointer}`);
        else if (!validate(response.body)) failures.push(`${where}: body does not match: ${ajv.errorsText(validate.errors)}`);
      } else if (!operation && mediaType === 'application/problem+json') {
        const validate = ajv.getSchema('openapi#/components/schemas/Problem');
        if (validate && !validate(response.body)) failures.push(`${where}: problem does not match: ${ajv.errorsText(validate.errors)}`);
      }
      return failures;
    },
  };
}
