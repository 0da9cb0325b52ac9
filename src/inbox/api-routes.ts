import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isValidBsn } from '../identity/index.ts';
import { requireCapability } from '../organisations/index.ts';
import type { Db } from '../platform/db/database.ts';
import { InlineProblemSchema, JsonContent, Problem, problemResponses } from '../platform/http/problem.ts';
import type { Delivery } from './deliver-messages.ts';
import { recordRefusals, refusalClass } from './delivery-figures.ts';
import { inboxStore } from './inbox-store.ts';
import { MAX_TOTAL_ATTACHMENT_BYTES, MessageInputSchema } from './message-input.ts';
import { unpackProof } from './receipt-verification.ts';
import type { ReceiptJwk } from './receipts.ts';

const ReceiptProofSchema = Type.Object(
  {
    index: Type.Integer({ minimum: 0, description: 'Position of this message in the signed batch' }),
    path: Type.Array(Type.String(), {
      description:
        'Sibling hashes (base64url), bottom up. Leaf = SHA-256(0x00 ‖ JSON {mid, ref, oin, sha256, deliveredAt} in that key order, sha256 = base64url SHA-256 of the canonical content); node = SHA-256(0x01 ‖ left ‖ right); an odd last node moves up unchanged. Folding the leaf with the path must give the signed root. docs/receipts.md defines every byte.',
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
        'Compact JWS (ES256, key in /.well-known/jwks.json) over {oin, deliveredAt, count, root, iat}: the Merkle root of the batch this message was delivered in.',
    }),
    receiptProof: Type.Ref(ReceiptProofSchema),
  },
  { $id: 'DeliveryResult' },
);

export const MAX_BATCH = 1000;

/**
 * Body limits sized to the largest valid request (README, "Limits"): one message with its
 * attachments base64-encoded plus 1 MiB for the text fields; a batch of small messages; the
 * recipient check's 1,000 BSNs.
 */
export const BODY_LIMITS = {
  message: Math.ceil(MAX_TOTAL_ATTACHMENT_BYTES / 3) * 4 + 1024 * 1024,
  batch: 32 * 1024 * 1024,
  recipientCheck: 32 * 1024,
} as const;

/** The Berichtenbox organisation API: deliver, batch-deliver, delivery status, recipient checks. */
export function inboxApiRoutes(
  server: FastifyInstance,
  deps: {
    delivery: Delivery;
    db: Db;
    now: () => Date;
    jwks: () => Promise<{ keys: ReceiptJwk[] }>;
    limitConcurrentBatches: (request: FastifyRequest) => () => void;
    /** The capacity plan's admission (R27); refuses with a 429 problem. */
    admit: (input: { organisationId: string; count: number }) => Promise<{ notifyUntil: Date | null }>;
  },
): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(ReceiptProofSchema);
  // The problem a refused single delivery answered with, for the organisation's figures.
  const refusedWith = new WeakMap<FastifyRequest, Problem>();
  const countRefusals = async (request: FastifyRequest, classes: ReturnType<typeof refusalClass>[]) => {
    if (!request.organisation || classes.length === 0) return;
    try {
      await recordRefusals(deps.db, request.organisation.organisationId, classes, deps.now());
    } catch (error) {
      request.log.error({ err: error instanceof Error ? error.message : 'unknown' }, 'refusal figures not recorded');
    }
  };
  app.addSchema(DeliveryResultSchema);

  app.post(
    '/api/v1/messages',
    {
      bodyLimit: BODY_LIMITS.message,
      // Every refused delivery counts in the organisation's figures, also a body the schema refused.
      onResponse: async (request, reply) => {
        if (reply.statusCode >= 400 && ![401, 403, 429].includes(reply.statusCode)) await countRefusals(request, [refusalClass(reply.statusCode, refusedWith.get(request))]);
      },
      schema: {
        tags: ['messages'],
        operationId: 'deliverMessage',
        summary: 'Deliver one message to a citizen',
        description:
          'Idempotent by reference per recipient: the same content again answers 200 with the original receipt; other content 409. A recipient who does not accept messages from you gets 422 `recipient-not-accepting` whatever the reason (see R9 above). ' +
          `Request body at most ${BODY_LIMITS.message} bytes (413 above).`,
        body: MessageInputSchema,
        response: {
          201: JsonContent(Type.Ref(DeliveryResultSchema), 'Delivered; the receipt proves it'),
          200: JsonContent(Type.Ref(DeliveryResultSchema), 'Delivered earlier with the same reference and content: the original receipt'),
          ...problemResponses([400, 409, 422, 429, 503]),
        },
      },
    },
    async (request, reply) => {
      const organisation = requireCapability(request, 'inbox');
      const admission = await deps.admit({ organisationId: organisation.organisationId, count: 1 });
      const [outcome] = await deps.delivery.deliver(organisation, [request.body], admission);
      if (!outcome) throw new Problem(500, 'internal-error', 'Internal error', 'No outcome');
      if ('problem' in outcome) {
        refusedWith.set(request, outcome.problem);
        throw outcome.problem;
      }
      return reply.code(outcome.status).send(outcome.result);
    },
  );

  app.post(
    '/api/v1/messages/batch',
    {
      bodyLimit: BODY_LIMITS.batch,
      schema: {
        tags: ['messages'],
        operationId: 'deliverMessageBatch',
        summary: `Deliver up to ${MAX_BATCH} messages`,
        description:
          'Each item is checked as a MessageInput on its own: an invalid or refused item gets its own problem (same status and type as the single endpoint would answer) and the valid items are delivered, each exactly once. Answers per item, in order. ' +
          `Request body at most ${BODY_LIMITS.batch} bytes (413 above); send large attachments through the single endpoint. At most the configured number of batches per organisation run at once (429 above).`,
        body: Type.Object({ messages: Type.Array(Type.Unknown({ description: 'A MessageInput' }), { minItems: 1, maxItems: MAX_BATCH }) }, { additionalProperties: false }),
        response: {
          200: JsonContent(
            Type.Object({
              results: Type.Array(
                Type.Object({
                  index: Type.Integer({ minimum: 0 }),
                  status: Type.Integer({ description: 'What the single endpoint would have answered for this item' }),
                  message: Type.Optional(Type.Ref(DeliveryResultSchema)),
                  problem: Type.Optional(InlineProblemSchema),
                }),
              ),
            }),
            'One result per item, in order',
          ),
        },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'inbox');
      const release = deps.limitConcurrentBatches(request);
      try {
        const admission = await deps.admit({ organisationId: organisation.organisationId, count: request.body.messages.length });
        const outcomes = await deps.delivery.deliver(organisation, request.body.messages, admission);
        await countRefusals(request, outcomes.flatMap((outcome) => ('problem' in outcome ? [refusalClass(outcome.status, outcome.problem)] : [])));
        return {
          results: outcomes.map((outcome, index) =>
            'problem' in outcome ? { index, status: outcome.status, problem: outcome.problem.toJSON() } : { index, status: outcome.status, message: outcome.result },
          ),
        };
      } finally {
        release();
      }
    },
  );

  app.get(
    '/api/v1/messages/:id',
    {
      schema: {
        tags: ['messages'],
        operationId: 'getMessage',
        summary: 'Delivery status and receipt of a message you delivered',
        description: 'Whether the citizen has read it, and the same receipt and proof the delivery answered. Another organisation\'s message is not found (404).',
        params: Type.Object({ id: Type.String({ format: 'uuid', description: 'The id the delivery answered' }) }),
        response: {
          200: JsonContent(
            Type.Object({
              id: Type.String({ format: 'uuid' }),
              reference: Type.String(),
              status: Type.Union([Type.Literal('delivered'), Type.Literal('read')]),
              deliveredAt: Type.String({ format: 'date-time' }),
              receipt: Type.String(),
              receiptProof: Type.Ref(ReceiptProofSchema),
            }),
            'The message you delivered',
          ),
          ...problemResponses([404]),
        },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'inbox');
      const row = await inboxStore.findDelivered(deps.db, organisation.organisationId, request.params.id);
      if (!row) throw new Problem(404, 'message-not-found', 'Message not found', 'No message with this id was delivered by your organisation.');
      return {
        id: row.message_id,
        reference: row.reference,
        status: row.read_at ? ('read' as const) : ('delivered' as const),
        deliveredAt: new Date(row.delivered_at).toISOString(),
        receipt: row.jws,
        receiptProof: unpackProof(row.receipt_index, row.receipt_proof),
      };
    },
  );

  app.post(
    '/api/v1/recipient-checks',
    {
      bodyLimit: BODY_LIMITS.recipientCheck,
      schema: {
        tags: ['messages'],
        operationId: 'checkRecipients',
        summary: 'Whether citizens accept your messages (R9)',
        description:
          '`accepted` is true exactly when a delivery to this BSN now would be accepted (a BSN failing the eleven test is never accepted). Mandatory-channel organisations also get `activated`: whether the citizen has logged in. Nothing else is disclosed (see R9 above). A mandatory-channel check that needs the population register while it is unavailable answers 503. ' +
          `Request body at most ${BODY_LIMITS.recipientCheck} bytes.`,
        body: Type.Object({ bsns: Type.Array(Type.String({ pattern: '^[0-9]{9}$' }), { minItems: 1, maxItems: MAX_BATCH }) }, { additionalProperties: false }),
        response: {
          200: JsonContent(
            Type.Object({ results: Type.Array(Type.Object({ bsn: Type.String(), accepted: Type.Boolean(), activated: Type.Optional(Type.Boolean()) })) }),
            'One result per BSN, in order',
          ),
          ...problemResponses([503]),
        },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'inbox');
      const { bsns } = request.body;
      const acceptances = await deps.delivery.acceptances(organisation, [...new Set(bsns.filter(isValidBsn))]);
      const unavailable = [...acceptances.values()].find((acceptance) => !acceptance.accepted && acceptance.problem.status === 503);
      if (unavailable && !unavailable.accepted) throw unavailable.problem;
      return {
        results: bsns.map((bsn) => {
          const acceptance = acceptances.get(bsn);
          const accepted = acceptance?.accepted ?? false;
          return organisation.mandatoryChannel ? { bsn, accepted, activated: acceptance?.activated ?? false } : { bsn, accepted };
        }),
      };
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags: ['keys'],
        operationId: 'getReceiptKeys',
        summary: 'The public keys that verify delivery receipts',
        description: 'A JSON Web Key Set (RFC 7517): the current receipt key and every retired one, so receipts signed before a key change still verify. Public, no client certificate needed.',
        response: {
          200: JsonContent(
            Type.Object({
              keys: Type.Array(
                Type.Object({ kty: Type.String(), crv: Type.String(), x: Type.String(), y: Type.String(), kid: Type.String(), alg: Type.String(), use: Type.String() }),
              ),
            }),
            'The receipt keys',
          ),
        },
      },
    },
    deps.jwks,
  );
}
