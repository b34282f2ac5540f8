import {
  clueMachine,
  enforcementCaseMachine,
  evolve,
  HistoryConflictError,
  initialOf,
  recommendationMachine,
  referralMachine,
  remediationMachine,
  stateString,
} from '@landcase/lifecycle';
import type { LedgerDoc } from './ledger-entry.ts';

// A case as it stood at an instant: each service's events of the case with a time up to that
// instant, folded through the same machines the services use. Each service's events are folded in
// that service's own order (its store position, carried as the CloudEvent sequence), which is the
// order its machine saw them in, whatever order the topics delivered them to the ledger.

export interface ServiceState {
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
    detection: ServiceState | null;
    enforcement: ServiceState | null;
    /** One referral machine per referral id. */
    referral: Record<string, ServiceState>;
    /** One machine per procuratorial recommendation, by recommendation id (the referral service's too). */
    recommendation: Record<string, ServiceState>;
    remediation: ServiceState | null;
  };
}

type Machine = Parameters<typeof evolve>[0];

/** The rule-set version an event names: the `rulesetversion` extension, else its data's field. */
function ruleSetVersionOf(e: LedgerDoc): string | undefined {
  if (typeof e.ruleSetVersion === 'string' && e.ruleSetVersion !== '') return e.ruleSetVersion;
  const inData = (e.data as { ruleSetVersion?: unknown } | null)?.ruleSetVersion;
  return typeof inData === 'string' && inData !== '' ? inData : undefined;
}

function fold(machine: Machine, entries: LedgerDoc[]): ServiceState | null {
  if (entries.length === 0) return null;
  const ordered = [...entries].sort(
    (a, b) =>
      (a.producerSequence ?? a.sequence) - (b.producerSequence ?? b.sequence) || a.sequence - b.sequence,
  );
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
 * names (`referralId`, `recommendationId`), the scheduler's DeadlineMissed and EscalationRaised
 * included. Those the scheduler recorded before it named the aggregate can only be placed when the
 * case has a single referral (they come from referral streams); otherwise they move no machine.
 */
export function placeReferralServiceEvents(entries: readonly LedgerDoc[]): {
  referrals: Map<string, LedgerDoc[]>;
  recommendations: Map<string, LedgerDoc[]>;
} {
  const referrals = new Map<string, LedgerDoc[]>();
  const recommendations = new Map<string, LedgerDoc[]>();
  const unnamed: LedgerDoc[] = [];
  const add = (map: Map<string, LedgerDoc[]>, id: string, e: LedgerDoc) =>
    map.set(id, [...(map.get(id) ?? []), e]);
  for (const e of entries) {
    const data = (e.data ?? {}) as { referralId?: unknown; recommendationId?: unknown };
    if (typeof data.referralId === 'string') add(referrals, data.referralId, e);
    else if (typeof data.recommendationId === 'string') add(recommendations, data.recommendationId, e);
    else unnamed.push(e);
  }
  const [only, ...others] = referrals.keys();
  if (only !== undefined && others.length === 0) for (const e of unnamed) add(referrals, only, e);
  return { referrals, recommendations };
}

export function caseStateAt(caseId: string, entries: readonly LedgerDoc[], at: Date): CaseStateAt {
  const cutoff = at.getTime();
  const upTo = entries.filter((e) => Date.parse(e.time) <= cutoff);
  const of = (service: string) => upTo.filter((e) => e.service === service);

  const { referrals, recommendations } = placeReferralServiceEvents(of('referral'));
  const referral: Record<string, ServiceState> = {};
  for (const [id, list] of referrals) referral[id] = fold(referralMachine as Machine, list)!;
  const recommendation: Record<string, ServiceState> = {};
  for (const [id, list] of recommendations) {
    recommendation[id] = fold(recommendationMachine as Machine, list)!;
  }

  return {
    caseId,
    at: at.toISOString(),
    services: {
      detection: fold(clueMachine as Machine, of('detection')),
      enforcement: fold(enforcementCaseMachine as Machine, of('enforcement')),
      referral,
      recommendation,
      remediation: fold(remediationMachine as Machine, of('remediation')),
    },
  };
}
