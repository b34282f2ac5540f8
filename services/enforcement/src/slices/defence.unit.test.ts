import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream, type Harness, happyHistory, harness, seedCase } from '../test-harness.ts';

const body = {
  statement: 'the shed is temporary and was built for the harvest',
  receivedAt: '2026-03-09T10:00:00+08:00',
  documentRef: 'FY-DEFENCE-031',
};

commandContract({
  path: 'defence',
  // The notice of intended penalty was served.
  history: afterSteps(5),
  body,
  forbidden: 'gov',
  event: { type: 'DefenceStated', data: body },
  // Recorded without moving the case.
  state: 'investigation.noticed',
  bad: [
    ['an empty statement', { ...body, statement: '' }, '/statement'],
    ['no time of receipt', { statement: body.statement }, '/receivedAt'],
    ['a time without offset', { ...body, receivedAt: '2026-03-09T10:00:00' }, '/receivedAt'],
    ['an empty document number', { ...body, documentRef: '' }, '/documentRef'],
  ],
  // Before the notice there is no intended penalty to answer.
  tooEarly: { history: afterSteps(4), state: 'investigation.filed' },
});

describe("the party's statement and defence", () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000def0';
  const url = `/enforcement/cases/${caseId}/defence`;
  const stream = () => h.store.readStream(caseStream(caseId));
  beforeEach(async () => {
    h = await harness([enforcementModule]);
  });
  afterEach(() => h.close());

  it('keeps each defence on the case in order, an oral one without a document too', async () => {
    await seedCase(h, caseId, happyHistory(caseId).slice(0, 6));
    const nrb = await h.token('nrb');
    expect((await h.post(url, nrb, body)).status).toBe(200);
    const oral = { statement: 'the party has begun demolishing', receivedAt: '2026-03-10T15:00:00+08:00' };
    const second = await h.post(url, nrb, oral);
    expect(second.body).toMatchObject({ state: 'investigation.heard', revision: 7 });
    expect(second.body.defenceStatements).toEqual([body, oral]);
    expect((await stream()).at(-1)?.data).toEqual({ caseId, ...oral });
  });

  it('is refused with 409 once the penalty is decided, appending nothing', async () => {
    await seedCase(h, caseId, happyHistory(caseId).slice(0, 7));
    const res = await h.post(url, await h.token('nrb'), body);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ currentState: 'decided', attempted: 'DefenceStated' });
    expect(await stream()).toHaveLength(7);
  });
});
