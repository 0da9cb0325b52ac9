import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Organisation } from '../organisations/index.ts';
import { MultiLine } from '../platform/http/api-schema.ts';
import { JsonContent, Problem, problemResponses } from '../platform/http/problem.ts';
import type { RightsRequests } from './requests.ts';

const RightsRequestSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    right: Type.Union([Type.Literal('rectification'), Type.Literal('erasure'), Type.Literal('restriction'), Type.Literal('objection')]),
    dataKind: Type.String({ description: 'brp, rdw, woz, benefits, messages or cases' }),
    bsn: Type.String({ description: 'The citizen the request is about' }),
    explanation: Type.String({ description: "The citizen's own words" }),
    status: Type.Union([Type.Literal('received'), Type.Literal('forwarded'), Type.Literal('handled'), Type.Literal('refused')]),
    receivedAt: Type.String({ format: 'date-time' }),
    deadline: Type.String({ format: 'date-time', description: 'One month after receipt; three months after an extension (GDPR Article 12(3))' }),
    extended: Type.Boolean(),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'The reason for a refusal, or else for an extension' }),
  },
  { $id: 'RightsRequest' },
);
const StatusInput = Type.Object(
  {
    status: Type.Union([Type.Literal('handled'), Type.Literal('refused'), Type.Literal('extended')]),
    reason: Type.Optional(MultiLine({ maxLength: 2000, description: 'Required for refused and extended: shown to the citizen' })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'The request id named in the forwarding mail' }) });

function requireOrganisation(request: FastifyRequest): Organisation {
  if (!request.organisation) throw new Problem(401, 'unauthenticated', 'Not authenticated', 'No organisation identified.');
  return request.organisation;
}

const notFound = () => new Problem(404, 'not-found', 'Not found', 'No request with this id was forwarded to your organisation.');

/**
 * Requests about personal data forwarded to the responsible organisation (R21): it reads the request
 * and reports the outcome. Only the organisation a request was forwarded to sees it (404 for others).
 */
export function rightsApiRoutes(server: FastifyInstance, deps: { requests: RightsRequests }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(RightsRequestSchema);

  app.get(
    '/api/v1/rights-requests/:id',
    {
      schema: {
        tags: ['rights'],
        operationId: 'getRightsRequest',
        summary: 'A request about personal data forwarded to you',
        description: 'A citizen asks for rectification, erasure, restriction or objects (GDPR Articles 16–18, 21) about data your organisation is responsible for.',
        params: IdParams,
        response: { 200: JsonContent(Type.Ref(RightsRequestSchema), 'The request'), ...problemResponses([404]) },
      },
    },
    async (request) => {
      const organisation = requireOrganisation(request);
      const found = await deps.requests.forAuthority(request.params.id, organisation.organisationId);
      if (!found) throw notFound();
      return found;
    },
  );

  app.put(
    '/api/v1/rights-requests/:id/status',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['rights'],
        operationId: 'setRightsRequestStatus',
        summary: 'Report the outcome of a request, or extend its deadline',
        description:
          'handled, refused (with a reason) or extended (with a reason: the deadline becomes three months after receipt, once). Idempotent: the same outcome again answers 200 unchanged; another outcome after a decision, or a second extension with another reason, is a conflict (409).',
        params: IdParams,
        body: StatusInput,
        response: { 200: JsonContent(Type.Ref(RightsRequestSchema), 'The request after the change'), ...problemResponses([404, 409]) },
      },
    },
    async (request) => {
      const organisation = requireOrganisation(request);
      const { status, reason } = request.body;
      if (status !== 'handled' && !reason?.trim()) throw new Problem(400, 'invalid-fields', 'Invalid fields', 'A reason is required.', [{ field: 'reason', message: `required when the status is ${status}` }]);
      const change = status === 'handled' ? { status } : { status, reason: (reason ?? '').trim() };
      const outcome = await deps.requests.setStatus({ requestId: request.params.id, organisationId: organisation.organisationId, change });
      if (outcome.kind === 'not-found') throw notFound();
      if (outcome.kind === 'conflict') throw new Problem(409, 'conflict', 'Conflict', outcome.detail);
      return outcome.document;
    },
  );
}
