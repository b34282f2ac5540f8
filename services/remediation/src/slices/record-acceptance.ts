import type { Actor, RemediationEvent } from '@landcase/contracts';
import { allowedEvents, remediationMachine, stateString } from '@landcase/lifecycle';
import { IllegalTransition, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ACCEPTING_AGENCIES, type RemediationFields } from '../remediation.ts';
import { runRemediationCommand } from '../remediation-command.ts';
import { remediationCheck, replyRemediation } from '../remediation-view.ts';
import { CaseIdParams } from './params.ts';

// Joint acceptance of the restored land by the bureau and agriculture (耕地质量验收, seed 002).
// Each speaks once per round; the command that brings the second pass also records the land as
// accepted, which is what enforcement waits for to close the case.

export const RecordAcceptanceBody = Type.Object(
  { passed: Type.Boolean(), note: Type.String({ maxLength: 4000 }) },
  { additionalProperties: false },
);
export type RecordAcceptance = Static<typeof RecordAcceptanceBody>;

export type AcceptanceDecision = { events: RemediationEvent[] } | { refused: string };

export function decideAcceptance(
  caseId: string,
  remediation: RemediationFields,
  agency: (typeof ACCEPTING_AGENCIES)[number],
  body: RecordAcceptance,
  now: Date,
): AcceptanceDecision {
  if (remediation.acceptanceRound.some((a) => a.agency === agency))
    return { refused: `${agency} has already recorded its acceptance of this re-cultivation` };
  const events: RemediationEvent[] = [
    { type: 'AcceptanceRecorded', data: { caseId, agency, passed: body.passed, note: body.note } },
  ];
  const passedBy = new Set(remediation.acceptanceRound.filter((a) => a.passed).map((a) => a.agency));
  if (body.passed) passedBy.add(agency);
  if (ACCEPTING_AGENCIES.every((a) => passedBy.has(a)))
    events.push({ type: 'RemediationAccepted', data: { caseId, acceptedAt: now.toISOString() } });
  return { events };
}

export async function recordAcceptanceRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = remediationCheck(ctx, 'remediation.remediation.acceptance');
  app.post<{ Params: CaseIdParams; Body: RecordAcceptance }>(
    '/cases/:caseId/acceptance',
    {
      schema: {
        summary: "An accepting agency's verdict on the restored land",
        tags: ['remediation'],
        params: CaseIdParams,
        body: RecordAcceptanceBody,
      },
      ...check.options,
    },
    async (request, reply) => {
      const actor: Actor = request.actor;
      const agency = actor.agency as (typeof ACCEPTING_AGENCIES)[number];
      const { caseId } = request.params;
      const view = await runRemediationCommand(ctx, {
        caseId,
        actor,
        ifMatch: request.headers['if-match'],
        decide: (remediation, snapshot) => {
          const decision = decideAcceptance(caseId, remediation, agency, request.body, ctx.clock.now());
          if ('refused' in decision)
            throw new IllegalTransition({
              currentState: stateString(snapshot),
              allowedEvents: allowedEvents(remediationMachine, snapshot),
              attempted: 'AcceptanceRecorded',
              detail: decision.refused,
            });
          return decision.events;
        },
      });
      return replyRemediation(reply, view);
    },
  );
}
