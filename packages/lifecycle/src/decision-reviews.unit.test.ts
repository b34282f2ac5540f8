import { describe, expect, it } from 'vitest';
import {
  checkDecisionContents,
  checkDecisionReviews,
  checkLimitation,
  RULE_SET,
  reviewsRequiredFor,
  withOverrides,
} from './rules.ts';

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

describe('the contents of a decision (penalty.decision.contents)', () => {
  const contents = {
    partyAddress: 'a',
    facts: 'f',
    evidence: ['e'],
    legalBasis: ['l'],
    complianceMethod: 'c',
    appeal: { reconsideration: { authority: 'a', period: 'p' }, lawsuit: { court: 'c', period: 'p' } },
    decidingOrgan: 'o',
    decidedAt: '2026-03-24T10:00:00+08:00',
  };

  it('takes a decision that states them all', () => {
    expect(checkDecisionContents(contents)).toBeNull();
  });

  it('names each one missing, blank or empty by its path', () => {
    const { appeal: _, ...withoutAppeal } = contents;
    expect(checkDecisionContents({ ...withoutAppeal, facts: '  ', legalBasis: [] })).toMatchObject({
      ruleId: 'penalty.decision.contents',
      source: 'Administrative Penalty Law art. 59',
      missing: [
        '/facts',
        '/legalBasis',
        '/appeal/reconsideration/authority',
        '/appeal/reconsideration/period',
        '/appeal/lawsuit/court',
        '/appeal/lawsuit/period',
      ],
    });
  });
});

describe('the limitation (case.limitation, Administrative Penalty Law art. 36)', () => {
  const discoveredAt = '2026-03-02T09:00:00+08:00';
  it('runs none while the violation goes on', () => {
    expect(checkLimitation({ discoveredAt })).toBeNull();
  });

  it('lets a violation discovered up to the same China date 2 years on be penalised, not a day later', () => {
    expect(checkLimitation({ discoveredAt, violationEndedAt: '2024-03-03T00:00:00+08:00' })).toBeNull();
    expect(checkLimitation({ discoveredAt, violationEndedAt: '2024-03-02T00:00:00+08:00' })).toBeNull();
    // 1 March 2024 16:30 UTC is already 2 March in China.
    expect(checkLimitation({ discoveredAt, violationEndedAt: '2024-03-01T16:30:00Z' })).toBeNull();
    expect(checkLimitation({ discoveredAt, violationEndedAt: '2024-03-01T23:59:59+08:00' })).toMatchObject({
      ruleId: 'case.limitation',
      source: 'Administrative Penalty Law art. 36',
    });
  });

  it('ends a period begun on 29 February with 28 February two years on', () => {
    const violationEndedAt = '2024-02-29T10:00:00+08:00';
    expect(checkLimitation({ discoveredAt: '2026-02-28T23:00:00+08:00', violationEndedAt })).toBeNull();
    expect(checkLimitation({ discoveredAt: '2026-03-01T00:00:00+08:00', violationEndedAt })).not.toBeNull();
  });

  it('holds a violation discovered before it ended within the limitation', () => {
    expect(checkLimitation({ discoveredAt, violationEndedAt: '2026-05-01T00:00:00+08:00' })).toBeNull();
  });

  it("follows a province's period, and notes why the 5-year exception does not apply", () => {
    const province = withOverrides(RULE_SET, {
      version: 'test',
      rules: { 'case.limitation': { value: 3, source: 'a test' } },
    });
    const violationEndedAt = '2023-03-02T10:00:00+08:00';
    expect(checkLimitation({ discoveredAt, violationEndedAt })).not.toBeNull();
    expect(checkLimitation({ discoveredAt, violationEndedAt }, province)).toBeNull();
    expect(RULE_SET.rules['case.limitation']!.note).toMatch(/生命健康安全、金融安全/);
  });
});
