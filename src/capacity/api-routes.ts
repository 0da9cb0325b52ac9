import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requireCapability } from '../organisations/index.ts';
import { JsonContent, Problem, problemResponses } from '../platform/http/problem.ts';
import { reservedPerMinute, WaveInputError, type CapacityPlan, type CapacitySettings } from './capacity-plan.ts';
import type { WavePlan } from './capacity-store.ts';

const WaveSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    windowStart: Type.String({ format: 'date-time' }),
    windowEnd: Type.String({ format: 'date-time' }),
    expectedMessages: Type.Integer({ minimum: 1 }),
    reservedPerMinute: Type.Integer({ description: 'The rate this wave adds to your baseline while its window is open (its average with 25 % headroom)' }),
    exceedsPlatformCapacity: Type.Boolean({ description: 'Whether all waves announced for this window together exceed what the platform delivers; the planners are warned and may contact you' }),
  },
  { $id: 'Wave' },
);

const WaveInputSchema = Type.Object(
  {
    windowStart: Type.String({ format: 'date-time', description: 'When the first message of the wave may be delivered' }),
    windowEnd: Type.String({ format: 'date-time', description: 'When the last one is delivered; at most 7 days after windowStart. Notification mails are spread until then.' }),
    expectedMessages: Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'How many messages you expect to deliver in the window' }),
  },
  { additionalProperties: false },
);

/**
 * The organisation API of the capacity plan (R27): an organisation announces, lists and cancels
 * its own waves. Delivering above the baseline rate without one is refused with 429.
 */
export function capacityApiRoutes(server: FastifyInstance, deps: { plan: CapacityPlan; settings: CapacitySettings; now: () => Date }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(WaveSchema);

  async function describe(wave: WavePlan) {
    const overlapping = await deps.plan.plans({ from: wave.windowStart, to: wave.windowEnd });
    const announcedPerSecond = overlapping.reduce((sum, plan) => sum + plan.expectedMessages / Math.max(1, (plan.windowEnd.getTime() - plan.windowStart.getTime()) / 1000), 0);
    return {
      id: wave.planId,
      windowStart: wave.windowStart.toISOString(),
      windowEnd: wave.windowEnd.toISOString(),
      expectedMessages: wave.expectedMessages,
      reservedPerMinute: reservedPerMinute(wave),
      exceedsPlatformCapacity: announcedPerSecond > deps.settings.platformPerSecond,
    };
  }

  app.post(
    '/api/v1/waves',
    {
      schema: {
        tags: ['waves'],
        operationId: 'announceWave',
        summary: 'Announce a wave of messages',
        description: `Without an announced wave your organisation delivers at most ${deps.settings.baselinePerMinute} messages per minute (429 above, with Retry-After). A wave adds its reserved rate while its window is open, and the notification mails of its messages are spread over the window.`,
        body: WaveInputSchema,
        response: { 201: JsonContent(Type.Ref(WaveSchema), 'Announced'), ...problemResponses([400]) },
      },
    },
    async (request, reply) => {
      const organisation = requireCapability(request, 'inbox');
      try {
        const wave = await deps.plan.announce({
          organisationId: organisation.organisationId,
          windowStart: new Date(request.body.windowStart),
          windowEnd: new Date(request.body.windowEnd),
          expectedMessages: request.body.expectedMessages,
          announcedBy: 'api',
        });
        return reply.code(201).send(await describe(wave));
      } catch (error) {
        if (error instanceof WaveInputError) throw new Problem(400, 'invalid-wave', 'Invalid wave', error.message);
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/waves',
    {
      schema: {
        tags: ['waves'],
        operationId: 'listWaves',
        summary: 'Your waves that have not ended',
        description: 'Announced and not cancelled, with a window that has not ended, earliest first.',
        response: { 200: JsonContent(Type.Object({ waves: Type.Array(Type.Ref(WaveSchema)) }), 'Your current and coming waves, earliest first') },
      },
    },
    async (request) => {
      const organisation = requireCapability(request, 'inbox');
      const now = deps.now();
      const waves = await deps.plan.plans({ from: now, to: new Date(now.getTime() + 366 * 86_400_000), organisationId: organisation.organisationId });
      return { waves: await Promise.all(waves.map(describe)) };
    },
  );

  app.delete(
    '/api/v1/waves/:id',
    {
      schema: {
        tags: ['waves'],
        operationId: 'cancelWave',
        summary: 'Cancel a wave you announced',
        description: 'From the next minute on only your baseline rate applies again. Another organisation\'s wave is not found (404).',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null({ description: 'Cancelled' }), ...problemResponses([404]) },
      },
    },
    async (request, reply) => {
      const organisation = requireCapability(request, 'inbox');
      if (!(await deps.plan.cancel({ organisationId: organisation.organisationId, planId: request.params.id }))) {
        throw new Problem(404, 'wave-not-found', 'Wave not found', 'Your organisation has no wave with this id that is still planned.');
      }
      return reply.code(204).send(null);
    },
  );
}
