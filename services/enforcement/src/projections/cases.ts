import { type CloudEvent, parseType, TOPICS } from '@landcase/contracts';
import {
  caseAudience,
  divisionLevels,
  enforcementCaseMachine,
  listStanding,
  stateString,
} from '@landcase/lifecycle';
import type { ReadModelStore } from '@landcase/readmodels';
import {
  listDueFields,
  loadAggregate,
  nullIfNotFound,
  project,
  type ServiceContext,
} from '@landcase/service-kit';
import { caseFields, caseStreamId } from '../case.ts';
import { CASES_COLLECTION, casePartsOf } from '../case-view.ts';

/**
 * One document per case for the list queries. Each event re-reads the case's stream (this
 * service's own store) and writes the whole view at the stream's revision, so the document
 * always agrees with `GET /cases/{caseId}` and a redelivered or stale event writes nothing.
 * Beside the case's fields it holds what the filters need: the agencies whose move it is
 * (`awaiting`), whether a deadline of its state was missed (`overdue`) and the levels of its
 * division (`divisionLevels`, for `withinDivision`) and who may see it (`audience`).
 */
export function projectCases(ctx: ServiceContext) {
  return project(ctx, {
    name: 'cases',
    topics: [TOPICS.enforcement],
    apply: async (event: CloudEvent, readModels: ReadModelStore) => {
      if (parseType(event.type)?.service !== 'enforcement') return;
      const caseId = event.subject;
      const aggregate = await nullIfNotFound(
        loadAggregate(ctx, { streamId: caseStreamId(caseId), machine: enforcementCaseMachine }),
      );
      if (!aggregate) return;
      const { snapshot, revision, events } = aggregate;
      const fields = caseFields(events);
      if (!fields) return;
      await readModels.collection(CASES_COLLECTION).upsert(
        {
          id: caseId,
          caseId,
          state: stateString(snapshot),
          revision,
          ...fields,
          ...listStanding(enforcementCaseMachine, snapshot, events),
          ...listDueFields(ctx, enforcementCaseMachine, events, snapshot),
          divisionLevels: divisionLevels(fields.divisionCode),
          // Who may list it by the case's own events; the agencies it was addressed to are listed
          // from the case-addressees read model instead (list-cases.ts).
          audience: caseAudience({ ...casePartsOf(fields), addressed: [] }),
        },
        revision,
      );
    },
  });
}
