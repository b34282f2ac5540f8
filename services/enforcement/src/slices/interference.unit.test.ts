import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import {
  caseStream,
  cloudEvent,
  eventually,
  type Harness,
  happyHistory,
  harness,
  NOW,
  publish,
  seedCase,
} from '../test-harness.ts';

const interferer = {
  name: 'Wang Qiang',
  position: 'deputy township head',
  organization: 'Yangjiazhuang township',
};
const evidence = [{ uri: 'https://evidence.example/call-record.mp3', sha256: 'a'.repeat(64) }];
const body = {
  interferer,
  conduct: 'asked the officer to drop the filing',
  occurredAt: '2026-03-05T10:00:00+08:00',
  evidence,
};

commandContract({
  path: 'interference',
  history: afterSteps(4),
  body,
  // The government sees the case once a stop order was served; the auditor sees it but writes nothing.
  agency: 'gov',
  forbidden: 'audit',
  event: {
    type: 'InterferenceRecorded',
    data: {
      interferenceNo: 1,
      ...body,
      recordedBy: 'gov',
      recordedAt: NOW.toISOString(),
      divisionCode: '141181',
    },
  },
  // Recorded without moving the case.
  state: 'investigation.filed',
  bad: [
    ['a missing interferer', { ...body, interferer: undefined }, '/interferer'],
    [
      'an interferer without position',
      { ...body, interferer: { name: 'Wang', organization: 'x' } },
      '/interferer/position',
    ],
    ['an empty conduct', { ...body, conduct: '' }, '/conduct'],
    ['a time without offset', { ...body, occurredAt: '2026-03-05T10:00:00' }, '/occurredAt'],
    ['evidence without a hash', { ...body, evidence: [{ uri: 'x' }] }, '/evidence/0/sha256'],
  ],
  // A closed case takes nothing more.
  tooEarly: { history: afterSteps(10), state: 'closed' },
});

describe('interference records', () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000beef';
  beforeEach(async () => {
    h = await harness([enforcementModule]);
  });
  afterEach(() => h.close());

  it('numbers each record of the case, keeps the state, and shows them on the case', async () => {
    await seedCase(h, caseId, happyHistory(caseId).slice(0, 2));
    const gov = await h.token('gov');
    const first = await h.post(`/enforcement/cases/${caseId}/interference`, gov, {
      ...body,
      evidence: undefined,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await h.post(`/enforcement/cases/${caseId}/interference`, await h.token('nrb'), {
      ...body,
      conduct: 'threatened the inspector',
    });
    expect(second.body).toMatchObject({ state: 'stopOrdered', revision: 3 });
    expect(second.body.interferences).toEqual([
      expect.objectContaining({ interferenceNo: 1, recordedBy: 'gov', evidence: [] }),
      expect.objectContaining({ interferenceNo: 2, recordedBy: 'nrb', conduct: 'threatened the inspector' }),
    ]);
    const events = await h.store.readStream(caseStream(caseId));
    expect(events.slice(2).map((e) => e.type)).toEqual(['InterferenceRecorded', 'InterferenceRecorded']);
  });

  it('is open to the police once a referral was sent to them, not while it was only drafted', async () => {
    await seedCase(h, caseId, happyHistory(caseId).slice(0, 4));
    await h.startBackground();
    const psb = await h.token('psb');
    const url = `/enforcement/cases/${caseId}/interference`;
    const referralId = `${caseId}.psb`;
    await publish(
      h,
      cloudEvent('referral', 'ReferralDrafted', caseId, {
        caseId,
        referralId,
        from: 'nrb',
        to: 'psb',
        divisionCode: '141181',
        reason: 'PBF occupied: 6.2 mu',
        documents: [],
      }),
    );
    // A draft addresses nobody yet: the case stays hidden from the police.
    expect((await h.post(url, psb, body)).status).toBe(404);
    await publish(
      h,
      cloudEvent('referral', 'ReferralDispatched', caseId, {
        caseId,
        referralId,
        dispatchedAt: '2026-03-08T10:00:00+08:00',
      }),
    );
    const seen = await eventually('the case open to the police', async () => {
      const res = await h.get(`/enforcement/cases/${caseId}`, psb);
      return res.status === 200 ? res : undefined;
    });
    // What concerns them, not the bureau's internal record.
    expect(seen.body).toMatchObject({ caseId, divisionCode: '141181', party: expect.anything() });
    expect(seen.body).not.toHaveProperty('interferences');
    expect(seen.body).not.toHaveProperty('defenceStatements');
    const recorded = await h.post(url, psb, body);
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(recorded.body).not.toHaveProperty('interferences');
    // The neighbouring county's police still see nothing.
    expect((await h.post(url, await h.token('psb', ['officer'], '141182'), body)).status).toBe(404);
  });
});
