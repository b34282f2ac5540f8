import { decisionDueAt } from '@landcase/enforcement';
import { enforcementCaseMachine, evolve, initialOf, loadCalendar } from '@landcase/lifecycle';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphabet } from './alphabet.ts';
import { notBefore } from './guided-time.ts';

const calendar = loadCalendar();
const opened = alphabet('enforcementCase', initialOf(enforcementCaseMachine)).find(
  (e) => e.type === 'CaseOpened' && e.data.ongoing === false,
)!;

/** The case filed at `filedAt` (then extended to each of `extensions`), as a random command would. */
function filedAt(filedAt: string, extensions: string[] = []) {
  const events = [
    opened,
    { type: 'CaseFiled', data: { ...opened.data, filingNo: 'F-1', filedAt } },
    ...extensions.map((extendedUntil) => ({
      type: 'DecisionPeriodExtended',
      data: {
        caseId: opened.data.caseId,
        extendedUntil,
        reason: 'r',
        approvedBy: 'nrb:x',
        approvedAt: filedAt,
      },
    })),
  ];
  return evolve(enforcementCaseMachine, events);
}

const guided = (snapshot: ReturnType<typeof filedAt>, type: string) =>
  alphabet('enforcementCase', snapshot).filter((e) => e.type === type);

describe('guided dates', () => {
  it('keep the example when it already comes after every fact, move past the latest fact otherwise', () => {
    expect(notBefore('2026-03-06T10:00:00+08:00', ['2026-03-02T09:00:00+08:00'])).toBe(
      '2026-03-06T10:00:00+08:00',
    );
    expect(notBefore('2026-03-06T10:00:00+08:00', ['2026-11-02T00:00:00.000Z'], 3)).toBe(
      '2026-11-05T00:00:00.000Z',
    );
    expect(notBefore('2026-03-06T10:00:00+08:00', [null, undefined])).toBe('2026-03-06T10:00:00+08:00');
  });

  // Seed 517599546: filed at 16:00Z on 1 May, the 90 days end at 24:00 on 31 July China time,
  // after the model's fixed 31 July 18:00.
  it('extend the decision period past the due instant of a filing on the boundary', () => {
    const snapshot = filedAt('2026-05-01T16:00:00.000Z');
    const due = decisionDueAt(snapshot.context, calendar)!;
    expect(due.toISOString()).toBe('2026-07-31T15:59:59.999Z');
    const [extension] = guided(snapshot, 'DecisionPeriodExtended');
    expect(Date.parse(extension!.data.extendedUntil as string)).toBeGreaterThan(due.getTime());
  });

  it('extend the decision period past the due instant whenever the case was filed or last extended', () => {
    const instant = fc
      .integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2027-06-30T00:00:00Z') })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(instant, fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 2 }), (filing, days) => {
        // Each extension a number of days past the one before it (or the 90 days).
        const extensions: string[] = [];
        for (const d of days) {
          const due = decisionDueAt(filedAt(filing, extensions).context, calendar)!;
          extensions.push(new Date(due.getTime() + d * 86_400_000).toISOString());
        }
        const snapshot = filedAt(filing, extensions);
        const [extension] = guided(snapshot, 'DecisionPeriodExtended');
        expect(extension, 'the machine takes the guided extension').toBeDefined();
        const due = decisionDueAt(snapshot.context, calendar)!;
        expect(Date.parse(extension!.data.extendedUntil as string)).toBeGreaterThan(due.getTime());
      }),
    );
  });

  it('never date a guided command before the filing a random command recorded', () => {
    const snapshot = filedAt('2026-12-20T10:00:00+08:00');
    for (const event of alphabet('enforcementCase', snapshot)) {
      for (const field of ['servedAt', 'observedAt', 'heldAt', 'receivedAt', 'sentAt', 'occurredAt']) {
        const value = event.data[field];
        if (typeof value === 'string') {
          expect(Date.parse(value), `${event.type}.${field}`).toBeGreaterThan(
            Date.parse('2026-12-20T10:00:00+08:00'),
          );
        }
      }
    }
  });
});
