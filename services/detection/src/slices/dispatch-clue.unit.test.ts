import { PROBLEM_BASE } from '@landcase/contracts';
import { RULE_SET } from '@landcase/lifecycle';
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
  it('moves the clue down the hierarchy, province → city → county, each step by the division holding it', async () => {
    const toCity = await h.post(url(), nrb, { toDivisionCode: '141100' });
    expect(toCity.status).toBe(200);
    expect(toCity.body).toMatchObject({ state: 'dispatched', revision: 1, divisionCode: '141100' });
    const city = await h.token('nrb', ['officer'], '141100');
    const toCounty = await h.post(url(), city, { toDivisionCode: '141181' }, { 'if-match': '"1"' });
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
    // The verdict then carries the division that holds the clue, and is the county's to give.
    const county = await h.token('nrb', ['officer'], '141181');
    const verified = await h.post(`/detection/clues/${caseId}/verification`, county, illegalVerdict());
    expect(verified.status).toBe(200);
    expect((await stream()).at(-1)!.data).toMatchObject({ divisionCode: '141181' });
  });

  it('stays with the division holding it: the province above reads the clue it sent down but no longer moves it (403)', async () => {
    await h.post(url(), nrb, { toDivisionCode: '141100' });
    expect((await h.get(`/detection/clues/${caseId}`, nrb)).status).toBe(200);
    const again = await h.post(url(), nrb, { toDivisionCode: '141181' });
    expect(again.status).toBe(403);
    expect(again.body.rule).toMatchObject({ id: 'detection.clue.dispatch' });
    const verdict = await h.post(`/detection/clues/${caseId}/verification`, nrb, illegalVerdict());
    expect(verdict.status).toBe(403);
    expect(verdict.body.rule).toMatchObject({ id: 'detection.clue.verify' });
    expect(await stream()).toHaveLength(2);
  });

  it('hides the clue (404) from a county it was not sent to, another province and an agency with no part in it', async () => {
    const county = await h.token('nrb', ['officer'], '141181');
    // Still at the province: the county below does not see it yet.
    expect((await h.post(url(), county, { toDivisionCode: '141181' })).status).toBe(404);
    await h.post(url(), nrb, { toDivisionCode: '141100' });
    await h.post(url(), await h.token('nrb', ['officer'], '141100'), { toDivisionCode: '141181' });
    expect((await h.get(`/detection/clues/${caseId}`, county)).status).toBe(200);
    for (const [agency, division] of [
      ['nrb', '141182'],
      ['nrb', '150000'],
      ['psb', '141181'],
      ['gov', '141181'],
    ] as const) {
      const stranger = await h.token(agency, ['officer'], division);
      const res = await h.post(url(), stranger, { toDivisionCode: '141181001' });
      expect(res.status, `${agency} of ${division}`).toBe(404);
      expect(res.body.detail).toBe(`no clue ${caseId}`);
      expect((await h.get(`/detection/clues/${caseId}`, stranger)).status).toBe(404);
    }
    expect(await stream()).toHaveLength(3);
  });

  it('is refused with 403 to the agency that reported the clue, which sees it but does not dispatch it', async () => {
    const grid = await h.token('grid', ['officer'], '140000');
    const reported = (
      await h.post('/detection/clues', grid, clueBody({ divisionCode: '140000', externalRef: 'G-1' }))
    ).body.caseId;
    expect((await h.get(`/detection/clues/${reported}`, grid)).status).toBe(200);
    const res = await h.post(`/detection/clues/${reported}/dispatch`, grid, { toDivisionCode: '141100' });
    expect(res.status).toBe(403);
    expect(res.body.rule).toMatchObject({ id: 'detection.clue.dispatch' });
    expect(await h.store.readStream(`detection.clue-${reported}`)).toHaveLength(1);
  });

  it.each([
    ['a missing field', {}, '/toDivisionCode'],
    ['a wrong type', { toDivisionCode: 141100 }, '/toDivisionCode'],
    ['a malformed code', { toDivisionCode: '1411' }, '/toDivisionCode'],
  ])('refuses %s naming the field, appending nothing', async (_what, body, path) => {
    const res = await h.post(url(), nrb, body);
    expect(res.status).toBe(400);
    expect(pathsOf(res.body)).toContain(path);
    expect(await stream()).toHaveLength(1);
  });

  // Given a clue the province sent to the city: the city may send it to its county or a township
  // of it, not back up, to a neighbouring city's county or to another province.
  it.each([
    ['back up to the province', '140000'],
    ['to a county of another city', '140105'],
    ['to another province', '150000'],
    ['to a neighbouring city', '141000'],
  ])('refuses a dispatch %s: 422 naming the rule, appending nothing', async (_what, to) => {
    await h.post(url(), nrb, { toDivisionCode: '141100' });
    const city = await h.token('nrb', ['officer'], '141100');
    const res = await h.post(url(), city, { toDivisionCode: to });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: `${PROBLEM_BASE}rule-violation`,
      rule: { id: 'clue.dispatch.down', source: RULE_SET.rules['clue.dispatch.down']!.source },
    });
    expect(await stream()).toHaveLength(2);
  });

  // Seed 000 §(四) sends a problem list down a level; a division sending it to itself has not.
  it.each([
    ['the province', '140000', null],
    ['the city', '141100', '140000'],
    ['the county', '141181', '141100'],
  ])(
    'refuses %s dispatching the clue to itself: 422 clue.dispatch.down at /toDivisionCode, appending nothing',
    async (_who, division, from) => {
      let revision = 1;
      if (from !== null) {
        // Brought down to the division first, a hop at a time.
        for (const [holder, to] of [
          ['140000', '141100'],
          ['141100', '141181'],
        ] as const) {
          const sent = await h.post(url(), await h.token('nrb', ['officer'], holder), { toDivisionCode: to });
          expect(sent.status).toBe(200);
          revision += 1;
          if (to === division) break;
        }
      }
      const holder = await h.token('nrb', ['officer'], division);
      const res = await h.post(url(), holder, { toDivisionCode: division });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: `${PROBLEM_BASE}rule-violation`,
        rule: { id: 'clue.dispatch.down', source: RULE_SET.rules['clue.dispatch.down']!.source },
      });
      expect(res.body.detail).toContain('the same division');
      expect(pathsOf(res.body)).toEqual(['/toDivisionCode']);
      expect(await stream()).toHaveLength(revision);
    },
  );

  it('sends a county clue down to a township, one level below, and no further from there than below it', async () => {
    const county = await h.token('nrb', ['officer'], '141181');
    const own = (
      await h.post('/detection/clues', county, clueBody({ divisionCode: '141181', externalRef: 'P-1' }))
    ).body.caseId;
    const ownUrl = `/detection/clues/${own}/dispatch`;
    // The neighbouring county, a sibling: refused; the township below: taken.
    expect((await h.post(ownUrl, county, { toDivisionCode: '141182' })).status).toBe(422);
    const down = await h.post(ownUrl, county, { toDivisionCode: '141181001' });
    expect(down.status, JSON.stringify(down.body)).toBe(200);
    expect(down.body).toMatchObject({ divisionCode: '141181001' });
    const township = await h.token('nrb', ['officer'], '141181001');
    expect((await h.post(ownUrl, township, { toDivisionCode: '141181' })).status).toBe(422);
    expect(await h.store.readStream(`detection.clue-${own}`)).toHaveLength(2);
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
