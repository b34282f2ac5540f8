import { TOPICS } from '@landcase/contracts';
import {
  caseAudience,
  divisionLevels,
  enforcementCaseMachine,
  listStanding,
  stateString,
} from '@landcase/lifecycle';
import {
  type ListProjection,
  listDueFields,
  listProjection,
  type ServiceContext,
} from '@landcase/service-kit';
import { type CaseFields, evolveCase } from '../case.ts';
import { CASES_COLLECTION, casePartsOf } from '../case-view.ts';

/**
 * One document per case for the list queries, each event applied to the fold the document holds
 * (service-kit's listProjection), at the stream's revision, so it agrees with `GET /cases/{caseId}`
 * and a redelivered or stale event writes nothing. Beside the case's fields it holds what the
 * filters need: the agencies whose move it is (`awaiting`), whether a deadline of its state was
 * missed (`overdue`), the levels of its division (`divisionLevels`, for `withinDivision`) and who
 * may see it (`audience`).
 */
export function casesProjection(ctx: ServiceContext): ListProjection {
  return listProjection<typeof enforcementCaseMachine, CaseFields>(ctx, {
    name: 'cases',
    topics: [TOPICS.enforcement],
    collection: CASES_COLLECTION,
    aggregate: 'case',
    machine: enforcementCaseMachine,
    evolveFields: evolveCase,
    document: ({ id, snapshot, fields, history }) => ({
      caseId: id,
      state: stateString(snapshot),
      ...fields,
      ...listStanding(enforcementCaseMachine, snapshot, history),
      ...listDueFields(ctx, enforcementCaseMachine, history, snapshot),
      divisionLevels: divisionLevels(fields.divisionCode),
      // Who may list it by the case's own events; the agencies it was addressed to are listed
      // from the case-addressees read model instead (list-cases.ts).
      audience: caseAudience({ ...casePartsOf(fields), addressed: [] }),
    }),
  });
}

export const projectCases = (ctx: ServiceContext) => casesProjection(ctx).start();
