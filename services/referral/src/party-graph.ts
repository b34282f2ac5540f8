import type { PriorOccupation, SamePartyConfirmation } from '@landcase/lifecycle';
import type { PartyCaseDoc } from './party-cases.ts';
import type { PartyLinkDoc } from './party-links.ts';

// The cases of one party as far as the records show it: cases whose parties carry the same
// identifier, joined by the bureau's confirmations of name matches, transitively (the party of A
// is B's, B's is C's: A's is C's). Pure: same-party.ts loads it from the read models.

export interface PartyGraph {
  /** The cases, in filing order. */
  cases: PartyCaseDoc[];
  /** The confirmed matches among them. */
  confirmed: PartyLinkDoc[];
  /** The rejected matches any of them is in. */
  rejected: PartyLinkDoc[];
}

/** Filing order: the filing time, then the case id, so that every reader agrees on it. */
export const filingOrder = (a: PartyCaseDoc, b: PartyCaseDoc): number =>
  Date.parse(a.filedAt) - Date.parse(b.filedAt) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

export const confirmationOf = (link: PartyLinkDoc): SamePartyConfirmation => ({
  matchId: link.id,
  caseIds: link.caseIds,
  confirmedBy: link.by,
  confirmedAt: link.at,
});

/**
 * For each case of the graph, the confirmations on a path from `from` to it with the fewest of
 * them: a shared identifier joins at no cost, so a sum rests on a confirmation only where names
 * alone joined the parties. Cases the graph does not connect to `from` are left out.
 */
export function confirmationPaths(graph: PartyGraph, from: string): Map<string, SamePartyConfirmation[]> {
  const neighbours = new Map<string, { caseId: string; via: SamePartyConfirmation | null }[]>();
  const link = (a: string, b: string, via: SamePartyConfirmation | null) =>
    neighbours.set(a, [...(neighbours.get(a) ?? []), { caseId: b, via }]);
  for (const a of graph.cases) {
    for (const b of graph.cases) {
      if (a !== b && a.identity !== null && a.identity === b.identity) link(a.caseId, b.caseId, null);
    }
  }
  for (const confirmed of graph.confirmed) {
    const [a, b] = confirmed.caseIds as [string, string];
    link(a, b, confirmationOf(confirmed));
    link(b, a, confirmationOf(confirmed));
  }
  // Dijkstra over the number of confirmations; a party has few cases.
  const paths = new Map<string, SamePartyConfirmation[]>([[from, []]]);
  const done = new Set<string>();
  for (;;) {
    let next: string | undefined;
    for (const [caseId, path] of paths) {
      if (!done.has(caseId) && (next === undefined || path.length < paths.get(next)!.length)) next = caseId;
    }
    if (next === undefined) return paths;
    done.add(next);
    const path = paths.get(next)!;
    for (const { caseId, via } of neighbours.get(next) ?? []) {
      if (done.has(caseId)) continue;
      const through = via ? [...path, via] : path;
      const known = paths.get(caseId);
      if (!known || through.length < known.length) paths.set(caseId, through);
    }
  }
}

/**
 * The occupations of the party filed before `caseId`, each with the confirmations it rests on:
 * what the accumulation rule adds to this case (it keeps those of the same land class within its
 * window). Only earlier ones: a later case carries the sum, so no occupation is referred twice
 * for adding up with the same ones.
 */
export function priorOccupationsOf(graph: PartyGraph, caseId: string): PriorOccupation[] {
  const self = graph.cases.find((c) => c.caseId === caseId);
  if (!self) return [];
  const paths = confirmationPaths(graph, caseId);
  return graph.cases
    .filter((c) => c.caseId !== caseId && filingOrder(c, self) < 0 && paths.has(c.caseId))
    .map((c) => ({
      caseId: c.caseId,
      landClass: c.landClass,
      areaMu: c.areaMu,
      at: c.filedAt,
      confirmations: paths.get(c.caseId)!,
    }));
}

/** Two graphs as one party: what confirming a match between them would make. */
export function joined(a: PartyGraph, b: PartyGraph): PartyGraph {
  const cases = new Map([...a.cases, ...b.cases].map((c) => [c.caseId, c]));
  const byId = (links: PartyLinkDoc[]) => [...new Map(links.map((l) => [l.id, l])).values()];
  return {
    cases: [...cases.values()].sort(filingOrder),
    confirmed: byId([...a.confirmed, ...b.confirmed]),
    rejected: byId([...a.rejected, ...b.rejected]),
  };
}

/**
 * Why the graph's cases cannot all be one party, or null when they can: their parties carry two
 * different identifiers, or the bureau held two of them apart. Identifiers are not repeated here.
 */
export function conflictOf(graph: PartyGraph): string | null {
  const withIdentity = graph.cases.filter((c) => c.identity !== null);
  const other = withIdentity.find((c) => c.identity !== withIdentity[0]!.identity);
  if (other) {
    return `the parties of ${withIdentity[0]!.caseId} and ${other.caseId} carry different identifiers`;
  }
  const members = new Set(graph.cases.map((c) => c.caseId));
  const apart = graph.rejected.find((r) => r.caseIds.every((caseId) => members.has(caseId)));
  if (apart) {
    return `the parties of ${apart.caseIds.join(' and ')} were held two parties by ${apart.by} at ${apart.at} (${apart.id})`;
  }
  return null;
}
