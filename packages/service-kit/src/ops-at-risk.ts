import { type LagMonitor, streamMetrics } from '@landcase/messaging';
import type { ReadModelStore } from '@landcase/readmodels';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import { guarded } from './access.ts';
import type { ServiceContext } from './context.ts';
import {
  type AtRiskDeadline,
  deadlinesAtRisk,
  type LaggingStream,
  laggingGroup,
  laggingRelay,
  longestWaitSeconds,
} from './deadlines/at-risk.ts';
import { DEADLINES_COLLECTION, type DeadlineDoc } from './deadlines/deadline-index.ts';

// `GET /ops/at-risk`: the open deadlines of this process's services that the streams' lag puts at
// risk (deadlines/at-risk.ts), for the `ops` role; `landcase_deadlines_at_risk` on `/metrics` counts
// them. The waits are the relays' (oldest unpublished event) and the consumer groups' (oldest
// unhandled message, as of the lag monitor's last sample).

export interface AtRiskSources {
  /** The contexts of the process's modules: their read models hold their deadline indexes. */
  contexts: () => readonly ServiceContext[];
  lagMonitor: LagMonitor;
  now: () => Date;
  marginMs: number;
}

export interface AtRiskReport {
  now: string;
  marginSeconds: number;
  /** The streams that are behind (a wait above 0), longest wait first. */
  lagging: LaggingStream[];
  total: number;
  items: AtRiskDeadline[];
}

/** Open deadlines due within the horizon, read from each module's deadline index once. */
async function openDeadlinesDue(
  contexts: readonly ServiceContext[],
  from: Date,
  to: Date,
): Promise<DeadlineDoc[]> {
  const read = new Map<ReadModelStore, Set<string>>();
  const docs: DeadlineDoc[] = [];
  for (const ctx of contexts) {
    const services = read.get(ctx.readModels) ?? new Set<string>();
    if (services.has(ctx.service)) continue;
    services.add(ctx.service);
    read.set(ctx.readModels, services);
    docs.push(
      ...(await ctx.readModels
        .collection<DeadlineDoc>(DEADLINES_COLLECTION)
        .find(
          { service: ctx.service, open: true, dueAt: { gte: from.toISOString(), lte: to.toISOString() } },
          { sort: { field: 'dueAt', direction: 1 } },
        )),
    );
  }
  return docs;
}

export async function atRiskReport(sources: AtRiskSources): Promise<AtRiskReport> {
  const now = sources.now();
  const { relays } = await streamMetrics.figures(undefined, now.getTime());
  const lagging = [
    ...relays.map((r) => laggingRelay(r.service, r.waitSeconds)),
    ...sources.lagMonitor.report().map((g) => laggingGroup(g.group, g.waitSeconds)),
  ]
    .filter((s) => s.waitSeconds > 0)
    .sort((a, b) => b.waitSeconds - a.waitSeconds || a.name.localeCompare(b.name));
  const longest = longestWaitSeconds(lagging);
  const items =
    longest === 0
      ? []
      : deadlinesAtRisk(
          await openDeadlinesDue(
            sources.contexts(),
            now,
            new Date(now.getTime() + longest * 1000 + sources.marginMs),
          ),
          lagging,
          now,
          sources.marginMs,
        );
  return {
    now: now.toISOString(),
    marginSeconds: Math.round(sources.marginMs / 1000),
    lagging,
    total: items.length,
    items,
  };
}

const Lagging = Type.Object({
  name: Type.String({ description: '`relay:<service>` or `consumer:<group>`' }),
  service: Type.Optional(
    Type.String({ description: "the service whose deadlines it feeds (a group's); absent: every service" }),
  ),
  waitSeconds: Type.Integer({ minimum: 0, description: 'how long its oldest waiting event has waited' }),
});

export const AtRiskReportSchema = Type.Object({
  now: Type.String({ format: 'date-time' }),
  marginSeconds: Type.Integer({ minimum: 0, description: 'added to each wait (LANDCASE_AT_RISK_MARGIN)' }),
  lagging: Type.Array(Lagging),
  total: Type.Integer({ minimum: 0 }),
  items: Type.Array(
    Type.Object({
      caseId: Type.String(),
      streamId: Type.String(),
      service: Type.String(),
      deadlineId: Type.String(),
      rule: Type.String(),
      state: Type.String(),
      dueAt: Type.String({ format: 'date-time' }),
      endangeredBy: Type.Array(Type.String(), {
        description: 'the lagging streams whose wait (plus the margin) reaches its due instant',
      }),
    }),
  ),
});

const AtRiskQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
  { additionalProperties: false },
);

export function opsAtRiskRoute(sources: AtRiskSources) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: Static<typeof AtRiskQuery> }>(
      '/at-risk',
      {
        schema: {
          summary:
            "The open deadlines due before the streams' lag (plus a margin) would let the events that meet them arrive",
          tags: ['operations'],
          querystring: AtRiskQuery,
          response: { 200: AtRiskReportSchema },
        },
        ...guarded('ops.deadlines.at-risk'),
      },
      async (request) => {
        const report = await atRiskReport(sources);
        return { ...report, items: report.items.slice(0, request.query.limit ?? 100) };
      },
    );
  };
}

/** `landcase_deadlines_at_risk`, computed when scraped. */
export function registerAtRiskGauge(registry: Registry, sources: AtRiskSources): void {
  registry.registerMetric(
    new Gauge({
      name: 'landcase_deadlines_at_risk',
      help: "Open deadlines due within the streams' longest lag (oldest waiting event's age) plus the margin",
      registers: [],
      async collect() {
        // An index that cannot be read leaves the last count: the rest of the scrape still answers.
        const report = await atRiskReport(sources).catch(() => null);
        if (report) this.set(report.total);
      },
    }),
  );
}
