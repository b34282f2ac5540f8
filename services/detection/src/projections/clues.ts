import { type CloudEvent, parseType, TOPICS } from '@landcase/contracts';
import { clueAudience, clueMachine, divisionLevels, listStanding, stateString } from '@landcase/lifecycle';
import type { ReadModelStore } from '@landcase/readmodels';
import {
  listDueFields,
  loadAggregate,
  nullIfNotFound,
  project,
  type ServiceContext,
} from '@landcase/service-kit';
import { clueFields, clueStreamId } from '../clue.ts';
import { CLUES_COLLECTION, reporterOf } from '../clue-view.ts';

/**
 * One document per clue for the list queries. Each event re-reads the clue's stream (this
 * service's own store) and writes the whole view at the stream's revision, so the document
 * always agrees with `GET /clues/{caseId}` and a redelivered or stale event writes nothing.
 * Beside the clue's fields it holds what the filters need: the agencies whose move it is
 * (`awaiting`), whether a deadline of its state was missed (`overdue`) and the levels of its
 * division (`divisionLevels`, for `withinDivision`) and who may see it (`audience`).
 */
export function projectClues(ctx: ServiceContext) {
  return project(ctx, {
    name: 'clues',
    topics: [TOPICS.detection],
    apply: async (event: CloudEvent, readModels: ReadModelStore) => {
      if (parseType(event.type)?.service !== 'detection') return;
      const caseId = event.subject;
      const aggregate = await nullIfNotFound(
        loadAggregate(ctx, { streamId: clueStreamId(caseId), machine: clueMachine }),
      );
      if (!aggregate) return;
      const { snapshot, revision, events } = aggregate;
      const fields = clueFields(events);
      if (!fields) return;
      await readModels.collection(CLUES_COLLECTION).upsert(
        {
          id: caseId,
          caseId,
          state: stateString(snapshot),
          revision,
          ...fields,
          ...listStanding(clueMachine, snapshot, events),
          ...listDueFields(ctx, clueMachine, events, snapshot),
          divisionLevels: divisionLevels(fields.divisionCode),
          audience: clueAudience(reporterOf(events)),
        },
        revision,
      );
    },
  });
}
