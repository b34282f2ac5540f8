import {
  type CloudEvent,
  type EnforcementEventData,
  EnforcementEvents,
  parseType,
  SYSTEM_ACTOR,
  topicOf,
} from '@landcase/contracts';
import { partyMatchIdOf, partyMatchMachine, RULE_SET, withinAccumulationWindow } from '@landcase/lifecycle';
import { checkedData, openStreamOnce, react, type ServiceContext } from '@landcase/service-kit';
import { decidePartyMatch, type NameMatchCandidate, nameMatchesOf } from '../name-matches.ts';
import { casesNamed, type PartyCaseDoc, recordPartyCase } from '../party-cases.ts';
import type { PartyGraph } from '../party-graph.ts';
import { partyMatchStreamId } from '../party-match.ts';
import { samePartyOf } from '../same-party.ts';
import { draftForParty } from './party-drafts.ts';

// When enforcement files a case, the referral rules decide which agencies must get it
// (PBF ≥ 5 mu or farmland ≥ 10 mu → police and discipline commission) and a referral is drafted
// for each, in the bureau's name, for the head to approve. The party's earlier occupations within
// a year add up for the police (法释〔2000〕14号 art. 9) where the party is known to be the same:
// by the same valid identifier, or by the bureau's confirmation of a name match. A party named
// like one of another case in the county, without identifiers that settle it, raises a possible
// same party instead, and nothing adds up on the name alone.

type CaseFiled = EnforcementEventData['CaseFiled'];

/**
 * Raises a possible same party between the filed case and each case it may be the same party as
 * by name, once per pair: a pair raised before (and perhaps rejected) is never raised again.
 */
async function raiseNameMatches(
  ctx: ServiceContext,
  cause: CloudEvent,
  filed: PartyCaseDoc,
  graph: PartyGraph,
): Promise<void> {
  if (filed.nameKey === null) return;
  const known = new Set(graph.cases.map((c) => c.caseId));
  const candidates: NameMatchCandidate[] = [];
  for (const other of await casesNamed(ctx.readModels, filed.nameKey)) {
    if (known.has(other.caseId) || !withinAccumulationWindow(filed.filedAt, other.filedAt)) continue;
    const otherGraph = await samePartyOf(ctx.readModels, [other.caseId]);
    candidates.push({ other, graph: otherGraph, asked: await askedBefore(ctx, graph, otherGraph) });
  }
  for (const other of nameMatchesOf(filed, graph, candidates)) {
    const data = decidePartyMatch(filed, other, ctx.clock.now());
    await openStreamOnce(ctx, {
      streamId: partyMatchStreamId(data.matchId),
      caseId: data.caseId,
      machine: partyMatchMachine,
      actor: SYSTEM_ACTOR('referral'),
      cause,
      decide: () => [{ type: 'PartyMatchSuspected', data, metadata: { ruleSetVersion: RULE_SET.version } }],
    });
  }
}

/**
 * Whether a match was raised between any case of one graph and any of the other: read from the
 * matches' own streams, which the answer reaches before the read models do.
 */
async function askedBefore(ctx: ServiceContext, a: PartyGraph, b: PartyGraph): Promise<boolean> {
  for (const x of a.cases) {
    for (const y of b.cases) {
      if (x.caseId === y.caseId) continue;
      const stream = await ctx.store.readStream(partyMatchStreamId(partyMatchIdOf(x.caseId, y.caseId)));
      if (stream.length > 0) return true;
    }
  }
  return false;
}

export async function handleCaseFiled(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  if (parseType(event.type)?.name !== 'CaseFiled') return;
  const filed = checkedData<CaseFiled>(EnforcementEvents.CaseFiled, event, 'CaseFiled');
  // Recorded before the party's other cases are read, so that of two cases of one party filed at
  // once the one read last sees the other; a redelivery finds it recorded and changes nothing.
  const version = (event as { rulesetversion?: unknown }).rulesetversion;
  const recorded = await recordPartyCase(
    ctx.readModels,
    filed,
    undefined,
    typeof version === 'string' ? version : undefined,
  );
  const graph = await samePartyOf(ctx.readModels, [recorded.caseId]);
  await draftForParty(ctx, event, graph, recorded.caseId);
  await raiseNameMatches(ctx, event, recorded, graph);
}

export function draftOnCaseFiled(ctx: ServiceContext) {
  return react(ctx, {
    // A group of its own since the parties are recorded per case: a deployment upgrading to it
    // reads the enforcement topic from the start and records the cases filed before.
    name: 'draft-and-match-on-case-filed',
    topics: [topicOf('enforcement')],
    handle: (event) => handleCaseFiled(ctx, event),
  });
}
