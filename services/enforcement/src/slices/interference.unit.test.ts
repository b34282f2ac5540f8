import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream, type Harness, happyHistory, harness, NOW, seedCase } from '../test-harness.ts';

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
  agency: 'psb',
  forbidden: 'audit',
  event: {
    type: 'InterferenceRecorded',
    data: {
      interferenceNo: 1,
      ...body,
      recordedBy: 'psb',
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
    const grid = await h.token('grid');
    const first = await h.post(`/enforcement/cases/${caseId}/interference`, grid, {
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
      expect.objectContaining({ interferenceNo: 1, recordedBy: 'grid', evidence: [] }),
      expect.objectContaining({ interferenceNo: 2, recordedBy: 'nrb', conduct: 'threatened the inspector' }),
    ]);
    const events = await h.store.readStream(caseStream(caseId));
    expect(events.slice(2).map((e) => e.type)).toEqual(['InterferenceRecorded', 'InterferenceRecorded']);
  });
});
