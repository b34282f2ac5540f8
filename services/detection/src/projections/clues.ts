import { TOPICS } from '@landcase/contracts';
import { clueAudience, clueMachine, divisionLevels, listStanding, stateString } from '@landcase/lifecycle';
import {
  type ListProjection,
  listDueFields,
  listProjection,
  type ServiceContext,
} from '@landcase/service-kit';
import { type ClueFields, evolveClue } from '../clue.ts';
import { CLUES_COLLECTION, reporterOf } from '../clue-view.ts';

/**
 * One document per clue for the list queries, each event applied to the fold the document holds
 * (service-kit's listProjection), at the stream's revision, so it agrees with `GET /clues/{caseId}`
 * and a redelivered or stale event writes nothing. Beside the clue's fields it holds what the
 * filters need: the agencies whose move it is (`awaiting`), whether a deadline of its state was
 * missed (`overdue`), the levels of its division (`divisionLevels`, for `withinDivision`) and who
 * may see it (`audience`: its reporter is the first event's actor, which the fold's history keeps).
 */
export function cluesProjection(ctx: ServiceContext): ListProjection {
  return listProjection<typeof clueMachine, ClueFields>(ctx, {
    name: 'clues',
    topics: [TOPICS.detection],
    collection: CLUES_COLLECTION,
    aggregate: 'clue',
    machine: clueMachine,
    evolveFields: evolveClue,
    document: ({ id, snapshot, fields, history }) => ({
      caseId: id,
      state: stateString(snapshot),
      ...fields,
      ...listStanding(clueMachine, snapshot, history),
      ...listDueFields(ctx, clueMachine, history, snapshot),
      divisionLevels: divisionLevels(fields.divisionCode),
      audience: clueAudience(reporterOf(history)),
    }),
  });
}

export const projectClues = (ctx: ServiceContext) => cluesProjection(ctx).start();
