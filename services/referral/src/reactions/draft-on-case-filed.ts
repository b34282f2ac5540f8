import {
  type CloudEvent,
  type EnforcementEventData,
  EnforcementEvents,
  type LandClass,
  parseType,
  type ReferralEventData,
  SYSTEM_ACTOR,
  topicOf,
} from '@landcase/contracts';
import { RULE_SET, type RuleSet, referralMachine, referralTargetsFor } from '@landcase/lifecycle';
import {
  ConcurrencyConflict,
  executeCommand,
  IllegalTransition,
  react,
  type ServiceContext,
} from '@landcase/service-kit';
import { Value } from '@sinclair/typebox/value';
import { type RecordedOccupation, recordOccupation } from '../party-occupations.ts';
import { referralStreamId, ruleReferralId } from '../referral.ts';

// When enforcement files a case, the referral rules decide which agencies must get it
// (PBF ≥ 5 mu or farmland ≥ 10 mu → police and discipline commission; the party's earlier
// occupations within a year add up for the police) and a referral is drafted for each, in the
// bureau's name, for the head to approve.

type CaseFiled = EnforcementEventData['CaseFiled'];

export interface RuleDraft {
  referralId: string;
  event: { type: 'ReferralDrafted'; data: ReferralEventData['ReferralDrafted'] };
  /** The area and the earlier cases added up to reach the threshold, when any were. */
  accumulated?: { areaMu: number; priorCaseIds: string[] };
}

/**
 * The referrals a filed case calls for. `priorOccupations` are the party's occupations filed
 * before this one; every one of them is passed, as none is known to be handled yet.
 */
export function decideRuleDrafts(
  filed: CaseFiled,
  priorOccupations: readonly RecordedOccupation[] = [],
  ruleSet: RuleSet = RULE_SET,
): RuleDraft[] {
  const occupation = {
    landClass: filed.landClass as LandClass,
    areaMu: filed.areaMu,
    // The filing time, not the clock: a replay months later decides as the first delivery did.
    at: filed.filedAt,
    priorOccupations,
  };
  return referralTargetsFor(occupation, ruleSet).map((target) => {
    const referralId = ruleReferralId(filed.caseId, target.to);
    return {
      referralId,
      ...(target.accumulated
        ? {
            accumulated: {
              areaMu: target.accumulated.areaMu,
              priorCaseIds: target.accumulated.priorCaseIds,
            },
          }
        : {}),
      event: {
        type: 'ReferralDrafted',
        data: {
          caseId: filed.caseId,
          referralId,
          from: 'nrb',
          to: target.to,
          divisionCode: filed.divisionCode,
          reason: target.reason,
          // Placeholders the bureau replaces with the signed documents before dispatch.
          documents: [
            { kind: 'referral-letter', ref: `pending:${referralId}/referral-letter` },
            { kind: 'investigation-report', ref: `pending:${filed.caseId}/investigation-report` },
            { kind: 'evidence-list', ref: `pending:${filed.caseId}/evidence-list` },
          ],
          ruleId: target.ruleId,
          ruleSetVersion: ruleSet.version,
        },
      },
    };
  });
}

export async function handleCaseFiled(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  if (parseType(event.type)?.name !== 'CaseFiled') return;
  if (!Value.Check(EnforcementEvents.CaseFiled, event.data)) {
    const first = [...Value.Errors(EnforcementEvents.CaseFiled, event.data)][0];
    throw new Error(`CaseFiled ${event.id} does not match its schema: ${first?.path} ${first?.message}`);
  }
  const filed = event.data as CaseFiled;
  // The party's earlier occupations are read and this one recorded in one step, before any draft:
  // a retry after a failed draft gets the same earlier occupations and so the same drafts.
  const priorOccupations = await recordOccupation(ctx.readModels, filed);
  for (const draft of decideRuleDrafts(filed, priorOccupations)) {
    try {
      await executeCommand(ctx, {
        streamId: referralStreamId(draft.referralId),
        caseId: filed.caseId,
        machine: referralMachine,
        actor: SYSTEM_ACTOR('referral'),
        // The deterministic id makes a redelivered CaseFiled find the stream already there.
        expected: 'no_stream',
        correlationId: event.correlationid,
        causationId: event.id,
        decide: () => [
          {
            ...draft.event,
            metadata: {
              ruleSetVersion: RULE_SET.version,
              ...(draft.accumulated ? { accumulated: draft.accumulated } : {}),
            },
          },
        ],
      });
    } catch (error) {
      // Already drafted by an earlier delivery: nothing to do for this target.
      if (error instanceof ConcurrencyConflict || error instanceof IllegalTransition) continue;
      throw error;
    }
  }
}

export function draftOnCaseFiled(ctx: ServiceContext) {
  return react(ctx, {
    name: 'draft-on-case-filed',
    topics: [topicOf('enforcement')],
    handle: (event) => handleCaseFiled(ctx, event),
  });
}
