import {
  CLUE_SOURCES,
  type ClueSource,
  LAND_CLASSES,
  type LandClass,
  REFERRAL_TARGETS,
  type ReferralTarget,
  VERDICTS,
  type Verdict,
} from '@landcase/contracts';

// The raw counts of one division and month, and the figures derived from them. Counts add up
// across divisions and months; the stop durations are kept as samples so a median over several
// months is exact, not a median of medians.

export const OVERDUE_SERVICES = ['detection', 'enforcement', 'referral', 'remediation'] as const;
export type OverdueService = (typeof OVERDUE_SERVICES)[number];

export interface ReferralCounts {
  drafted: number;
  accepted: number;
  refused: number;
}

export type Tally = {
  cluesBySource: Record<ClueSource, number>;
  cluesReported: number;
  cluesVerified: number;
  verdicts: Record<Verdict, number>;
  illegalAreaMuByLandClass: Record<LandClass, number>;
  /** Hours from detection (CaseOpened.discoveredAt) to a confirmed stop, one per case stopped. */
  hoursToStop: number[];
  casesOpened: number;
  casesFiled: number;
  referrals: ReferralCounts & { byTarget: Record<ReferralTarget, ReferralCounts> };
  remediationsOpened: number;
  remediationsAccepted: number;
  overdue: Record<OverdueService, number>;
};

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

const noReferrals = (): ReferralCounts => ({ drafted: 0, accepted: 0, refused: 0 });

export function emptyTally(): Tally {
  return {
    cluesBySource: zeros(CLUE_SOURCES),
    cluesReported: 0,
    cluesVerified: 0,
    verdicts: zeros(VERDICTS),
    illegalAreaMuByLandClass: zeros(LAND_CLASSES),
    hoursToStop: [],
    casesOpened: 0,
    casesFiled: 0,
    referrals: {
      ...noReferrals(),
      byTarget: Object.fromEntries(REFERRAL_TARGETS.map((t) => [t, noReferrals()])) as Record<
        ReferralTarget,
        ReferralCounts
      >,
    },
    remediationsOpened: 0,
    remediationsAccepted: 0,
    overdue: zeros(OVERDUE_SERVICES),
  };
}

type Counts = Record<string, number>;

function addCounts(into: Counts, from: Partial<Counts> | undefined): void {
  for (const [key, n] of Object.entries(from ?? {})) into[key] = (into[key] ?? 0) + (n ?? 0);
}

/**
 * Adds `from` into `into` and returns it. `from` may be a stored document written by an older
 * version of this code: a figure it lacks counts as zero, a key it has that `into` lacks is kept.
 */
export function addTally(into: Tally, from: Partial<Tally>): Tally {
  addCounts(into.cluesBySource, from.cluesBySource);
  into.cluesReported += from.cluesReported ?? 0;
  into.cluesVerified += from.cluesVerified ?? 0;
  addCounts(into.verdicts, from.verdicts);
  addCounts(into.illegalAreaMuByLandClass, from.illegalAreaMuByLandClass);
  into.hoursToStop.push(...(from.hoursToStop ?? []));
  into.casesOpened += from.casesOpened ?? 0;
  into.casesFiled += from.casesFiled ?? 0;
  const referrals = from.referrals;
  if (referrals) {
    into.referrals.drafted += referrals.drafted ?? 0;
    into.referrals.accepted += referrals.accepted ?? 0;
    into.referrals.refused += referrals.refused ?? 0;
    const targets = into.referrals.byTarget as Record<string, ReferralCounts>;
    for (const [target, counts] of Object.entries(referrals.byTarget ?? {})) {
      targets[target] ??= noReferrals();
      addCounts(targets[target] as unknown as Counts, counts as unknown as Counts);
    }
  }
  into.remediationsOpened += from.remediationsOpened ?? 0;
  into.remediationsAccepted += from.remediationsAccepted ?? 0;
  addCounts(into.overdue, from.overdue);
  return into;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** `numerator / denominator`, or null when nothing was there to divide by. */
const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : round(numerator / denominator, 4);

/** The middle sample, or the mean of the two middle ones for an even count; null without samples. */
export function median(samples: readonly number[]): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const roundValues = <K extends string>(r: Record<K, number>, digits: number): Record<K, number> =>
  Object.fromEntries(Object.entries<number>(r).map(([k, v]) => [k, round(v, digits)])) as Record<K, number>;

/** The figures a client reads: the counts, with shares, rates and the median derived from them. */
export function figuresOf(t: Tally) {
  const stopMedian = median(t.hoursToStop);
  return {
    cluesBySource: t.cluesBySource,
    cluesReported: t.cluesReported,
    cluesVerified: t.cluesVerified,
    verifiedShare: ratio(t.cluesVerified, t.cluesReported),
    verdicts: t.verdicts,
    illegalAreaMuByLandClass: roundValues(t.illegalAreaMuByLandClass, 4),
    casesStopped: t.hoursToStop.length,
    medianHoursToStop: stopMedian === null ? null : round(stopMedian, 2),
    casesOpened: t.casesOpened,
    casesFiled: t.casesFiled,
    filingRate: ratio(t.casesFiled, t.casesOpened),
    referrals: t.referrals,
    remediationsOpened: t.remediationsOpened,
    remediationsAccepted: t.remediationsAccepted,
    restorationRate: ratio(t.remediationsAccepted, t.remediationsOpened),
    overdue: t.overdue,
  };
}

export type Figures = ReturnType<typeof figuresOf>;
