import { describe, expect, it } from 'vitest';
import { checkDecisionReviews, RULE_SET, reviewsRequiredFor, withOverrides } from './rules.ts';

const demolish = ['demolish', 'restore'] as const;
const none = { collectiveReviewed: false, legalReviewed: false };

describe('the reviews a decision needs (重大案件会审, 法制审核)', () => {
  it('makes a case major at 5 mu of PBF and 10 mu of farmland, not below', () => {
    expect(reviewsRequiredFor({ landClass: 'pbf', areaMu: 5, measures: ['restore'] }).collective).toEqual([
      'penalty.major.pbf-area',
    ]);
    expect(reviewsRequiredFor({ landClass: 'pbf', areaMu: 4.99, measures: ['restore'] })).toEqual({
      collective: [],
      legal: [],
    });
    expect(
      reviewsRequiredFor({ landClass: 'farmland', areaMu: 9.99, measures: ['restore'] }).collective,
    ).toEqual([]);
    expect(
      reviewsRequiredFor({ landClass: 'farmland', areaMu: 10, measures: ['restore'] }).collective,
    ).toEqual(['penalty.major.farmland-area']);
    // Forest land at 10 mu is no major case by area.
    expect(reviewsRequiredFor({ landClass: 'forest', areaMu: 10, measures: ['restore'] }).collective).toEqual(
      [],
    );
  });

  it('makes a fine of 100,000 yuan major, one yuan less not', () => {
    const facts = { landClass: 'construction' as const, areaMu: 1, measures: ['fine'] as const };
    expect(reviewsRequiredFor({ ...facts, measures: ['fine'], fineYuan: 100_000 }).collective).toEqual([
      'penalty.major.fine',
    ]);
    expect(reviewsRequiredFor({ ...facts, measures: ['fine'], fineYuan: 99_999 }).collective).toEqual([]);
  });

  it('asks a legal review, not a collective one, of a demolition in a case that is not major', () => {
    expect(reviewsRequiredFor({ landClass: 'pbf', areaMu: 1, measures: [...demolish] })).toEqual({
      collective: [],
      legal: ['penalty.legal-review.measures'],
    });
  });

  it('names what is missing, and nothing once both were held', () => {
    const major = { landClass: 'pbf' as const, areaMu: 6.2, measures: [...demolish] };
    expect(checkDecisionReviews({ ...major, ...none })).toMatchObject({
      ruleId: 'penalty.major.pbf-area',
      missing: ['collective-review', 'legal-review'],
    });
    expect(checkDecisionReviews({ ...major, collectiveReviewed: true, legalReviewed: false })).toMatchObject({
      missing: ['legal-review'],
    });
    expect(checkDecisionReviews({ ...major, collectiveReviewed: true, legalReviewed: true })).toBeNull();
    expect(checkDecisionReviews({ landClass: 'pbf', areaMu: 1, measures: ['restore'], ...none })).toBeNull();
  });

  it("follows a province's fine", () => {
    const province = withOverrides(RULE_SET, {
      version: 'test',
      rules: { 'penalty.major.fine': { value: 50_000, source: 'a test province' } },
    });
    const facts = {
      landClass: 'construction' as const,
      areaMu: 1,
      measures: ['fine'] as const,
      fineYuan: 60_000,
    };
    expect(reviewsRequiredFor({ ...facts, measures: ['fine'] }).collective).toEqual([]);
    expect(reviewsRequiredFor({ ...facts, measures: ['fine'] }, province).collective).toEqual([
      'penalty.major.fine',
    ]);
  });
});
