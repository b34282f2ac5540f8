import { topicOf } from '@landcase/contracts';
import {
  divisionLevels,
  type ListStanding,
  listStanding,
  REMEDIATION_AUDIENCE,
  remediationMachine,
  stateString,
} from '@landcase/lifecycle';
import type { Doc } from '@landcase/readmodels';
import {
  type ListProjection,
  listDueFields,
  listProjection,
  type NextDueFields,
  type ServiceContext,
} from '@landcase/service-kit';
import { evolveRemediation, type RemediationFields } from '../remediation.ts';

/** The read model behind the remediation lists: one document per case. */
export const REMEDIATIONS_COLLECTION = 'remediation.remediations';

/**
 * Beside the remediation's fields: the agencies whose move it is (`awaiting`), whether a deadline
 * of its state was missed (`overdue`) and the levels of its division (`divisionLevels`, for
 * `withinDivision`).
 */
export type RemediationDoc = Doc &
  RemediationFields &
  ListStanding &
  NextDueFields & {
    caseId: string;
    state: string;
    revision: number;
    divisionLevels: string[];
    audience: readonly string[];
    /** The year whose reserve quota was deducted for this land, null without a deduction. */
    quotaYear: number | null;
  };

// Each event is applied to the fold the document holds (service-kit's listProjection); the stream
// revision is the document's version, so redelivered or late messages write nothing.
export function remediationsProjection(ctx: ServiceContext): ListProjection {
  return listProjection<typeof remediationMachine, RemediationFields>(ctx, {
    name: 'remediations',
    topics: [topicOf('remediation')],
    collection: REMEDIATIONS_COLLECTION,
    aggregate: 'remediation',
    machine: remediationMachine,
    evolveFields: evolveRemediation,
    document: ({ id, snapshot, fields, history }) => ({
      ...fields,
      caseId: id,
      state: stateString(snapshot),
      ...listStanding(remediationMachine, snapshot, history),
      ...listDueFields(ctx, remediationMachine, history, snapshot),
      divisionLevels: divisionLevels(fields.divisionCode),
      audience: REMEDIATION_AUDIENCE,
      quotaYear: fields.quotaDeduction?.year ?? null,
    }),
  });
}
