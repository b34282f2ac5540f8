import type { EscalationRaisedData } from '@landcase/lifecycle';
import type { Doc, Filter, ReadModelStore } from '@landcase/readmodels';

// The read model that makes every rung visible to the division it was reported to: one document
// per EscalationRaised, written by the deadline index from the service's own streams (so it is
// rebuilt from the event store alone), read by the superior division's agencies.

export const ESCALATIONS_COLLECTION = 'escalations';

/** An EscalationRaised as its superior division reads it, with the stream it was raised on. */
export interface EscalationDoc extends Doc, EscalationRaisedData {
  /** `<streamId>/<deadlineId>/<rung>`: a rung is raised once per deadline of a stream. */
  id: string;
  service: string;
  streamId: string;
}

export const escalationDocId = (streamId: string, deadlineId: string, rung: string): string =>
  `${streamId}/${deadlineId}/${rung}`;

export interface EscalationsOptions {
  /** Only this service's escalations (each service serves its own at `/<service>/escalations`). */
  service?: string;
  limit?: number;
  offset?: number;
}

/**
 * The rungs reported to `divisionCode`, latest first: what a superior division has to follow up.
 * Exactly the division the rungs were escalated to, not its subordinates' own escalations: a
 * province sees the cases of its cities and of the counties it governs directly, a city those of
 * its counties.
 */
export async function escalationsFor(
  readModels: ReadModelStore,
  divisionCode: string,
  query: EscalationsOptions = {},
): Promise<{ items: EscalationDoc[]; total: number }> {
  const escalations = readModels.collection<EscalationDoc>(ESCALATIONS_COLLECTION);
  const filter: Filter = { escalatedToDivisionCode: divisionCode };
  if (query.service !== undefined) filter.service = query.service;
  const [items, total] = await Promise.all([
    escalations.find(filter, {
      sort: { field: 'raisedAt', direction: -1 },
      limit: query.limit ?? 0,
      skip: query.offset ?? 0,
    }),
    escalations.count(filter),
  ]);
  return { items, total };
}
