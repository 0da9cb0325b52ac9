import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireCapability } from '../organisations/index.ts';
import { Problem, problemResponses as problemResponsesFor } from '../platform/http/problem.ts';
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
const ReferenceParams = Type.Object({ reference: Type.String({ pattern: REFERENCE_PATTERN, description: 'Your own case reference, unique within your organisation' }) });
const problemResponses = problemResponsesFor([400, 401, 403, 404, 409, 422]);

/**
 * The Lopende Zaken organisation API (R11): create or update a case, report status changes,
 * read back your own case. Every route requires the 'cases' capability; an organisation only
 * ever sees and changes its own cases (another's reference is simply not found).
 */
export function casesApiRoutes(app: FastifyInstance, deps: { reporting: CaseReporting }): void {
  // The shared problem shape; the inbox may have registered it already on this server.
  app.addSchema(CaseInputSchema);
  app.addSchema(StatusInputSchema);
  app.addSchema(StatusSchema);
  app.addSchema(CaseSchema);

  app.put(
    '/api/v1/cases/:reference',
    {
      schema: {
        summary: 'Create or update a case for a citizen',
        description: 'Idempotent: the same reference again updates the case (200). The recipient of a case cannot change (409). The dossier URL must use https.',
        params: ReferenceParams,
        body: { $ref: 'CaseInput#' },
        response: { 201: { $ref: 'Case#' }, 200: { $ref: 'Case#' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const organisation = requireCapability(request, 'cases');
      const { reference } = request.params as { reference: string };
      const outcome = await deps.reporting.putCase({ organisation, reference, body: request.body });
      return reply.code(outcome.status).send(outcome.result);
    },
  );

  app.post(
    '/api/v1/cases/:reference/statuses',
    {
      schema: {
        summary: 'Report a status change of a case',
        description:
          'Placed by sequence, whatever the arrival order. The same sequence with the same content answers 200 (idempotent); with other content 409. A status after a final status is refused (409) unless it sets "reopens": true.',
        params: ReferenceParams,
        body: { $ref: 'StatusInput#' },
        response: { 201: { $ref: 'CaseStatus#' }, 200: { $ref: 'CaseStatus#' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const organisation = requireCapability(request, 'cases');
      const { reference } = request.params as { reference: string };
      const outcome = await deps.reporting.addStatus({ organisation, reference, body: request.body });
      return reply.code(outcome.status).send(outcome.result);
    },
  );

  app.get(
    '/api/v1/cases/:reference',
    {
      schema: {
        summary: 'A case you reported, with its status timeline',
        params: Type.Object({ reference: Type.String() }),
        response: { 200: { $ref: 'Case#' }, ...problemResponses },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'cases');
      const { reference } = request.params as { reference: string };
      if (!new RegExp(REFERENCE_PATTERN).test(reference)) throw new Problem(404, 'case-not-found', 'Case not found', 'Your organisation has no case with this reference.');
      return deps.reporting.getCase(organisation, reference);
    },
  );
}
