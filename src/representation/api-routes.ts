import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { isValidBsn } from '../identity/index.ts';
import { requireCapability } from '../organisations/index.ts';
import { DateTime, SingleLine } from '../platform/http/api-schema.ts';
import { invalidFields } from '../platform/http/api-validation.ts';
import { JsonContent, Problem, problemResponses } from '../platform/http/problem.ts';
import type { LegalRepresentations } from './legal-representation.ts';
import { LEGAL_KINDS, SERVICES } from './services.ts';

const Bsn = Type.String({ pattern: '^[0-9]{9}$' });
const LegalRepresentationInputSchema = Type.Object(
  {
    represented: Type.Object({ bsn: Bsn }, { additionalProperties: false, description: 'The person under curatele, bewind or mentorschap' }),
    representative: Type.Object({ bsn: Bsn }, { additionalProperties: false, description: 'The curator, bewindvoerder or mentor: an adult in the population register' }),
    kind: Type.Union(LEGAL_KINDS.map((kind) => Type.Literal(kind))),
    legalBasis: SingleLine({ maxLength: 300, description: 'The legal basis, e.g. the court decision "Rechtbank Utrecht, C/16/123456"' }),
    services: Type.Array(Type.Union(SERVICES.map((service) => Type.Literal(service))), { minItems: 1, maxItems: SERVICES.length, uniqueItems: true }),
    validFrom: Type.Optional(DateTime()),
    validUntil: Type.Optional(Type.Union([DateTime(), Type.Null()])),
  },
  { additionalProperties: false, $id: 'LegalRepresentationInput' },
);
const LegalRepresentationSchema = Type.Object(
  {
    reference: Type.String(),
    kind: Type.String(),
    legalBasis: Type.String(),
    services: Type.Array(Type.String()),
    validFrom: Type.String({ format: 'date-time' }),
    validUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    status: Type.String({ description: 'active, expired or ended' }),
  },
  { $id: 'LegalRepresentation' },
);
const ReferenceParams = Type.Object({ reference: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$', maxLength: 100, description: 'Your own reference, unique within your organisation' }) });

/** Sized to the largest valid registration with room for JSON escapes. */
export const REPRESENTATION_BODY_LIMIT = 4 * 1024;

/**
 * Legal representation over the organisation API (R17): register, read back and end curatele,
 * bewind or mentorschap. Every route requires the 'representation' capability; an organisation
 * sees only its own registrations.
 */
export function representationApiRoutes(server: FastifyInstance, deps: { legal: LegalRepresentations }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(LegalRepresentationSchema);

  app.put(
    '/api/v1/representations/:reference',
    {
      bodyLimit: REPRESENTATION_BODY_LIMIT,
      schema: {
        tags: ['representations'],
        operationId: 'putRepresentation',
        summary: 'Register a legal representation (curatele, bewind, mentorschap)',
        description:
          'Idempotent by reference: the same reference with the same content returns the registration (200), other content is a 409. Active at once; the represented citizen sees it and cannot end it. A person who cannot take part (not in the register, deceased, or a representative under 18) is refused with the neutral problem `recipient-not-accepting` (422). ' +
          `Request body at most ${REPRESENTATION_BODY_LIMIT} bytes.`,
        params: ReferenceParams,
        body: LegalRepresentationInputSchema,
        response: {
          201: JsonContent(Type.Ref(LegalRepresentationSchema), 'Registered'),
          200: JsonContent(Type.Ref(LegalRepresentationSchema), 'Already registered with the same content'),
          ...problemResponses([409, 422, 503]),
        },
      },
    },
    async (request, reply) => {
      const organisation = requireCapability(request, 'representation');
      const body: Static<typeof LegalRepresentationInputSchema> = request.body;
      const invalid = (['represented', 'representative'] as const).filter((side) => !isValidBsn(body[side].bsn)).map((side) => ({ field: `${side}.bsn`, message: 'is not a valid BSN (eleven test)' }));
      if (invalid.length > 0) throw invalidFields(invalid);
      const outcome = await deps.legal.register({ organisation, reference: request.params.reference, body });
      return reply.code(outcome.status).send(outcome.result);
    },
  );

  app.get(
    '/api/v1/representations/:reference',
    {
      schema: {
        tags: ['representations'],
        operationId: 'getRepresentation',
        summary: 'A legal representation you registered',
        description: 'Your own registration only; another organisation\'s reference is not found (404). No BSN is returned.',
        params: ReferenceParams,
        response: { 200: JsonContent(Type.Ref(LegalRepresentationSchema), 'The registration'), ...problemResponses([404]) },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'representation');
      const found = await deps.legal.get({ organisation, reference: request.params.reference });
      if (!found) throw new Problem(404, 'not-found', 'Not found', 'No representation with this reference.');
      return found;
    },
  );

  app.post(
    '/api/v1/representations/:reference/end',
    {
      schema: {
        tags: ['representations'],
        operationId: 'endRepresentation',
        summary: 'End a legal representation you registered',
        description: 'Idempotent: ending an ended representation again returns it unchanged. It stops working on the representative\'s next request.',
        params: ReferenceParams,
        response: { 200: JsonContent(Type.Ref(LegalRepresentationSchema), 'The ended registration'), ...problemResponses([404]) },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'representation');
      const found = await deps.legal.end({ organisation, reference: request.params.reference });
      if (!found) throw new Problem(404, 'not-found', 'Not found', 'No representation with this reference.');
      return found;
    },
  );
}
