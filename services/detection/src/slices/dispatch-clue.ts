import { type DetectionEvent, DivisionCode } from '@landcase/contracts';
import { checkDispatchDown } from '@landcase/lifecycle';
import { RuleViolation, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ClueFields } from '../clue.ts';
import { clueCommandRoute } from './clue-command-route.ts';

// Satellite problem lists travel down the hierarchy: province → city → county (seed 000 §(四)).
// Only down: the rule set refuses a dispatch up, to a neighbour, to another province or to the
// division that holds the clue (422 naming `clue.dispatch.down` and the field).

export const DispatchClueBody = Type.Object(
  { toDivisionCode: DivisionCode },
  { additionalProperties: false },
);
export type DispatchClue = Static<typeof DispatchClueBody>;

export function decideDispatchClue(
  caseId: string,
  clue: ClueFields,
  body: DispatchClue,
  now: Date,
): DetectionEvent[] {
  const refusal = checkDispatchDown({ from: clue.divisionCode, to: body.toDivisionCode });
  if (refusal) {
    throw new RuleViolation(refusal, { errors: [{ path: '/toDivisionCode', reason: refusal.detail }] });
  }
  return [
    {
      type: 'ClueDispatched',
      data: {
        caseId,
        fromDivisionCode: clue.divisionCode,
        toDivisionCode: body.toDivisionCode,
        dispatchedAt: now.toISOString(),
      },
    },
  ];
}

export function dispatchClueRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return clueCommandRoute(app, ctx, {
    path: 'dispatch',
    summary: 'Dispatch a clue down to the division that verifies it',
    body: DispatchClueBody,
    issues: 'ClueDispatched',
    decide: decideDispatchClue,
  });
}
