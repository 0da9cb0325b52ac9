import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SourceError } from '../provider-client.ts';

/** YYYY-MM-DD (format keywords are not checked by TypeBox without registration, a pattern is). */
export const IsoDate = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' });

/** The answer typed by its schema, or a SourceError('malformed'); the answer itself is never logged. */
export function validated<T extends TSchema>(schema: T, answer: unknown): Static<T> {
  if (!Value.Check(schema, answer)) throw new SourceError('malformed');
  return answer;
}
