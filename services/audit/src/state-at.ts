import { evolve, HistoryConflictError, initialOf, stateString } from '@landcase/lifecycle';
import { type Aggregate, aggregateNamed, aggregateOfEvent } from './aggregates.ts';
import type { LedgerDoc } from './ledger-entry.ts';

// A case as it stood at an instant: each service's events of the case with a time up to that
// instant, folded through the same machines the services use. Each service's events are folded in
// that service's own order (its store position, carried as the CloudEvent sequence), which is the
// order its machine saw them in, whatever order the topics delivered them to the ledger.
//
// An id is not always an enforcement case's: a historical batch's events carry the batch id, a
// division assessment's `assessment-<division>-<year>`. The machine is the one the events name
// (aggregates.ts), so a batch folds through the batch machine and an assessment through its own.

export interface ServiceState {
  /** The lifecycle machine the events were folded through (`clue`, `historicalBatch`, …). */
  aggregate: string;
  state: string;
  events: number;
  lastEventAt: string;
  /** The event that put the machine in this state, and who recorded it. */
  producedBy: {
    event: string;
    id: string;
    position: number;
    actor: string;
    agency: string;
    time: string;
  } | null;
  /** The rule-set version the latest rule-decided event of this history names, if any. */
  ruleSetVersion: string | null;
  /**
   * Events the machine did not take where the history had led it (a repeated missed deadline, an
   * event of a newer version). They are listed, not hidden: an auditor wants to see them.
   */
  notApplied: { position: number; name: string; state: string }[];
}

export interface CaseStateAt {
  caseId: string;
  at: string;
  services: {
    /** A clue's, or a historical batch's when the id is a batch's. */
    detection: ServiceState | null;
    /** A case's, or a division assessment's when the id is an assessment's. */
    enforcement: ServiceState | null;
    /** One referral machine per referral id. */
    referral: Record<string, ServiceState>;
    /** One machine per procuratorial recommendation, by recommendation id (the referral service's too). */
    recommendation: Record<string, ServiceState>;
    /**
     * One machine per possible same party raised on the case, by match id (the referral service's
     * too): the case is the later of the two, whose filing raised it.
     */
    partyMatch: Record<string, ServiceState>;
    remediation: ServiceState | null;
  };
}

/** The rule-set version an event names: the `rulesetversion` extension, else its data's field. */
function ruleSetVersionOf(e: LedgerDoc): string | undefined {
  if (typeof e.ruleSetVersion === 'string' && e.ruleSetVersion !== '') return e.ruleSetVersion;
  const inData = (e.data as { ruleSetVersion?: unknown } | null)?.ruleSetVersion;
  return typeof inData === 'string' && inData !== '' ? inData : undefined;
}

/** The producer's order (its store position), the ledger's where the producer sent none. */
const producerOrder = (a: LedgerDoc, b: LedgerDoc): number =>
  (a.producerSequence ?? a.sequence) - (b.producerSequence ?? b.sequence) || a.sequence - b.sequence;

/**
 * Folds one aggregate's events through the machine the first of them that names an aggregate
 * names; `fallback` when none does (only a scheduler's events). An event of another aggregate in
 * the same history is listed as not applied, as any event the machine refuses.
 */
function fold(fallback: string, entries: LedgerDoc[]): ServiceState | null {
  if (entries.length === 0) return null;
  const ordered = [...entries].sort(producerOrder);
  const aggregate: Aggregate =
    ordered.map((e) => aggregateOfEvent(e.name)).find((a) => a !== undefined) ?? aggregateNamed(fallback);
  const { machine } = aggregate;
  let snapshot = initialOf(machine);
  const notApplied: ServiceState['notApplied'] = [];
  let producedBy: ServiceState['producedBy'] = null;
  let ruleSetVersion: string | null = null;
  for (const e of ordered) {
    try {
      snapshot = evolve(machine, [{ type: e.name, data: e.data }], snapshot);
    } catch (error) {
      if (!(error instanceof HistoryConflictError)) throw error;
      notApplied.push({ position: e.position, name: e.name, state: stateString(snapshot) });
      continue;
    }
    producedBy = {
      event: e.name,
      id: e.id,
      position: e.position,
      actor: e.actor,
      agency: e.agency,
      time: e.time,
    };
    ruleSetVersion = ruleSetVersionOf(e) ?? ruleSetVersion;
  }
  return {
    aggregate: aggregate.name,
    state: stateString(snapshot),
    events: ordered.length,
    lastEventAt: ordered[ordered.length - 1]!.time,
    producedBy,
    ruleSetVersion,
    notApplied,
  };
}

/**
 * The referral service keeps several aggregates per case: each event goes to the one its data
 * names (`referralId`, `recommendationId`, `matchId`), the scheduler's DeadlineMissed and
 * EscalationRaised included. Those the scheduler recorded before it named the aggregate can only be
 * placed when the case has a single referral (they come from referral streams); otherwise they
 * move no machine. A possible same party runs no deadline, so the scheduler never names one.
 */
function placeReferralServiceEvents(entries: readonly LedgerDoc[]): {
  referrals: Map<string, LedgerDoc[]>;
  recommendations: Map<string, LedgerDoc[]>;
  partyMatches: Map<string, LedgerDoc[]>;
} {
  const referrals = new Map<string, LedgerDoc[]>();
  const recommendations = new Map<string, LedgerDoc[]>();
  const partyMatches = new Map<string, LedgerDoc[]>();
  const unnamed: LedgerDoc[] = [];
  const add = (map: Map<string, LedgerDoc[]>, id: string, e: LedgerDoc) =>
    map.set(id, [...(map.get(id) ?? []), e]);
  for (const e of entries) {
    const data = (e.data ?? {}) as { referralId?: unknown; recommendationId?: unknown; matchId?: unknown };
    if (typeof data.referralId === 'string') add(referrals, data.referralId, e);
    else if (typeof data.recommendationId === 'string') add(recommendations, data.recommendationId, e);
    else if (typeof data.matchId === 'string') add(partyMatches, data.matchId, e);
    else unnamed.push(e);
  }
  const [only, ...others] = referrals.keys();
  if (only !== undefined && others.length === 0) for (const e of unnamed) add(referrals, only, e);
  return { referrals, recommendations, partyMatches };
}

export function caseStateAt(caseId: string, entries: readonly LedgerDoc[], at: Date): CaseStateAt {
  const cutoff = at.getTime();
  const upTo = entries.filter((e) => Date.parse(e.time) <= cutoff);
  const of = (service: string) => upTo.filter((e) => e.service === service);

  const { referrals, recommendations, partyMatches } = placeReferralServiceEvents(of('referral'));
  const referral: Record<string, ServiceState> = {};
  for (const [id, list] of referrals) referral[id] = fold('referral', list)!;
  const recommendation: Record<string, ServiceState> = {};
  for (const [id, list] of recommendations) recommendation[id] = fold('recommendation', list)!;
  const partyMatch: Record<string, ServiceState> = {};
  for (const [id, list] of partyMatches) partyMatch[id] = fold('partyMatch', list)!;

  return {
    caseId,
    at: at.toISOString(),
    services: {
      detection: fold('clue', of('detection')),
      enforcement: fold('enforcementCase', of('enforcement')),
      referral,
      recommendation,
      partyMatch,
      remediation: fold('remediation', of('remediation')),
    },
  };
}
