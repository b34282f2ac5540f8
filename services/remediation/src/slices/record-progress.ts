import {
  type Actor,
  Evidence,
  type RemediationEvent,
  RemediationStepField,
  Timestamp,
} from '@landcase/contracts';
import { remediationMachine } from '@landcase/lifecycle';
import { executeCommand, NotFound, requireAgency, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PROGRESS_AGENCIES, remediationFields, remediationStreamId } from '../remediation.ts';
import { loadRemediation, replyRemediation } from '../remediation-view.ts';
import { CaseIdParams } from './params.ts';

// Demolition, then re-cultivation, each observed on site with evidence. The machine keeps the order.

export const RecordProgressBody = Type.Object(
  {
    step: RemediationStepField,
    observedAt: Timestamp,
    evidence: Type.Array(Evidence, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type RecordProgress = Static<typeof RecordProgressBody>;

export function decideProgress(caseId: string, body: RecordProgress): RemediationEvent[] {
  return [
    {
      type: 'ProgressRecorded',
      data: { caseId, step: body.step, observedAt: body.observedAt, evidence: body.evidence },
    },
  ];
}

export async function recordProgressRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Params: CaseIdParams; Body: RecordProgress }>(
    '/cases/:caseId/progress',
    {
      schema: {
        summary: 'Record demolition or re-cultivation observed on site',
        tags: ['remediation'],
        params: CaseIdParams,
        body: RecordProgressBody,
      },
    },
    async (request, reply) => {
      const actor: Actor = request.actor;
      requireAgency(actor, ...PROGRESS_AGENCIES);
      const { caseId } = request.params;
      await executeCommand(ctx, {
        streamId: remediationStreamId(caseId),
        caseId,
        machine: remediationMachine,
        actor,
        ifMatch: request.headers['if-match'],
        decide: (_snapshot, events) => {
          if (!remediationFields(events)) throw new NotFound(`no remediation for case ${caseId}`);
          return decideProgress(caseId, request.body);
        },
      });
      return replyRemediation(reply, await loadRemediation(ctx, caseId));
    },
  );
}
