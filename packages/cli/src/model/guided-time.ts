import type { EnforcementCaseContext, RemediationContext } from '@landcase/lifecycle';

// Guided commands are built from the state they are guided into: a date they carry never lies
// before what the aggregate already recorded, since a random command earlier in the sequence may
// have filed the case in December or recorded progress in the autumn. The model's example dates
// are kept whenever they already come after every recorded fact, so the graph paths (which record
// only the examples) send the same bodies as before.

const DAY_MS = 86_400_000;

type Instant = string | null | undefined;

/** `example`, or `days` after the latest of `facts` when that is later. */
export function notBefore(example: string, facts: readonly Instant[], days = 1): string {
  const latest = Math.max(...facts.map((f) => (f ? Date.parse(f) : Number.NEGATIVE_INFINITY)));
  const floor = latest + days * DAY_MS;
  return Date.parse(example) >= floor ? example : new Date(floor).toISOString();
}

/** Every instant at which something happened to the case (due dates such as `complyBy` aside). */
export function caseHappenings(c: EnforcementCaseContext): Instant[] {
  return [
    c.discoveredAt,
    c.stopOrder?.servedAt,
    ...c.stopRefusals,
    c.stoppedAt,
    c.filing?.filedAt,
    c.hearing?.heldAt,
    c.decision?.servedAt,
    ...c.remedies.flatMap((r) => [r.at, r.outcome?.decidedAt]),
    ...c.compliance.map((x) => x.observedAt),
    ...c.courtApplications.flatMap((a) => [a.reminderServedAt, a.appliedAt]),
    ...c.courtAppeals.map((a) => a.appealedAt),
    c.restoredAt,
    ...c.interferences.map((i) => i.occurredAt),
    ...c.decisionExtensions.map((e) => e.approvedAt),
    ...c.serviceRefusals.map((r) => r.sentAt),
    ...c.defenceStatements.map((d) => d.receivedAt),
  ];
}

/** Every instant at which something happened to the remediation. */
export function remediationHappenings(c: RemediationContext): Instant[] {
  return [
    ...c.progress.map((p) => p.observedAt),
    c.quotaDeduction?.deductedAt,
    c.pbfRedesignation?.redesignatedAt,
  ];
}
