import { type DeadLetterQueue, type LagMonitor, streamMetrics } from '@landcase/messaging';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { guarded } from './access.ts';

// `GET /ops/streams`: what `/metrics` says of the streams, as JSON for the `ops` role. The figures
// are this process's relays and consumer groups; the DLQ depth is the bus's, read on each request;
// the groups' lag and status are the lag monitor's last sample, judged on its window.

const Position = Type.Union([Type.Integer(), Type.Null()]);
const Count = Type.Integer({ minimum: 0 });
const Seconds = (description: string) => Type.Integer({ minimum: 0, description });
const PartitionStatus = Type.Union(
  ['OK', 'WARN', 'STALL', 'STOP', 'REWIND'].map((s) => Type.Literal(s)),
  { description: "Burrow's partition status, judged on the window of lag samples" },
);
const GroupStatus = Type.Union(
  ['OK', 'WARN', 'ERR', 'STALL', 'STOP'].map((s) => Type.Literal(s)),
  { description: 'the worst partition status (REWIND as ERR); the gauge codes it 0 OK … 4 STOP' },
);

export const GroupLagReport = Type.Object({
  group: Type.String(),
  topics: Type.Array(Type.String()),
  active: Type.Boolean({ description: 'the group has a live member' }),
  status: GroupStatus,
  lag: { ...Count, description: 'the sum of its partitions’ lag (messages)' },
  waitSeconds: Seconds('the longest wait of an unhandled message among its partitions'),
  sampledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  partitions: Type.Array(
    Type.Object({
      topic: Type.String(),
      partition: Count,
      committed: { ...Position, description: "the group's committed offset; null before its first commit" },
      end: { ...Count, description: "the partition's end (high watermark)" },
      lag: { ...Count, description: 'end − committed' },
      waitSeconds: Seconds(
        'how long the oldest unhandled message has waited (exact in process, estimated from the samples on Kafka)',
      ),
      status: PartitionStatus,
      complete: Type.Boolean({ description: 'the window is full; before that the status is OK by default' }),
    }),
  ),
});

export const StreamsReport = Type.Object({
  relays: Type.Array(
    Type.Object({
      service: Type.String(),
      position: { ...Position, description: 'the last store position published and checkpointed' },
      head: { ...Position, description: "the highest position of the service's streams the relay read" },
      lagEvents: Type.Integer({ description: 'head − position' }),
      waitSeconds: Seconds('how long the oldest event read and not yet published has waited since stored'),
    }),
  ),
  projections: Type.Array(
    Type.Object({
      projection: { ...Type.String(), description: "the projection's consumer group, <service>.<name>" },
      position: {
        ...Position,
        description:
          "the producer's store position (sequence) of the last event it applied; null without one",
      },
      topic: Type.String({ description: 'where that event was read' }),
      partition: Count,
      offset: Type.String(),
    }),
    { description: 'what each projection of this process has applied (landcase_projection_position)' },
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
  groups: Type.Array(GroupLagReport, {
    description: "each consumer group's lag per partition and status (Burrow's rules)",
  }),
});

export function opsStreamsRoute(
  deadLetters: () => DeadLetterQueue | undefined,
  lagMonitor: LagMonitor,
  now: () => number,
) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/streams',
      {
        schema: {
          summary:
            "The relays' lag, the consumer groups' counts, lag per partition and status, and the DLQ depth",
          tags: ['operations'],
          response: { 200: StreamsReport },
        },
        ...guarded('ops.streams.read'),
      },
      async () => ({ ...(await streamMetrics.figures(deadLetters(), now())), groups: lagMonitor.report() }),
    );
  };
}
