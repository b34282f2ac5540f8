import { enforcementCaseMachine } from '@landcase/lifecycle';
import { aggregateResponseSchema, commandsAllowed, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { CaseIdParams, caseCheck } from '../case-command.ts';
import { replyCase } from '../case-view.ts';
import { CASE_COMMANDS } from '../commands-offered.ts';

export async function getCaseRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = caseCheck(ctx, 'enforcement.case.read');
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId',
    {
      schema: {
        summary: 'An enforcement case, folded from its events; ETag is its revision',
        description:
          'The bureau and the auditor read the whole file; an agency with a part in the case (the government, ' +
          'agriculture once restoration was ordered, the court once applied to, an agency a referral was sent ' +
          'to) reads it without the bureau’s internal record. ' +
          '`partyMatches`: the possible same parties (疑似同一当事人) the referral service raised between this ' +
          "case and another, with the other case and the bureau's answer, for the bureau and auditors.",
        tags: ['enforcement'],
        params: CaseIdParams,
        response: { 200: aggregateResponseSchema('case', { commandsAllowed: true }) },
      },
      ...check.options,
    },
    async (request, reply) => {
      const view = check.of(request)!;
      const allowed = commandsAllowed({
        machine: enforcementCaseMachine,
        snapshot: view.snapshot,
        caller: request.actor,
        facts: check.factsOf(request)!,
        offers: CASE_COMMANDS,
      });
      return replyCase(ctx, reply, view, request.actor, allowed);
    },
  );
}
