import { type AccessKey, REMEDIATION_AUDIENCE, remediationMachine } from '@landcase/lifecycle';
import {
  aggregateDue,
  type CheckedResource,
  checkedResource,
  type Due,
  loadAggregate,
  NotFound,
  nullIfNotFound,
  replyAggregate,
  type ServiceContext,
} from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import { type RemediationFields, remediationFields, remediationStreamId } from './remediation.ts';

export interface RemediationView {
  caseId: string;
  snapshot: Parameters<typeof replyAggregate>[1]['snapshot'];
  revision: number;
  fields: RemediationFields;
  /** Its next deadline as of the read (deadlines/due.ts in the kit), null when none runs. */
  due: Due | null;
}

/** The remediation folded from its stream (the source of truth). NotFound when there is none. */
export async function loadRemediation(ctx: ServiceContext, caseId: string): Promise<RemediationView> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: remediationStreamId(caseId),
    machine: remediationMachine,
  });
  const fields = remediationFields(events);
  if (!fields) throw new NotFound(`no remediation for case ${caseId}`);
  return { caseId, snapshot, revision, fields, due: aggregateDue(ctx, remediationMachine, events, snapshot) };
}

/**
 * The access check of a route on the remediation of the case its path names (`/cases/:caseId`):
 * 404 when there is none or the caller may not see it, 403 when it may see but not do `key`.
 */
export const remediationCheck = (ctx: ServiceContext, key: AccessKey): CheckedResource<RemediationView> =>
  checkedResource(
    key,
    (request) => nullIfNotFound(loadRemediation(ctx, (request.params as { caseId: string }).caseId)),
    (view) => ({ divisionCode: view.fields.divisionCode, audience: REMEDIATION_AUDIENCE }),
    (request) => `remediation for case ${(request.params as { caseId: string }).caseId}`,
  );

export function replyRemediation(
  reply: FastifyReply,
  view: RemediationView,
  commandsAllowed?: readonly string[],
) {
  return replyAggregate(reply, {
    id: view.caseId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: view.fields,
    due: view.due,
    ...(commandsAllowed ? { commandsAllowed } : {}),
  });
}
