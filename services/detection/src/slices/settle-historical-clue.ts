import type { DetectionEvent } from '@landcase/contracts';
import { NonEmpty } from '@landcase/contracts';
import { checkOutcomeByHand } from '@landcase/lifecycle';
import { RuleViolation, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ClueFields } from '../clue.ts';
import { clueCommandRoute } from './clue-command-route.ts';

// The outcome of a historical clue in its batch: the batch's disposition was carried out for it
// (formalities completed, buildings confiscated, or demolished and restored). The batch counts it
// by itself (reactions/batch-historical-clues.ts). A clue of a batch to be demolished and restored is
// settled by the joint acceptance of its land (reactions/settle-on-remediation-accepted.ts), never
// here: 422 `historical.settled-by-acceptance`.

export const SettleHistoricalBody = Type.Object(
  {
    note: Type.String({ minLength: 1, maxLength: 4000, description: 'what was done' }),
    documentRef: Type.Optional(NonEmpty('e.g. the approval of the completed formalities')),
  },
  { additionalProperties: false },
);
export type SettleHistorical = Static<typeof SettleHistoricalBody>;

// Without a batch there is nothing to settle: the machine refuses the event (409 with the state).
const NO_BATCH = '(none)';

export function decideSettleHistorical(
  caseId: string,
  clue: ClueFields,
  body: SettleHistorical,
  now: Date,
): DetectionEvent[] {
  const byAcceptance = clue.historical && checkOutcomeByHand(clue.historical.disposition);
  if (byAcceptance) throw new RuleViolation(byAcceptance);
  return [
    {
      type: 'HistoricalSettled',
      data: {
        caseId,
        batchId: clue.historical?.batchId ?? NO_BATCH,
        disposition: clue.historical?.disposition ?? 'regularise',
        note: body.note,
        ...(body.documentRef !== undefined ? { documentRef: body.documentRef } : {}),
        settledAt: now.toISOString(),
      },
    },
  ];
}

export function settleHistoricalClueRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return clueCommandRoute(app, ctx, {
    path: 'historical-outcome',
    summary: "Record that the batch's disposition was carried out for a historical clue",
    body: SettleHistoricalBody,
    issues: 'HistoricalSettled',
    decide: decideSettleHistorical,
  });
}
