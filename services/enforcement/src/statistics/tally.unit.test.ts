import { describe, expect, it } from 'vitest';
import { addTally, emptyTally, figuresOf, median } from './tally.ts';

describe('median', () => {
  it('is the middle sample for an odd count and the mean of the middle two for an even one', () => {
    expect(median([48, 6, 72])).toBe(48);
    expect(median([72, 6, 24, 48])).toBe(36);
    expect(median([5])).toBe(5);
    expect(median([])).toBeNull();
  });
});

describe('figuresOf', () => {
  it('derives shares and rates, null where there is nothing to divide by', () => {
    const t = emptyTally();
    t.cluesReported = 3;
    t.cluesVerified = 2;
    t.casesOpened = 7;
    t.casesFiled = 3;
    const f = figuresOf(t);
    expect(f.verifiedShare).toBe(0.6667);
    expect(f.filingRate).toBe(0.4286);
    expect(f.restorationRate).toBeNull();
    expect(f.medianHoursToStop).toBeNull();
  });

  it('rounds a sum of areas, not the samples it is made of', () => {
    const t = emptyTally();
    t.illegalAreaMuByLandClass.pbf = 0.1 + 0.2;
    expect(figuresOf(t).illegalAreaMuByLandClass.pbf).toBe(0.3);
  });
});

describe('addTally', () => {
  it('adds counts and keeps every sample, so a median over months is exact', () => {
    const march = emptyTally();
    march.hoursToStop.push(6, 48);
    march.referrals.byTarget.psb.drafted = 1;
    const april = emptyTally();
    april.hoursToStop.push(24, 72);
    april.referrals.byTarget.psb.drafted = 2;
    const total = addTally(addTally(emptyTally(), march), april);
    expect(total.hoursToStop).toEqual([6, 48, 24, 72]);
    expect(figuresOf(total).medianHoursToStop).toBe(36);
    expect(total.referrals.byTarget.psb.drafted).toBe(3);
  });

  it('reads a stored document that lacks figures as zeros', () => {
    const total = addTally(emptyTally(), { cluesReported: 2, cluesBySource: { satellite: 2 } as never });
    expect(total.cluesReported).toBe(2);
    expect(total.cluesBySource.satellite).toBe(2);
    expect(total.cluesBySource.drone).toBe(0);
    expect(total.overdue.referral).toBe(0);
  });
});
