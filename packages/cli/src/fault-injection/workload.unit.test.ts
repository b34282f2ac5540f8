import { describe, expect, it } from 'vitest';
import { type CaseFacts, differenceFrom, Progress } from './workload.ts';

const reference: CaseFacts = {
  clue: 'verified.illegal',
  enforcement: 'filed',
  referrals: ['disc:drafted', 'psb:drafted'],
  events: { ClueReported: 1, CaseOpened: 1, ReferralDrafted: 2 },
  repeatedIds: 0,
};

describe('differenceFrom', () => {
  it('finds nothing between a case and itself', () => {
    expect(differenceFrom(reference, reference)).toEqual({ lost: 0, doubled: 0, states: [] });
  });

  it('counts missing events as lost, extra ones and repeated ids as doubled, and names a differing state', () => {
    const facts: CaseFacts = {
      ...reference,
      enforcement: 'opened',
      referrals: ['psb:drafted'],
      events: { ClueReported: 1, CaseOpened: 2, ReferralDrafted: 1, PartyMatchSuspected: 1 },
      repeatedIds: 1,
    };
    expect(differenceFrom(reference, facts)).toEqual({
      lost: 1,
      doubled: 3,
      states: ['case opened', 'referrals psb:drafted'],
    });
  });
});

describe('Progress', () => {
  it('resolves a wait once that many steps are done, and at once for a count already reached', async () => {
    const progress = new Progress();
    const order: string[] = [];
    const two = progress.reached(2).then(() => order.push('two'));
    progress.step();
    await Promise.resolve();
    expect(order).toEqual([]);
    progress.step();
    await two;
    await progress.reached(1).then(() => order.push('one'));
    expect(order).toEqual(['two', 'one']);
    expect(progress.done).toBe(2);
  });
});
