import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { ValueError } from '@sinclair/typebox/errors';
import type { FastifySchemaCompiler } from 'fastify';
import { MULTI_LINE_PATTERN, SINGLE_LINE_PATTERN } from './api-schema.ts';
import { Problem } from './problem.ts';

/** One invalid field: its dotted path in the request and what is wrong, without the value. */
export interface FieldError {
  field: string;
  message: string;
}

const FORMAT_MESSAGES: Record<string, string> = {
  'date-time': 'must be an RFC 3339 date-time with seconds and an offset, on a day that exists, between 1900 and 9999',
  date: 'must be a calendar date YYYY-MM-DD that exists, between 1900 and 9999',
  uuid: 'must be a UUID',
};

/** A readable message for one failed check; never repeats the value that failed. */
function messageOf(error: ValueError): string {
  const schema = error.schema as { pattern?: string; format?: string };
  if (schema.pattern === SINGLE_LINE_PATTERN) return 'must be one line of text without control characters or unpaired surrogates';
  if (schema.pattern === MULTI_LINE_PATTERN) return 'must be text without control characters (tab and line breaks are allowed) or unpaired surrogates';
  if (schema.format && FORMAT_MESSAGES[schema.format] && typeof error.value === 'string') return FORMAT_MESSAGES[schema.format] ?? error.message;
  if (schema.pattern && typeof error.value === 'string') return `must match the pattern ${schema.pattern}`;
  return error.message.replace(/^Expected required property$/, 'is required').replace(/^Unexpected property$/, 'is not a known field');
}

function fieldOf(path: string, root: string): string {
  const field = path.replace(/^\//, '').replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~');
  return field || root;
}

/** The invalid fields of a value, the first problem per field, in document order. */
export function fieldErrors(check: TypeCheck<TSchema>, value: unknown, root = '(body)', prefix = ''): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const error of check.Errors(value)) {
    const field = `${prefix}${fieldOf(error.path, root)}`;
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: messageOf(error) });
    if (errors.length >= 50) break;
  }
  return errors;
}

/** The 400 problem that lists every invalid field. */
export function invalidFields(errors: FieldError[]): Problem {
  return new Problem(400, 'invalid-fields', 'Invalid fields', `${errors.length} field(s) are invalid: ${errors.map((e) => e.field).join(', ')}`, errors);
}

/**
 * A checker for one schema: the value typed as the schema says, or the 400 problem. Batch items
 * use this directly; routes get the same checker through the validator compiler below.
 */
export function createChecker<T extends TSchema>(schema: T): (value: unknown, prefix?: string) => Static<T> {
  const check = TypeCompiler.Compile(schema);
  return (value, prefix = '') => {
    if (check.Check(value)) return value;
    throw invalidFields(fieldErrors(check, value, prefix ? prefix.replace(/\.$/, '') : '(body)', prefix));
  };
}

/**
 * Fastify's validator for the API: every route schema (body, params, querystring) is checked by
 * TypeBox with the API's own formats, so the single and the batch endpoint share one path.
 * Failures become the 400 problem listing the fields.
 */
export const typeBoxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = TypeCompiler.Compile(schema);
  return (value: unknown) => {
    if (check.Check(value)) return { value };
    const root = httpPart === 'body' ? '(body)' : `(${httpPart ?? 'request'})`;
    return { error: invalidFields(fieldErrors(check, value, root)) as unknown as Error };
  };
};
