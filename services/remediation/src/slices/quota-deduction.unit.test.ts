import { PROBLEM_BASE } from '@landcase/contracts';
import { RULE_SET } from '@landcase/lifecycle';
import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remediationModule } from '../index.ts';
import { openRestoration, PROOF, postOnCase, RESTORATION_STREAM } from '../test-restoration-case.ts';

// Not restored within the year (seed 003 §三): the reserve quota is deducted; PBF is re-designated.

let sys: TestSystem;
const tokens: Record<string, string> = {};

beforeEach(async () => {
  sys = await startTestSystem(remediationModule);
  tokens.head = await sys.token('nrb', ['officer', 'head']);
  tokens.officer = await sys.token('nrb', ['officer']);
  tokens.agri = await sys.token('agri', ['officer', 'head']);
  tokens.gov = await sys.token('gov', ['officer']);
});
afterEach(() => sys.stop());

const post = (url: string, who: string, body: unknown) => postOnCase(sys, tokens[who], url, body);
const opened = (landClass: 'pbf' | 'farmland') => openRestoration(sys, landClass);

const types = async () => (await sys.store.readStream(RESTORATION_STREAM)).map((e) => e.type);

describe('quota deduction', () => {
  it('deducts the quota of farmland not restored, and restoration goes on', async () => {
    await opened('farmland');
    sys.clock.set('2027-01-05T02:00:00.000Z');
    const res = await post('/quota-deduction', 'head', { year: 2026 });
    expect(res).toMatchObject({
      status: 200,
      body: {
        state: 'opened',
        quotaDeduction: {
          divisionCode: '141181',
          areaMu: 6.2,
          landClass: 'farmland',
          deductedAt: '2027-01-05T02:00:00.000Z',
          year: 2026,
        },
        pbfRedesignation: null,
      },
    });
    expect(await types()).toEqual(['RemediationOpened', 'QuotaDeducted']);
    const progress = await post('/progress', 'gov', {
      step: 'demolished',
      observedAt: '2027-01-10T10:00:00+08:00',
      evidence: PROOF,
    });
    expect(progress).toMatchObject({ status: 200, body: { state: 'demolished' } });
  });

  it('requires PBF re-designation by the rule-set period, recorded by the bureau', async () => {
    await opened('pbf');
    sys.clock.set('2027-01-05T02:00:00.000Z');
    const res = await post('/quota-deduction', 'head', { year: 2026 });
    expect(res).toMatchObject({
      status: 200,
      body: {
        state: 'pbfRedesignation',
        quotaDeduction: { landClass: 'pbf', year: 2026 },
        // 90 calendar days after the deduction.
        pbfRedesignation: { dueBy: '2027-04-05T02:00:00.000Z', redesignated: null },
      },
    });
    expect(await types()).toEqual(['RemediationOpened', 'QuotaDeducted', 'PbfRedesignationRequired']);

    sys.clock.set('2027-03-01T02:00:00.000Z');
    const done = await post('/pbf-redesignation', 'officer', { parcelRef: 'PBF-141181-2027-001' });
    expect(done).toMatchObject({
      status: 200,
      body: {
        state: 'opened',
        pbfRedesignation: {
          dueBy: '2027-04-05T02:00:00.000Z',
          redesignated: { parcelRef: 'PBF-141181-2027-001', redesignatedAt: '2027-03-01T02:00:00.000Z' },
        },
      },
    });
    expect((await post('/pbf-redesignation', 'officer', { parcelRef: 'PBF-2' })).status).toBe(409);
  });

  it('refuses anyone but the bureau head with 403, and appends nothing', async () => {
    await opened('pbf');
    for (const who of ['officer', 'agri', 'gov'])
      expect((await post('/quota-deduction', who, { year: 2026 })).status).toBe(403);
    expect((await post('/pbf-redesignation', 'agri', { parcelRef: 'PBF-1' })).status).toBe(403);
    expect(await types()).toEqual(['RemediationOpened']);
  });

  it('refuses a deduction after acceptance, or a second one, with 409 and appends nothing', async () => {
    await opened('farmland');
    expect((await post('/quota-deduction', 'head', { year: 2026 })).status).toBe(200);
    expect(await post('/quota-deduction', 'head', { year: 2026 })).toMatchObject({
      status: 409,
      body: { currentState: 'opened' },
    });
    for (const step of ['demolished', 'recultivated'])
      await post('/progress', 'gov', { step, observedAt: '2027-02-01T10:00:00+08:00', evidence: PROOF });
    await post('/acceptance', 'head', { passed: true, note: 'fit' });
    await post('/acceptance', 'agri', { passed: true, note: 'fit' });
    const before = await types();
    expect(before.at(-1)).toBe('RemediationAccepted');
    expect(await post('/quota-deduction', 'head', { year: 2026 })).toMatchObject({
      status: 409,
      body: { currentState: 'accepted' },
    });
    expect(await types()).toEqual(before);
  });

  // Given a remediation opened in 2026 (the harness clock), when the head deducts for a year: the
  // year it opened in is taken, the year before and the year after are refused.
  it.each([2025, 2027])(
    'refuses a deduction for %s, not the year the remediation opened in: 422 naming the rule',
    async (year) => {
      await opened('pbf');
      sys.clock.set('2027-01-05T02:00:00.000Z');
      const res = await post('/quota-deduction', 'head', { year });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        type: `${PROBLEM_BASE}rule-violation`,
        rule: {
          id: 'deadline.remediation.year-end',
          source: RULE_SET.rules['deadline.remediation.year-end']!.source,
        },
        detail: expect.stringContaining('(2026)'),
      });
      expect(await types()).toEqual(['RemediationOpened']);
    },
  );

  it('refuses re-designation when none is owed with 409', async () => {
    await opened('farmland');
    await post('/quota-deduction', 'head', { year: 2026 });
    expect((await post('/pbf-redesignation', 'head', { parcelRef: 'PBF-1' })).status).toBe(409);
    expect(await types()).toEqual(['RemediationOpened', 'QuotaDeducted']);
  });

  it.each([
    ['quota-deduction', { year: '2026' }, '/year'],
    ['quota-deduction', {}, '/year'],
    ['pbf-redesignation', { parcelRef: '' }, '/parcelRef'],
  ])('answers 400 naming the field for %s %j, appending nothing', async (command, body, field) => {
    await opened('pbf');
    const res = await post(`/${command}`, 'head', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await types()).toEqual(['RemediationOpened']);
  });
});
