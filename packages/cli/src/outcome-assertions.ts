import { expect } from 'vitest';
import { HAPPY_PATH_EVENT_COUNT, HAPPY_PATH_EVENTS, type readOutcome } from './happy-path.ts';

const serviceOf = (entry: any): string => entry.service ?? String(entry.type).split('.')[1];
const nameOf = (entry: any): string => {
  const parts = String(entry.type).split('.');
  return parts.length >= 4 ? parts[2]! : String(entry.type);
};

/** The assertions both e2e runs make on the end state: each service's state and the full timeline. */
export function expectHappyPathOutcome(outcome: Awaited<ReturnType<typeof readOutcome>>, caseId: string) {
  expect(outcome.clue.state).toBe('verified.illegal');
  expect(outcome.enforcementCase.state).toBe('closed');
  expect(outcome.psbReferral.state).toBe('accepted');
  // The police signed for exactly the documents the bureau attached (Order 310 arts. 6-7).
  const attached = (outcome.psbReferral.documents as { sha256?: string; attachedAt?: string }[])
    .filter((d) => d.attachedAt)
    .map((d) => d.sha256);
  expect(attached).toHaveLength(3);
  expect(outcome.psbReferral.requiredDocuments.missing).toEqual([]);
  expect(outcome.psbReferral.receipt.documents.map((d: { sha256: string }) => d.sha256)).toEqual(attached);
  expect(outcome.remediation.state).toBe('accepted');

  const timeline: any[] = outcome.timeline;
  // In ledger order, every entry belongs to the case and positions only grow.
  const positions = timeline.map((e) => Number(e.position));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  for (const service of Object.keys(HAPPY_PATH_EVENTS) as (keyof typeof HAPPY_PATH_EVENTS)[]) {
    const names = timeline.filter((e) => serviceOf(e) === service).map(nameOf);
    expect(names, `${service} events in the timeline`).toEqual([...HAPPY_PATH_EVENTS[service]]);
  }
  // Across services the ledger keeps arrival order, which Kafka does not tie to the order the
  // services wrote in; within a service (one topic, keyed by case) the order is the service's own.
  expect(timeline).toHaveLength(HAPPY_PATH_EVENT_COUNT);
  for (const entry of timeline) {
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.actor).toBeTruthy();
  }
  expect(outcome.verification).toMatchObject({ valid: true, checked: timeline.length });
  expect(caseId).toBeTruthy();
}
