import { query } from './api.ts';

// What the ops view sends to `/ops/dlq`: the list's filters as its query, and the body of a redrive
// or a discard of the letters ticked, a dry run unless the operator says otherwise.

export type DeadLetterStatus = 'pending' | 'redriven' | 'discarded' | 'all';

export interface DeadLetterFilter {
  status: DeadLetterStatus;
  service: string;
  group: string;
  type: string;
  error: string;
}

export const NO_FILTER: DeadLetterFilter = { status: 'pending', service: '', group: '', type: '', error: '' };

/** The list's path: empty filters left out, `pending` the API's default and so left out too. */
export function deadLetterListPath(filter: DeadLetterFilter, limit: number): string {
  return `/ops/dlq${query({
    status: filter.status === 'pending' ? undefined : filter.status,
    service: filter.service.trim(),
    group: filter.group.trim(),
    type: filter.type.trim(),
    error: filter.error.trim(),
    limit,
  })}`;
}

export interface ActionBody {
  ids: string[];
  dryRun: boolean;
  reason?: string;
}

/**
 * The body of a redrive or a discard naming the ticked letters by id (never `all` or a filter: an
 * operator acts on what is on the screen); null when none is ticked.
 */
export function actionBodyOf(
  ticked: Iterable<string>,
  options: { dryRun: boolean; reason: string },
): ActionBody | null {
  const ids = [...new Set(ticked)].sort();
  if (ids.length === 0) return null;
  const reason = options.reason.trim();
  return { ids, dryRun: options.dryRun, ...(reason ? { reason } : {}) };
}

/** What `/ops/dlq/redrive` and `/ops/dlq/discard` answer. */
export interface ActionAnswer {
  dryRun: boolean;
  matched: number;
  redriven?: { id: string; redrives?: number }[];
  discarded?: { id: string }[];
  refused: { id: string; reason: string }[];
  notFound: string[];
  left: number;
}

/** The ids acted on (or that would be, on a dry run). */
export const actedOn = (answer: ActionAnswer): string[] =>
  (answer.redriven ?? answer.discarded ?? []).map((d) => d.id);

/** Ticked letters still listed: a letter redriven or discarded meanwhile drops out of the ticks. */
export function stillTicked(ticked: ReadonlySet<string>, listed: readonly { id: string }[]): Set<string> {
  const ids = new Set(listed.map((l) => l.id));
  return new Set([...ticked].filter((id) => ids.has(id)));
}
