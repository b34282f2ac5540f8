import type { DeadlineDoc } from './deadline-index.ts';

// Deadlines the streams' lag puts at risk. An event that would stop a deadline's clock may already
// have happened upstream and still wait in a lagging relay or consumer group: if the oldest one
// has waited T seconds, a deadline due within the next T (plus a margin, for what the lag grows by
// meanwhile) may be recorded as missed before that event arrives. Pure: the deadlines, the
// lagging streams and `now` come in.

/** A relay or consumer group that is behind, and for how long its oldest waiting message waited. */
export interface LaggingStream {
  /** `relay:<service>` or `consumer:<group>`. */
  name: string;
  /**
   * The service whose deadlines it can delay: a consumer group `<service>.<name>` feeds its own
   * service; a relay (undefined) feeds every service that reads its topic.
   */
  service?: string;
  waitSeconds: number;
}

export interface AtRiskDeadline {
  caseId: string;
  streamId: string;
  service: string;
  deadlineId: string;
  rule: string;
  state: string;
  dueAt: string;
  /** The lagging streams whose wait reaches its due instant, longest wait first. */
  endangeredBy: string[];
}

export type OpenDeadlineDoc = Pick<
  DeadlineDoc,
  'caseId' | 'streamId' | 'service' | 'deadlineId' | 'rule' | 'state' | 'dueAt' | 'open'
>;

/** The stream as a lagging one, named and tied to the service it feeds. */
export const laggingRelay = (service: string, waitSeconds: number): LaggingStream => ({
  name: `relay:${service}`,
  waitSeconds,
});

export const laggingGroup = (group: string, waitSeconds: number): LaggingStream => {
  const dot = group.indexOf('.');
  return {
    name: `consumer:${group}`,
    ...(dot > 0 ? { service: group.slice(0, dot) } : {}),
    waitSeconds,
  };
};

/**
 * The open deadlines due in `[now, now + wait + marginMs]` of some lagging stream that feeds their
 * service (a stream with no wait endangers nothing), earliest due first.
 */
export function deadlinesAtRisk(
  deadlines: readonly OpenDeadlineDoc[],
  lagging: readonly LaggingStream[],
  now: Date,
  marginMs: number,
): AtRiskDeadline[] {
  const behind = lagging
    .filter((s) => s.waitSeconds > 0)
    .sort((a, b) => b.waitSeconds - a.waitSeconds || a.name.localeCompare(b.name));
  const from = now.getTime();
  const seen = new Set<string>();
  const found: AtRiskDeadline[] = [];
  for (const d of deadlines) {
    const key = `${d.streamId}/${d.deadlineId}`;
    if (!d.open || seen.has(key)) continue;
    const due = Date.parse(d.dueAt);
    const endangeredBy = behind
      .filter((s) => s.service === undefined || s.service === d.service)
      .filter((s) => due >= from && due <= from + s.waitSeconds * 1000 + marginMs)
      .map((s) => s.name);
    if (endangeredBy.length === 0) continue;
    seen.add(key);
    found.push({
      caseId: d.caseId,
      streamId: d.streamId,
      service: d.service,
      deadlineId: d.deadlineId,
      rule: d.rule,
      state: d.state,
      dueAt: d.dueAt,
      endangeredBy,
    });
  }
  return found.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.streamId.localeCompare(b.streamId));
}

/** The longest wait among the streams: how far ahead of now deadlines are looked for. */
export const longestWaitSeconds = (lagging: readonly LaggingStream[]): number =>
  Math.max(0, ...lagging.map((s) => s.waitSeconds));
