import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../identity/index.ts';
import { isValidBsn } from '../identity/index.ts';
import { requireCapability } from '../organisations/index.ts';
import type { Db } from '../platform/db/database.ts';
import { Problem, ProblemSchema, problemResponses as problemResponsesFor } from '../platform/http/problem.ts';
import type { Delivery } from './deliver-messages.ts';
import { inboxStore } from './inbox-store.ts';
import { MessageInputSchema } from './message-input.ts';
import { unpackProof } from './receipt-verification.ts';

const ReceiptProofSchema = Type.Object(
  {
    index: Type.Integer({ minimum: 0, description: 'Position of this message in the signed batch' }),
    path: Type.Array(Type.String(), {
      description:
        'Sibling hashes (base64url), bottom up. Leaf = SHA-256(0x00 ‖ JSON {mid, ref, oin, sha256, deliveredAt} in that key order, sha256 = base64url SHA-256 of the canonical content); node = SHA-256(0x01 ‖ left ‖ right); an odd last node moves up unchanged. Folding the leaf with the path must give the signed root.',
    }),
  },
  { $id: 'ReceiptProof' },
);
const DeliveryResultSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    reference: Type.String(),
    deliveredAt: Type.String({ format: 'date-time' }),
    receipt: Type.String({
      description:
        'Compact JWS (ES256, key in /.well-known/jwks.json) over {oin, deliveredAt, count, root}: the Merkle root of the batch this message was delivered in.',
    }),
    receiptProof: Type.Ref(ReceiptProofSchema),
  },
  { $id: 'DeliveryResult' },
);
const problemResponses = problemResponsesFor([400, 401, 403, 404, 409, 413, 422]);

export const MAX_BATCH = 1000;

/** The Berichtenbox organisation API: deliver, batch-deliver, delivery status, recipient checks. */
export function inboxApiRoutes(app: FastifyInstance, deps: { delivery: Delivery; accounts: Accounts; db: Db }): void {
  app.addSchema(ReceiptProofSchema);
  app.addSchema(DeliveryResultSchema);
  app.addSchema(MessageInputSchema);

  app.post(
    '/api/v1/messages',
    {
      schema: {
        summary: 'Deliver one message to a citizen',
        description: 'Idempotent by reference per recipient: the same content again answers 200 with the original receipt; other content 409.',
        body: { $ref: 'MessageInput#' },
        response: { 201: { $ref: 'DeliveryResult#' }, 200: { $ref: 'DeliveryResult#' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const organisation = requireCapability(request, 'inbox');
      const [outcome] = await deps.delivery.deliver(organisation, [request.body]);
      if (!outcome) throw new Problem(500, 'internal-error', 'Internal error', 'No outcome');
      if ('problem' in outcome) throw outcome.problem;
      return reply.code(outcome.status).send(outcome.result);
    },
  );

  app.post(
    '/api/v1/messages/batch',
    {
      schema: {
        summary: `Deliver up to ${MAX_BATCH} messages`,
        description: 'Each item is a MessageInput. Answers per item, in order; valid items are delivered even when others are refused.',
        body: Type.Object({ messages: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_BATCH }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({ index: Type.Integer(), status: Type.Integer(), message: Type.Optional(Type.Ref(DeliveryResultSchema)), problem: Type.Optional(Type.Ref(ProblemSchema)) }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'inbox');
      const { messages } = request.body as { messages: unknown[] };
      const outcomes = await deps.delivery.deliver(organisation, messages);
      return {
        results: outcomes.map((outcome, index) =>
          'problem' in outcome ? { index, status: outcome.status, problem: outcome.problem.toJSON() } : { index, status: outcome.status, message: outcome.result },
        ),
      };
    },
  );

  app.get(
    '/api/v1/messages/:id',
    {
      schema: {
        summary: 'Delivery status and receipt of a message you delivered',
        params: Type.Object({ id: Type.String() }),
        response: {
          200: Type.Object({
            id: Type.String(),
            reference: Type.String(),
            status: Type.Union([Type.Literal('delivered'), Type.Literal('read')]),
            deliveredAt: Type.String({ format: 'date-time' }),
            receipt: Type.String(),
            receiptProof: Type.Ref(ReceiptProofSchema),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'inbox');
      const { id } = request.params as { id: string };
      const notFound = new Problem(404, 'message-not-found', 'Message not found', 'No message with this id was delivered by your organisation.');
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound;
      const row = await inboxStore.findDelivered(deps.db, organisation.organisationId, id);
      if (!row) throw notFound;
      return {
        id: row.message_id,
        reference: row.reference,
        status: row.read_at ? 'read' : 'delivered',
        deliveredAt: new Date(row.delivered_at).toISOString(),
        receipt: row.jws,
        receiptProof: unpackProof(row.receipt_index, row.receipt_proof),
      };
    },
  );

  app.post(
    '/api/v1/recipient-checks',
    {
      schema: {
        summary: 'Whether citizens accept your messages (R9)',
        description: 'Per BSN: whether messages from your organisation are accepted. Mandatory-channel organisations also learn whether the account is activated. Nothing else is disclosed.',
        body: Type.Object({ bsns: Type.Array(Type.String({ pattern: '^[0-9]{9}$' }), { minItems: 1, maxItems: MAX_BATCH }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ results: Type.Array(Type.Object({ bsn: Type.String(), accepted: Type.Boolean(), activated: Type.Optional(Type.Boolean()) })) }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'inbox');
      const { bsns } = request.body as { bsns: string[] };
      const valid = bsns.filter(isValidBsn);
      const accounts = await deps.accounts.findAccounts(deps.db, valid);
      const citizenIds = [...accounts.values()].map((a) => a.citizenId);
      const optedOut = new Set(citizenIds.length === 0 ? [] : await inboxStore.citizensOptedOut(deps.db, organisation.organisationId, citizenIds));
      return {
        results: bsns.map((bsn) => {
          const account = accounts.get(bsn);
          if (organisation.mandatoryChannel) return { bsn, accepted: isValidBsn(bsn), activated: account?.activated ?? false };
          return { bsn, accepted: Boolean(account?.activated && !optedOut.has(account.citizenId)) };
        }),
      };
    },
  );
}
