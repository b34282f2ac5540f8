import { type Actor, formatActor, streamName } from '@landcase/contracts';
import type {
  Acted,
  ActionReport,
  DeadLetter,
  DeadLetterFilter,
  DeadLetterQueue,
  Selection,
} from '@landcase/messaging';
import { guarded, NotFound, type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

// The dead letters of the whole system, for the `ops` role (`/ops/dlq`). The audit service serves
// them because it is the one that records what was done: each redrive and discard is appended, as
// `DeadLetterRedriven` / `DeadLetterDiscarded`, to the audit service's stream `audit.ops-dead-letters`,
// which its relay publishes and its ledger chains (chain `ops:dead-letters`), as it does the reads
// of a case. A letter's copy goes out, then its record is appended, then it is marked done: if
// recording fails the letter stays pending and the run stops there.

export const DEAD_LETTER_CHAIN = 'ops:dead-letters';
export const DEAD_LETTER_STREAM = streamName('audit', 'ops', 'dead-letters');

const Instant = Type.String({ format: 'date-time', description: 'RFC 3339 date-time with an offset' });
const Text = (description: string) => Type.String({ minLength: 1, maxLength: 500, description });

const FilterFields = {
  service: Type.Optional(Text('the service whose topic it came from (detection, enforcement, …)')),
  topic: Type.Optional(Text('the topic it came from, e.g. landcase.detection.v1')),
  group: Type.Optional(Text('the consumer group that gave up on it, e.g. enforcement.open-case')),
  type: Type.Optional(Text('the CloudEvent type, or only the event name (ClueReported)')),
  error: Type.Optional(Text('text the error contains (any case)')),
  since: Type.Optional({ ...Instant, description: 'dead-lettered at or after this instant' }),
  until: Type.Optional({ ...Instant, description: 'dead-lettered before this instant' }),
};

const ListQuery = Type.Object(
  {
    ...FilterFields,
    status: Type.Optional(
      Type.Union(
        ['pending', 'redriven', 'discarded', 'all'].map((s) => Type.Literal(s)),
        { description: 'default pending' },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
type ListQuery = Static<typeof ListQuery>;

const Filter = Type.Object(FilterFields, { additionalProperties: false });

const ActionBody = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Text('a dead letter id'), { minItems: 1, maxItems: 1000, uniqueItems: true }),
    ),
    filter: Type.Optional(Filter),
    all: Type.Optional(Type.Literal(true, { description: 'every pending dead letter' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'say what would be done; do nothing' })),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10_000, description: 'act on at most this many (default 100)' }),
    ),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'recorded with each' })),
  },
  { additionalProperties: false },
);
type ActionBody = Static<typeof ActionBody>;

const IdParams = Type.Object(
  { id: Text('`<dlqTopic>:<partition>:<offset>`') },
  { additionalProperties: false },
);
type IdParams = Static<typeof IdParams>;

const DEFAULT_ACTION_LIMIT = 100;

/** What a list shows of a letter: the failure and the event's identity, not its data. */
function summaryOf(letter: DeadLetter) {
  const { event, headers: _headers, raw: _raw, resolution, ...rest } = letter;
  return {
    ...rest,
    ...(event ? { eventId: event.id, eventType: event.type, subject: event.subject } : {}),
    ...(resolution ? { resolvedAt: resolution.at, resolvedBy: resolution.by } : {}),
  };
}

function selectionOf(body: ActionBody): Selection {
  const given = [body.ids && 'ids', body.filter && 'filter', body.all && 'all'].filter(Boolean);
  if (given.length !== 1) {
    throw new ValidationProblem([
      {
        path: '',
        reason:
          given.length === 0
            ? 'names no dead letters: give ids, a filter, or all: true'
            : `gives ${given.join(' and ')}: give exactly one of ids, filter, all`,
      },
    ]);
  }
  return {
    ...(body.ids ? { ids: body.ids } : {}),
    ...(body.filter ? { filter: body.filter as DeadLetterFilter } : {}),
    dryRun: body.dryRun === true,
    limit: body.limit ?? DEFAULT_ACTION_LIMIT,
  };
}

function queueOf(ctx: ServiceContext): DeadLetterQueue {
  const queue = ctx.bus.deadLetters;
  if (!queue) throw new Error('this bus keeps no dead letters');
  return queue;
}

/** Appends the record of one redrive or discard to the audit service's stream. */
async function recordAction(
  ctx: ServiceContext,
  actor: Actor,
  requestId: string,
  type: 'DeadLetterRedriven' | 'DeadLetterDiscarded',
  acted: Acted,
  at: string,
  reason: string | undefined,
): Promise<void> {
  const { letter } = acted;
  const data: Record<string, unknown> = {
    caseId: letter.event?.subject || letter.key || '(none)',
    deadLetterId: letter.id,
    topic: letter.topic,
    ...(letter.event ? { eventId: letter.event.id, eventType: letter.event.type } : {}),
    ...(letter.group ? { group: letter.group } : {}),
    ...(letter.error !== undefined ? { error: letter.error.slice(0, 2000) } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(type === 'DeadLetterRedriven' ? { redrives: acted.redrives, redrivenAt: at } : { discardedAt: at }),
  };
  await ctx.store.append(
    DEAD_LETTER_STREAM,
    [
      {
        id: ctx.newId(),
        type,
        data,
        metadata: {
          caseId: DEAD_LETTER_CHAIN,
          actor: formatActor(actor),
          division: actor.division,
          correlationId: requestId,
          causationId: letter.event?.id ?? requestId,
        },
      },
    ],
    'any',
  );
}

function answerOf(report: ActionReport, done: 'redriven' | 'discarded') {
  return {
    dryRun: report.dryRun,
    matched: report.matched,
    [done]: report.done.map((d) => ({
      id: d.id,
      topic: d.topic,
      ...(d.redrives !== undefined ? { redrives: d.redrives } : {}),
      ...(d.letter.event ? { eventId: d.letter.event.id, eventType: d.letter.event.type } : {}),
    })),
    refused: report.refused,
    notFound: report.notFound,
    left: report.left,
  };
}

export async function deadLetterRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }) {
  app.get<{ Querystring: ListQuery }>(
    '/dlq',
    {
      schema: {
        summary: 'Dead letters, oldest first, filtered by service, topic, group, event type, error and time',
        tags: ['operations'],
        querystring: ListQuery,
      },
      ...guarded('ops.dlq.list'),
    },
    async (request) => {
      const { limit = 100, ...filter } = request.query;
      const letters = await queueOf(ctx).list(filter as DeadLetterFilter);
      return { total: letters.length, items: letters.slice(0, limit).map(summaryOf) };
    },
  );

  app.get<{ Params: IdParams }>(
    '/dlq/:id',
    {
      schema: {
        summary: 'A dead letter: its CloudEvent, the failure headers and what was done with it',
        tags: ['operations'],
        params: IdParams,
      },
      ...guarded('ops.dlq.read'),
    },
    async (request) => {
      const letter = await queueOf(ctx).show(request.params.id);
      if (!letter) throw new NotFound(`no dead letter ${request.params.id}`);
      return letter;
    },
  );

  for (const [action, type, done] of [
    ['redrive', 'DeadLetterRedriven', 'redriven'],
    ['discard', 'DeadLetterDiscarded', 'discarded'],
  ] as const) {
    app.post<{ Body: ActionBody }>(
      `/dlq/${action}`,
      {
        schema: {
          summary:
            action === 'redrive'
              ? 'Send dead letters back to their topics (ids, a filter, or all), counting each redrive; ' +
                'a letter redriven 5 times is refused. Each redrive is recorded in the audit ledger.'
              : 'Mark dead letters done without sending them (ids, a filter, or all). Each discard is ' +
                'recorded in the audit ledger.',
          tags: ['operations'],
          body: ActionBody,
        },
        ...guarded(action === 'redrive' ? 'ops.dlq.redrive' : 'ops.dlq.discard'),
      },
      async (request) => {
        const selection = selectionOf(request.body);
        const at = ctx.clock.now().toISOString();
        const { reason } = request.body;
        const context = {
          by: formatActor(request.actor),
          at,
          ...(reason !== undefined ? { reason } : {}),
          record: (acted: Acted) => recordAction(ctx, request.actor, request.id, type, acted, at, reason),
        };
        const queue = queueOf(ctx);
        const report =
          action === 'redrive'
            ? await queue.redrive(selection, context)
            : await queue.discard(selection, context);
        return answerOf(report, done);
      },
    );
  }
}
