import { PROBLEM_BASE } from '@landcase/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectionModule } from '../index.ts';
import { clueBody, type Harness, harness, illegalVerdict, NOW, pathsOf } from '../test-harness.ts';

let h: Harness;
let nrb: string;
let caseId: string;
const url = () => `/detection/clues/${caseId}/dispatch`;
const stream = () => h.store.readStream(`detection.clue-${caseId}`);
beforeEach(async () => {
  h = await harness([detectionModule]);
  nrb = await h.token('nrb', ['officer'], '140000');
  // A provincial sweep: the clue starts at the province and travels down.
  caseId = (await h.post('/detection/clues', nrb, clueBody({ divisionCode: '140000' }))).body.caseId;
});
afterEach(() => h.close());

describe('POST /detection/clues/{caseId}/dispatch', () => {
  it('moves the clue down the hierarchy, province → city → county', async () => {
    const toCity = await h.post(url(), nrb, { toDivisionCode: '141100' });
    expect(toCity.status).toBe(200);
    expect(toCity.body).toMatchObject({ state: 'dispatched', revision: 1, divisionCode: '141100' });
    const toCounty = await h.post(url(), nrb, { toDivisionCode: '141181' }, { 'if-match': '"1"' });
    expect(toCounty.status).toBe(200);
    expect(toCounty.headers.etag).toBe('"2"');
    expect(toCounty.body).toMatchObject({
      divisionCode: '141181',
      reportedDivisionCode: '140000',
      dispatches: [
        { fromDivisionCode: '140000', toDivisionCode: '141100', dispatchedAt: NOW.toISOString() },
        { fromDivisionCode: '141100', toDivisionCode: '141181', dispatchedAt: NOW.toISOString() },
      ],
    });
    // The verdict then carries the division that holds the clue.
    const verified = await h.post(`/detection/clues/${caseId}/verification`, nrb, illegalVerdict());
    expect(verified.status).toBe(200);
    expect((await stream()).at(-1)!.data).toMatchObject({ divisionCode: '141181' });
  });

  it.each([
    ['a missing field', {}, '/toDivisionCode'],
    ['a wrong type', { toDivisionCode: 141100 }, '/toDivisionCode'],
    ['a malformed code', { toDivisionCode: '1411' }, '/toDivisionCode'],
    ['the division it is already at', { toDivisionCode: '140000' }, '/toDivisionCode'],
  ])('refuses %s naming the field, appending nothing', async (_what, body, path) => {
    const res = await h.post(url(), nrb, body);
    expect(res.status).toBe(400);
    expect(pathsOf(res.body)).toContain(path);
    expect(await stream()).toHaveLength(1);
  });

  it('refuses to dispatch a verified clue: 409 with the state and allowed events', async () => {
    await h.post(`/detection/clues/${caseId}/verification`, nrb, illegalVerdict());
    const res = await h.post(url(), nrb, { toDivisionCode: '141100' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: `${PROBLEM_BASE}illegal-transition`,
      currentState: 'verified.illegal',
      allowedEvents: [],
      attempted: 'ClueDispatched',
    });
    expect(await stream()).toHaveLength(2);
  });
});
