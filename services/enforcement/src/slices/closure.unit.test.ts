import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream, type Harness, happyHistory, harness, NOW, seedCase } from '../test-harness.ts';

commandContract({
  path: 'closure',
  history: afterSteps(9),
  body: { summary: 'demolished, re-cultivated, accepted; fine paid' },
  event: {
    type: 'CaseClosed',
    data: { summary: 'demolished, re-cultivated, accepted; fine paid', closedAt: NOW.toISOString() },
  },
  state: 'closed',
  bad: [
    ['a missing field', {}, '/summary'],
    ['an empty summary', { summary: '' }, '/summary'],
  ],
  // Closing needs the land restored.
  tooEarly: { history: afterSteps(8), state: 'executed' },
});

describe('closure of a decision that leaves nothing to restore', () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000ca5e';
  beforeEach(async () => {
    h = await harness([enforcementModule]);
  });
  afterEach(() => h.close());

  /** The happy path up to compliance, with the decision's measures replaced. */
  const executed = (measures: string[]) =>
    happyHistory(caseId)
      .slice(0, 8)
      .map((e) => (e.type === 'PenaltyDecided' ? { ...e, data: { ...e.data, measures } } : e));

  it('closes a confiscation and fine once executed, without restoration', async () => {
    await seedCase(h, caseId, executed(['confiscate', 'fine']));
    const res = await h.post(`/enforcement/cases/${caseId}/closure`, await h.token('nrb'), {
      summary: 'buildings confiscated, fine paid',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      state: 'closed',
      closure: { summary: 'buildings confiscated, fine paid' },
    });
    expect(res.body.restoration).toBeUndefined();
  });

  it('still waits for the land when the decision ordered restoration', async () => {
    await seedCase(h, caseId, executed(['confiscate', 'restore', 'fine']));
    const res = await h.post(`/enforcement/cases/${caseId}/closure`, await h.token('nrb'), { summary: 'x' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      currentState: 'executed',
      allowedEvents: expect.arrayContaining(['RestorationConfirmed']),
    });
    expect(await h.store.readStream(caseStream(caseId))).toHaveLength(8);
  });
});
