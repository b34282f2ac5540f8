import { clueMachine } from '@landcase/lifecycle';
import { aggregateResponseSchema, commandsAllowed, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { replyClue } from '../clue-view.ts';
import { CLUE_COMMANDS } from '../commands-offered.ts';
import { clueCheck } from './clue-command-route.ts';
import { CaseIdParams } from './params.ts';

export async function getClueRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = clueCheck(ctx, 'detection.clue.read');
  app.get<{ Params: CaseIdParams }>(
    '/clues/:caseId',
    {
      schema: {
        summary: 'A clue, folded from its events; ETag is its revision',
        tags: ['detection'],
        params: CaseIdParams,
        response: { 200: aggregateResponseSchema('clue', { commandsAllowed: true }) },
      },
      ...check.options,
    },
    async (request, reply) => {
      const view = check.of(request)!;
      const allowed = commandsAllowed({
        machine: clueMachine,
        snapshot: view.snapshot,
        caller: request.actor,
        facts: check.factsOf(request)!,
        offers: CLUE_COMMANDS,
      });
      return replyClue(reply, view, 200, allowed);
    },
  );
}
