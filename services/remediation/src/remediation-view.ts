import { remediationMachine } from '@landcase/lifecycle';
import { loadAggregate, NotFound, replyAggregate, type ServiceContext } from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import { type RemediationFields, remediationFields, remediationStreamId } from './remediation.ts';

export interface RemediationView {
  caseId: string;
  snapshot: Parameters<typeof replyAggregate>[1]['snapshot'];
  revision: number;
  fields: RemediationFields;
}

/** The remediation folded from its stream (the source of truth). NotFound when there is none. */
export async function loadRemediation(ctx: ServiceContext, caseId: string): Promise<RemediationView> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: remediationStreamId(caseId),
    machine: remediationMachine,
  });
  const fields = remediationFields(events);
  if (!fields) throw new NotFound(`no remediation for case ${caseId}`);
  return { caseId, snapshot, revision, fields };
}

export function replyRemediation(reply: FastifyReply, view: RemediationView) {
  return replyAggregate(reply, {
    id: view.caseId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: view.fields,
  });
}
