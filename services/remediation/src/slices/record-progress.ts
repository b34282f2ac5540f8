import {
  type Actor,
  Evidence,
  type RemediationEvent,
  RemediationStepField,
  Timestamp,
} from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { runRemediationCommand } from '../remediation-command.ts';
import { remediationCheck, replyRemediation } from '../remediation-view.ts';
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
  const check = remediationCheck(ctx, 'remediation.remediation.progress');
  app.post<{ Params: CaseIdParams; Body: RecordProgress }>(
    '/cases/:caseId/progress',
    {
      schema: {
        summary: 'Record demolition or re-cultivation observed on site',
        tags: ['remediation'],
        params: CaseIdParams,
        body: RecordProgressBody,
      },
      ...check.options,
    },
    async (request, reply) => {
      const actor: Actor = request.actor;
      const { caseId } = request.params;
      const view = await runRemediationCommand(ctx, {
        caseId,
        actor,
        ifMatch: request.headers['if-match'],
        decide: () => decideProgress(caseId, request.body),
      });
      return replyRemediation(reply, view);
    },
  );
}
