import { Type, type Static } from '@sinclair/typebox';
import { isValidBsn } from '../identity/index.ts';
import { CalendarDate, DateTime, SingleLine } from '../platform/http/api-schema.ts';
import { createChecker, invalidFields } from '../platform/http/api-validation.ts';

export const REFERENCE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$';

export const CaseInputSchema = Type.Object(
  {
    recipient: Type.Object({ bsn: Type.String({ pattern: '^[0-9]{9}$' }) }, { additionalProperties: false }),
    caseType: SingleLine({ maxLength: 200, description: 'The kind of case, e.g. "Parkeervergunning"' }),
    title: SingleLine({ maxLength: 200, description: 'What the case is about, e.g. "Aanvraag parkeervergunning"' }),
    dossierUrl: Type.String({ pattern: '^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[!-~]*)?$', maxLength: 2000, description: 'The full dossier on your own site: https, printable ASCII (percent-encode the rest)' }),
    openedOn: CalendarDate(),
    expectedEndOn: Type.Optional(Type.Union([CalendarDate(), Type.Null()], { description: 'Expected decision date, when known' })),
    nextStep: Type.Optional(Type.Union([SingleLine({ maxLength: 300 }), Type.Null()], { description: 'The expected next step, in words' })),
  },
  {
    additionalProperties: false,
    $id: 'CaseInput',
    examples: [
      {
        recipient: { bsn: '999990007' },
        caseType: 'Parkeervergunning',
        title: 'Aanvraag parkeervergunning',
        dossierUrl: 'https://mijn.utrecht.example/zaken/Z-2025-000123',
        openedOn: '2025-03-01',
        expectedEndOn: '2025-04-15',
        nextStep: 'Wij beoordelen uw aanvraag',
      },
    ],
  },
);
export type CaseInput = Static<typeof CaseInputSchema>;

export const StatusInputSchema = Type.Object(
  {
    sequence: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Per-case sequence number; orders the timeline whatever the arrival order' }),
    code: SingleLine({ maxLength: 100 }),
    label: SingleLine({ maxLength: 200, description: 'The status as the citizen reads it' }),
    occurredAt: DateTime({ description: 'When the status changed' }),
    final: Type.Boolean({ description: 'True for a status that closes the case' }),
    reopens: Type.Optional(Type.Boolean({ description: 'Required (true) for a status that follows a final status: it reopens the case' })),
  },
  { additionalProperties: false, $id: 'StatusInput', examples: [{ sequence: 1, code: 'ontvangen', label: 'Aanvraag ontvangen', occurredAt: '2025-03-01T09:00:00+01:00', final: false }] },
);
export type StatusInput = Static<typeof StatusInputSchema>;

const checkCase = createChecker(CaseInputSchema);
const checkStatus = createChecker(StatusInputSchema);

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
