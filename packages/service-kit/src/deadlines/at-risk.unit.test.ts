import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deadlinesAtRisk,
  laggingGroup,
  laggingRelay,
  longestWaitSeconds,
  type OpenDeadlineDoc,
} from './at-risk.ts';

const NOW = new Date('2026-03-05T02:00:00.000Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();

const deadline = (n: number, dueInSeconds: number, more: Partial<OpenDeadlineDoc> = {}): OpenDeadlineDoc => ({
  caseId: `LC-${n}`,
  streamId: `enforcement.case-${n}`,
  service: 'enforcement',
  deadlineId: `deadline.case.filing@${n}`,
  rule: 'deadline.case.filing',
  state: 'awaitingFiling',
  dueAt: at(dueInSeconds),
  open: true,
  ...more,
});

describe('deadlinesAtRisk', () => {
  it("lists the open deadlines due between now and now + the stream's wait + the margin", () => {
    const deadlines = [
      deadline(1, -1), // already past: the scheduler's, not a risk of lag
      deadline(2, 0), // due now: included
      deadline(3, 600), // the wait's end: included
      deadline(4, 660), // the margin's end: included
      deadline(5, 661), // beyond: not
    ];
    const risk = deadlinesAtRisk(deadlines, [laggingGroup('enforcement.open-case', 600)], NOW, 60_000);
    expect(risk.map((r) => r.caseId)).toEqual(['LC-2', 'LC-3', 'LC-4']);
    expect(risk[0]).toEqual({
      caseId: 'LC-2',
      streamId: 'enforcement.case-2',
      service: 'enforcement',
      deadlineId: 'deadline.case.filing@2',
      rule: 'deadline.case.filing',
      state: 'awaitingFiling',
      dueAt: at(0),
      endangeredBy: ['consumer:enforcement.open-case'],
    });
  });

  it('lists nothing when no stream lags, however close a deadline is', () => {
    const deadlines = [deadline(1, 1), deadline(2, 30)];
    expect(deadlinesAtRisk(deadlines, [], NOW, 300_000)).toEqual([]);
    expect(
      deadlinesAtRisk(
        deadlines,
        [laggingRelay('detection', 0), laggingGroup('enforcement.x', 0)],
        NOW,
        300_000,
      ),
    ).toEqual([]);
  });

  it("ties a consumer group to its own service's deadlines and a relay to every service's", () => {
    const deadlines = [
      deadline(1, 100),
      deadline(2, 100, { service: 'referral', streamId: 'referral.referral-2' }),
    ];
    const byGroup = deadlinesAtRisk(deadlines, [laggingGroup('referral.replies', 200)], NOW, 0);
    expect(byGroup.map((r) => [r.caseId, r.endangeredBy])).toEqual([['LC-2', ['consumer:referral.replies']]]);
    const byRelay = deadlinesAtRisk(deadlines, [laggingRelay('detection', 200)], NOW, 0);
    expect(byRelay.map((r) => [r.caseId, r.endangeredBy])).toEqual([
      ['LC-1', ['relay:detection']],
      ['LC-2', ['relay:detection']],
    ]);
  });

  it('names every stream whose wait reaches it, longest first, and only those', () => {
    const risk = deadlinesAtRisk(
      [deadline(1, 100), deadline(2, 500)],
      [laggingRelay('detection', 120), laggingGroup('enforcement.open-case', 600), laggingGroup('x', 50)],
      NOW,
      0,
    );
    expect(risk.map((r) => [r.caseId, r.endangeredBy])).toEqual([
      ['LC-1', ['consumer:enforcement.open-case', 'relay:detection']],
      ['LC-2', ['consumer:enforcement.open-case']],
    ]);
  });

  it('skips deadlines that are not open, and lists one deadline once', () => {
    const risk = deadlinesAtRisk(
      [deadline(1, 10, { open: false }), deadline(2, 10), deadline(2, 10)],
      [laggingRelay('detection', 60)],
      NOW,
      0,
    );
    expect(risk.map((r) => r.caseId)).toEqual(['LC-2']);
  });

  it('sorts by due instant', () => {
    const risk = deadlinesAtRisk(
      [deadline(1, 300), deadline(2, 5), deadline(3, 60)],
      [laggingRelay('detection', 600)],
      NOW,
      0,
    );
    expect(risk.map((r) => r.caseId)).toEqual(['LC-2', 'LC-3', 'LC-1']);
  });

  it('property: a deadline is listed exactly when it is open and due within the longest applicable wait + margin', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ due: fc.integer({ min: -1000, max: 5000 }), open: fc.boolean() }), {
          maxLength: 20,
        }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (specs, waits, marginMs) => {
          const deadlines = specs.map((s, i) => deadline(i, s.due, { open: s.open }));
          const lagging = waits.map((w, i) => laggingRelay(`s${i}`, w));
          const listed = new Set(deadlinesAtRisk(deadlines, lagging, NOW, marginMs).map((r) => r.caseId));
          const longest = longestWaitSeconds(lagging);
          specs.forEach((s, i) => {
            const expected = s.open && longest > 0 && s.due >= 0 && s.due * 1000 <= longest * 1000 + marginMs;
            expect(listed.has(`LC-${i}`)).toBe(expected);
          });
        },
      ),
    );
  });
});

describe('laggingGroup', () => {
  it('ties a group to the service its name starts with', () => {
    expect(laggingGroup('enforcement.open-case', 5)).toEqual({
      name: 'consumer:enforcement.open-case',
      service: 'enforcement',
      waitSeconds: 5,
    });
    expect(laggingGroup('nodot', 5)).toEqual({ name: 'consumer:nodot', waitSeconds: 5 });
  });
});
