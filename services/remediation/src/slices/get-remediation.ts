import { remediationMachine } from '@landcase/lifecycle';
import { aggregateResponseSchema, commandsAllowed, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { REMEDIATION_COMMANDS } from '../commands-offered.ts';
import { remediationCheck, replyRemediation } from '../remediation-view.ts';
import { CaseIdParams } from './params.ts';

export async function getRemediationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = remediationCheck(ctx, 'remediation.remediation.read');
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId',
    {
      schema: {
        summary: "A case's remediation",
        tags: ['remediation'],
        params: CaseIdParams,
        response: { 200: aggregateResponseSchema('remediation', { commandsAllowed: true }) },
      },
      ...check.options,
    },
    async (request, reply) => {
      const view = check.of(request)!;
      const allowed = commandsAllowed({
        machine: remediationMachine,
        snapshot: view.snapshot,
        caller: request.actor,
        facts: check.factsOf(request)!,
        offers: REMEDIATION_COMMANDS,
      });
      return replyRemediation(reply, view, allowed);
    },
  );
}
