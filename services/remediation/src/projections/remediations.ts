import { topicOf } from '@landcase/contracts';
import {
  divisionLevels,
  evolve,
  type ListStanding,
  listStanding,
  REMEDIATION_AUDIENCE,
  remediationMachine,
  stateString,
} from '@landcase/lifecycle';
import type { Doc } from '@landcase/readmodels';
import { listDueFields, type NextDueFields, project, type ServiceContext } from '@landcase/service-kit';
import { type RemediationFields, remediationFields, remediationStreamId } from '../remediation.ts';

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

// Each document is rebuilt from the case's remediation stream rather than patched event by event:
// it is then a pure function of the stream, so redelivered or late messages cannot leave it wrong,
// and the stream revision is the document's version.
export async function rebuildRemediationDoc(ctx: ServiceContext, caseId: string): Promise<void> {
  const events = await ctx.store.readStream(remediationStreamId(caseId));
  const fields = remediationFields(events);
  const last = events[events.length - 1];
  if (!fields || !last) return;
  const snapshot = evolve(
    remediationMachine,
    events.map((e) => ({ type: e.type, data: e.data })),
  );
  const doc: RemediationDoc = {
    ...fields,
    id: caseId,
    caseId,
    state: stateString(snapshot),
    revision: last.revision,
    ...listStanding(remediationMachine, snapshot, events),
    ...listDueFields(ctx, remediationMachine, events, snapshot),
    divisionLevels: divisionLevels(fields.divisionCode),
    audience: REMEDIATION_AUDIENCE,
    quotaYear: fields.quotaDeduction?.year ?? null,
  };
  await ctx.readModels.collection<RemediationDoc>(REMEDIATIONS_COLLECTION).upsert(doc, last.revision + 1);
}

export function remediationsProjection(ctx: ServiceContext) {
  return project(ctx, {
    name: 'remediations',
    topics: [topicOf('remediation')],
    apply: async (event) => {
      const data = (event.data ?? {}) as { caseId?: unknown };
      await rebuildRemediationDoc(ctx, typeof data.caseId === 'string' ? data.caseId : event.subject);
    },
  });
}
