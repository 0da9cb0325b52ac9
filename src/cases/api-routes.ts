import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requireCapability } from '../organisations/index.ts';
import { JsonContent, problemResponses } from '../platform/http/problem.ts';
import { CaseInputSchema, REFERENCE_PATTERN, StatusInputSchema } from './case-input.ts';
import type { CaseReporting } from './report-cases.ts';

const StatusSchema = Type.Object(
  {
    sequence: Type.Integer(),
    code: Type.String(),
    label: Type.String(),
    occurredAt: Type.String({ format: 'date-time' }),
    final: Type.Boolean(),
    reopens: Type.Boolean(),
  },
  { $id: 'CaseStatus' },
);
const CaseSchema = Type.Object(
  {
    reference: Type.String(),
    caseType: Type.String(),
    title: Type.String(),
    dossierUrl: Type.String(),
    openedOn: Type.String({ format: 'date' }),
    expectedEndOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    nextStep: Type.Union([Type.String(), Type.Null()]),
    closed: Type.Boolean(),
    statuses: Type.Array(Type.Ref(StatusSchema)),
  },
  { $id: 'Case' },
);
const ReferenceParams = Type.Object({ reference: Type.String({ pattern: REFERENCE_PATTERN, maxLength: 100, description: 'Your own case reference, unique within your organisation' }) });

/** Sized to the largest valid case or status (a 2,000-character dossier URL and the text fields), with room for JSON escapes. */
export const CASE_BODY_LIMIT = 16 * 1024;

/**
 * The Lopende Zaken organisation API (R11): create or update a case, report status changes,
 * read back your own case. Every route requires the 'cases' capability; an organisation only
 * ever sees and changes its own cases (another's reference is simply not found).
 */
export function casesApiRoutes(server: FastifyInstance, deps: { reporting: CaseReporting }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(StatusSchema);
  app.addSchema(CaseSchema);

  app.put(
    '/api/v1/cases/:reference',
    {
      bodyLimit: CASE_BODY_LIMIT,
      schema: {
        tags: ['cases'],
        operationId: 'putCase',
        summary: 'Create or update a case for a citizen',
        description:
          'Idempotent: the same reference again updates the case (200). The recipient of a case cannot change (409). The dossier URL must use https. A case waits for a citizen who has not logged in yet; a person who cannot have an account (not in the register, under 14, deceased) is refused with the one neutral problem `recipient-not-accepting` (422, see R9 above). ' +
          `Request body at most ${CASE_BODY_LIMIT} bytes.`,
        params: ReferenceParams,
        body: CaseInputSchema,
        response: {
          201: JsonContent(Type.Ref(CaseSchema), 'Created'),
          200: JsonContent(Type.Ref(CaseSchema), 'Updated'),
          ...problemResponses([409, 422, 503]),
        },
      },
    },
    async (request, reply) => {
      const organisation = requireCapability(request, 'cases');
      const { reference } = request.params;
      const outcome = await deps.reporting.putCase({ organisation, reference, body: request.body });
      return reply.code(outcome.status).send(outcome.result);
    },
  );

  app.post(
    '/api/v1/cases/:reference/statuses',
    {
      bodyLimit: CASE_BODY_LIMIT,
      schema: {
        tags: ['cases'],
        operationId: 'addCaseStatus',
        summary: 'Report a status change of a case',
        description:
          'Placed by sequence, whatever the arrival order. The same sequence with the same content answers 200 (idempotent); with other content 409. A status after a final status is refused (409) unless it sets "reopens": true.',
        params: ReferenceParams,
        body: StatusInputSchema,
        response: {
          201: JsonContent(Type.Ref(StatusSchema), 'Recorded'),
          200: JsonContent(Type.Ref(StatusSchema), 'Recorded earlier with the same content'),
          ...problemResponses([404, 409]),
        },
      },
    },
    async (request, reply) => {
      const organisation = requireCapability(request, 'cases');
      const { reference } = request.params;
      const outcome = await deps.reporting.addStatus({ organisation, reference, body: request.body });
      return reply.code(outcome.status).send(outcome.result);
    },
  );

  app.get(
    '/api/v1/cases/:reference',
    {
      schema: {
        tags: ['cases'],
        operationId: 'getCase',
        summary: 'A case you reported, with its status timeline',
        description: 'Your own case only; another organisation\'s reference is not found (404). The BSN is never returned.',
        params: ReferenceParams,
        response: { 200: JsonContent(Type.Ref(CaseSchema), 'The case'), ...problemResponses([404]) },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'cases');
      return deps.reporting.getCase(organisation, request.params.reference);
    },
  );
}
