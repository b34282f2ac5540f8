import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { guarded } from './access.ts';
import type { ServiceContext } from './context.ts';
import { ConcurrencyConflict, NotFound } from './problems.ts';
import {
  projectionStatuses,
  RebuildRunning,
  rebuildProgress,
  startRebuild,
  UnknownProjection,
} from './projection-rebuild.ts';

// `/ops/projections`: the list projections of this process, how far each has applied its
// aggregate's events, and their blue/green rebuilds (projection-rebuild.ts), for the `ops` role.

const Position = Type.Union([Type.Integer(), Type.Null()]);

export const ProjectionsReport = Type.Object({
  items: Type.Array(
    Type.Object({
      name: Type.String({ description: 'the projection, as `/ops/projections/{name}/rebuild` names it' }),
      service: Type.String(),
      collection: Type.String({ description: 'its read model' }),
      position: {
        ...Position,
        description: 'the store position of the last event it applied; null before one',
      },
      head: { ...Position, description: "the store position of its aggregate's last event" },
      lag: Type.Integer({ minimum: 0, description: "its aggregate's events stored after `position`" }),
      generation: Type.Integer({ minimum: 0, description: 'the generation of the read model serving reads' }),
      rebuilding: Type.Boolean(),
    }),
  ),
});

export const RebuildReport = Type.Object({
  name: Type.String(),
  generation: Type.Integer({ minimum: 0, description: 'the generation it fills, swapped in when caught up' }),
  state: Type.Union(
    [Type.Literal('none'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')],
    {
      description: '`none`: no rebuild of it has run in this process (`generation` is then the one serving)',
    },
  ),
  done: Type.Integer({ minimum: 0, description: 'events applied into the new generation' }),
  total: Type.Integer({ minimum: 0, description: "its aggregate's events when the rebuild began" }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rate: Type.Number({ minimum: 0, description: 'events per second so far' }),
  etaSeconds: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'seconds left at that rate; null when unknown or finished',
  }),
  error: Type.Union([Type.String(), Type.Null()]),
});

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

function rethrown(error: unknown): never {
  if (error instanceof UnknownProjection) throw new NotFound(`no projection ${error.message}`);
  if (error instanceof RebuildRunning)
    throw new ConcurrencyConflict(`a rebuild of ${error.message} is running; follow it with GET`);
  throw error;
}

export function opsProjectionsRoute(contexts: () => readonly ServiceContext[]) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/projections',
      {
        schema: {
          summary:
            "The list projections: position, their aggregate's head, the lag between, the generation serving",
          tags: ['operations'],
          response: { 200: ProjectionsReport },
        },
        ...guarded('ops.projections.read'),
      },
      async () => ({ items: await projectionStatuses(contexts()) }),
    );
    app.post<{ Params: { name: string } }>(
      '/projections/:name/rebuild',
      {
        schema: {
          summary:
            'Rebuild a projection from the store into a new generation, swapped in once caught up while the current one serves (202; 409 while one runs)',
          tags: ['operations'],
          params: NameParams,
          body: Type.Object({}, { additionalProperties: false, description: 'nothing, or {}' }),
          response: { 202: RebuildReport },
        },
        ...guarded('ops.projections.rebuild'),
      },
      async (request, reply) => {
        const progress = await startRebuild(contexts(), request.params.name).catch(rethrown);
        return reply
          .status(202)
          .header('location', `/ops/projections/${encodeURIComponent(request.params.name)}/rebuild`)
          .send(progress);
      },
    );
    app.get<{ Params: { name: string } }>(
      '/projections/:name/rebuild',
      {
        schema: {
          summary: 'The rebuild of a projection under way or last finished: done of total, rate, ETA',
          tags: ['operations'],
          params: NameParams,
          response: { 200: RebuildReport },
        },
        ...guarded('ops.projections.read'),
      },
      async (request) => {
        try {
          return await rebuildProgress(contexts(), request.params.name);
        } catch (error) {
          rethrown(error);
        }
      },
    );
  };
}
