import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { FormatRegistry } from '@sinclair/typebox/type';
import { isValidBsn } from '../identity/index.ts';
import { Problem } from '../platform/http/problem.ts';

// The same rules Fastify's ajv-formats applies, so the ZGW path validates exactly like the API.
if (!FormatRegistry.Has('date')) {
  FormatRegistry.Set('date', (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value));
}
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)));
}

export const REFERENCE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$';
const CalendarDate = Type.String({ format: 'date', description: 'Calendar date, YYYY-MM-DD' });

export const CaseInputSchema = Type.Object(
  {
    recipient: Type.Object({ bsn: Type.String({ pattern: '^[0-9]{9}$' }) }, { additionalProperties: false }),
    caseType: Type.String({ minLength: 1, maxLength: 200, description: 'The kind of case, e.g. "Parkeervergunning"' }),
    title: Type.String({ minLength: 1, maxLength: 200, description: 'What the case is about, e.g. "Aanvraag parkeervergunning"' }),
    dossierUrl: Type.String({ pattern: '^https://[^\\s]+$', maxLength: 2000, description: 'The full dossier on your own site (https only)' }),
    openedOn: CalendarDate,
    expectedEndOn: Type.Optional(Type.Union([CalendarDate, Type.Null()], { description: 'Expected decision date, when known' })),
    nextStep: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 300 }), Type.Null()], { description: 'The expected next step, in words' })),
  },
  { additionalProperties: false, $id: 'CaseInput' },
);
export type CaseInput = Static<typeof CaseInputSchema>;

export const StatusInputSchema = Type.Object(
  {
    sequence: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Per-case sequence number; orders the timeline whatever the arrival order' }),
    code: Type.String({ minLength: 1, maxLength: 100 }),
    label: Type.String({ minLength: 1, maxLength: 200, description: 'The status as the citizen reads it' }),
    occurredAt: Type.String({ format: 'date-time' }),
    final: Type.Boolean({ description: 'True for a status that closes the case' }),
    reopens: Type.Optional(Type.Boolean({ description: 'Required (true) for a status that follows a final status: it reopens the case' })),
  },
  { additionalProperties: false, $id: 'StatusInput' },
);
export type StatusInput = Static<typeof StatusInputSchema>;

function validator<T extends TSchema>(schema: T) {
  const compiled = TypeCompiler.Compile(schema);
  return (raw: unknown): Static<T> => {
    if (compiled.Check(raw)) return raw;
    const errors = [...compiled.Errors(raw)].map((error) => ({ field: error.path.replace(/^\//, '').replace(/\//g, '.') || '(body)', message: error.message }));
    throw invalidFields(errors);
  };
}

function invalidFields(errors: { field: string; message: string }[]): Problem {
  return new Problem(400, 'invalid-fields', 'Invalid fields', `${errors.length} field(s) are invalid: ${errors.map((e) => e.field).join(', ')}`, errors);
}

const checkCase = validator(CaseInputSchema);
const checkStatus = validator(StatusInputSchema);

/** A case input that passed every check, including the BSN eleven test; else a 400 Problem. */
export function validateCaseInput(raw: unknown): CaseInput {
  const input = checkCase(raw);
  if (!isValidBsn(input.recipient.bsn)) throw invalidFields([{ field: 'recipient.bsn', message: 'is not a valid BSN (eleven test)' }]);
  return input;
}

/** A status input that passed every check; else a 400 Problem listing each invalid field. */
export function validateStatusInput(raw: unknown): StatusInput {
  return checkStatus(raw);
}

/** True for a reference an organisation may use in a path. */
export function isValidReference(reference: string): boolean {
  return new RegExp(REFERENCE_PATTERN).test(reference);
}
