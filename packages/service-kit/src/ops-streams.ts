import { type DeadLetterQueue, streamMetrics } from '@landcase/messaging';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { guarded } from './access.ts';

// `GET /ops/streams`: what `/metrics` says of the streams, as JSON for the `ops` role. The figures
// are this process's relays and consumer groups; the DLQ depth is the bus's, read on each request.

const Position = Type.Union([Type.Integer(), Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

export const StreamsReport = Type.Object({
  relays: Type.Array(
    Type.Object({
      service: Type.String(),
      position: { ...Position, description: 'the last store position published and checkpointed' },
      head: { ...Position, description: "the highest position of the service's streams the relay read" },
      lagEvents: Type.Integer({ description: 'head − position' }),
    }),
  ),
  consumers: Type.Array(
    Type.Object({
      group: Type.String(),
      topics: Type.Array(Type.String()),
      handled: Count,
      retried: { ...Count, description: 'failed tries that were tried again' },
      deadLettered: Count,
      duplicates: Count,
    }),
  ),
  dlqDepth: Type.Union([Count, Type.Null()], {
    description: 'pending dead letters; null when the bus keeps none',
  }),
});

export function opsStreamsRoute(deadLetters: () => DeadLetterQueue | undefined) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/streams',
      {
        schema: {
          summary: "The relays' lag, the consumer groups' counts and the DLQ depth",
          tags: ['operations'],
          response: { 200: StreamsReport },
        },
        ...guarded('ops.streams.read'),
      },
      async () => streamMetrics.figures(deadLetters()),
    );
  };
}
