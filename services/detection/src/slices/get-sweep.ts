import { guarded, NotFound, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { sweepAccessFacts, sweepsOf, sweepView } from '../sweep-progress.ts';

export const SweepIdParams = Type.Object({ sweepId: Type.String({ minLength: 1, maxLength: 128 }) });
type SweepIdParams = Static<typeof SweepIdParams>;

export async function getSweepRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: SweepIdParams }>(
    '/sweeps/:sweepId',
    {
      schema: {
        summary: 'Progress of a sweep import: counters, and state running or done',
        tags: ['detection'],
        params: SweepIdParams,
      },
      ...guarded(
        'detection.sweep.read',
        async (request) => {
          const doc = await sweepsOf(ctx).get(String((request.params as SweepIdParams).sweepId));
          return doc && sweepAccessFacts(doc);
        },
        (request) => ({ what: `sweep ${(request.params as SweepIdParams).sweepId}` }),
      ),
    },
    async (request) => {
      const doc = await sweepsOf(ctx).get(request.params.sweepId);
      if (!doc) throw new NotFound(`no sweep ${request.params.sweepId}`);
      return sweepView(doc);
    },
  );
}
