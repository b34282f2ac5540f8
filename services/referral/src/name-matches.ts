import type { ReferralEventData } from '@landcase/contracts';
import {
  NAME_MATCH_RULE,
  nameMatchScopeOf,
  normalisedName,
  partyMatchIdOf,
  RULE_SET,
  type RuleSet,
  ruleOf,
  withinAccumulationWindow,
} from '@landcase/lifecycle';
import type { PartyCaseDoc } from './party-cases.ts';
import { conflictOf, filingOrder, joined, type PartyGraph } from './party-graph.ts';

// A name alone identifies no one: two cases whose parties carry the same kind and name in one
// county, within the window in which their occupations would add up, raise a possible same party
// for the bureau to confirm or reject, and nothing adds up until it confirms (rule
// party.match.county). Pure: the CaseFiled reaction gives it the cases and their party graphs.

export interface NameMatchCandidate {
  /** A case whose party carries the same kind and name in the same county. */
  other: PartyCaseDoc;
  /** That case's party graph. */
  graph: PartyGraph;
  /**
   * A match between a case of this graph and one of `filed`'s was raised before: the question is
   * already asked (or answered) of these two parties, and another pair of their cases asks nothing new.
   */
  asked: boolean;
}

/**
 * The cases `filed` may be the same party as by name: named alike, within the window, not already
 * known as one party, not known as two (different identifiers, or the bureau held them apart), and
 * not already asked about. Never the case itself.
 */
export function nameMatchesOf(
  filed: PartyCaseDoc,
  own: PartyGraph,
  candidates: readonly NameMatchCandidate[],
  ruleSet: RuleSet = RULE_SET,
): PartyCaseDoc[] {
  if (filed.nameKey === null) return [];
  const known = new Set(own.cases.map((c) => c.caseId));
  const matches: PartyCaseDoc[] = [];
  const ordered = [...candidates].sort((a, b) => filingOrder(a.other, b.other));
  for (const { other, graph, asked } of ordered) {
    if (
      asked ||
      other.caseId === filed.caseId ||
      other.nameKey !== filed.nameKey ||
      known.has(other.caseId) ||
      !withinAccumulationWindow(filed.filedAt, other.filedAt, ruleSet) ||
      conflictOf(joined(own, graph)) !== null
    ) {
      continue;
    }
    matches.push(other);
    // One question per other party: its other cases named alike ask the same one.
    for (const c of graph.cases) known.add(c.caseId);
  }
  return matches;
}

export type PartyMatchSuspected = ReferralEventData['PartyMatchSuspected'];

const matchedCase = (c: PartyCaseDoc) => ({
  caseId: c.caseId,
  divisionCode: c.divisionCode,
  filingNo: c.filingNo,
  filedAt: c.filedAt,
  landClass: c.landClass,
  areaMu: c.areaMu,
  party: c.party,
});

/** The possible same party between two cases, on the later one (whose filing raised it). */
export function decidePartyMatch(
  a: PartyCaseDoc,
  b: PartyCaseDoc,
  now: Date,
  ruleSet: RuleSet = RULE_SET,
): PartyMatchSuspected {
  const [earlier, later] = filingOrder(a, b) <= 0 ? [a, b] : [b, a];
  const rule = ruleOf(ruleSet, NAME_MATCH_RULE);
  return {
    caseId: later.caseId,
    matchId: partyMatchIdOf(a.caseId, b.caseId),
    cases: [matchedCase(earlier), matchedCase(later)],
    kind: later.party.kind,
    name: normalisedName(later.party.name),
    countyCode: nameMatchScopeOf(later.divisionCode, ruleSet) ?? later.divisionCode,
    ruleId: rule.id,
    source: rule.source,
    ruleSetVersion: ruleSet.version,
    raisedAt: now.toISOString(),
  };
}
