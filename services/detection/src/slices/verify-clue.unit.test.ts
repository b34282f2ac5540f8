import { PROBLEM_BASE } from '@landcase/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectionModule } from '../index.ts';
import { clueBody, type Harness, harness, illegalVerdict, NOW, pathsOf } from '../test-harness.ts';

let h: Harness;
let nrb: string;
let caseId: string;
const url = () => `/detection/clues/${caseId}/verification`;
beforeEach(async () => {
  h = await harness([detectionModule]);
  nrb = await h.token('nrb');
  caseId = (await h.post('/detection/clues', await h.token('grid'), clueBody())).body.caseId;
});
afterEach(() => h.close());

describe('POST /detection/clues/{caseId}/verification', () => {
  it('records an illegal verdict carrying what enforcement needs from the clue', async () => {
    const res = await h.post(url(), nrb, illegalVerdict());
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      caseId,
      state: 'verified.illegal',
      revision: 1,
      verification: {
        verdict: 'illegal',
        party: { name: 'Fenyang Brick Works Ltd' },
        verifiedAt: NOW.toISOString(),
      },
    });
    const [, verified] = await h.store.readStream(`detection.clue-${caseId}`);
    expect(verified).toMatchObject({
      type: 'ClueVerified',
      data: {
        caseId,
        verdict: 'illegal',
        divisionCode: '141181',
        areaMu: 6.2,
        landClass: 'pbf',
        ongoing: true,
        source: 'satellite',
        observedAt: '2026-03-02T09:00:00+08:00',
        verifiedAt: NOW.toISOString(),
      },
      metadata: { actor: 'nrb:nrb-user' },
    });
  });

  it('records a legal verdict with its approval number', async () => {
    const res = await h.post(url(), nrb, {
      verdict: 'legal',
      areaMu: 6.2,
      landClass: 'construction',
      ongoing: false,
      approvalRef: 'JS-2025-0113',
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('verified.legal');
    expect(res.body.verification.approvalRef).toBe('JS-2025-0113');
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['an illegal verdict without a party', { party: undefined }, '/party'],
    ['a legal verdict without an approval number', { verdict: 'legal', party: undefined }, '/approvalRef'],
    ['a missing field', { ongoing: undefined }, '/ongoing'],
    ['a wrong type', { ongoing: 'yes' }, '/ongoing'],
    ['an unknown verdict', { verdict: 'maybe' }, '/verdict'],
    ['a negative area', { areaMu: -0.5 }, '/areaMu'],
    ['a party of unknown kind', { party: { name: 'X', kind: 'alien' } }, '/party/kind'],
    ['a party named by spaces only', { party: { name: ' 　 ', kind: 'person' } }, '/party/name'],
    [
      'a resident ID number with a wrong check digit',
      { party: { name: '张三', kind: 'person', idNumber: '110105194912310021' } },
      '/party/idNumber',
    ],
    [
      'a resident ID number one digit short',
      { party: { name: '张三', kind: 'person', idNumber: '11010519491231002' } },
      '/party/idNumber',
    ],
    [
      'a unified social credit code with a wrong check character',
      { party: { name: 'Fenyang Brick Works Ltd', kind: 'organization', idNumber: '91350100M000100Y44' } },
      '/party/idNumber',
    ],
    [
      "an organization's credit code for a person",
      { party: { name: '张三', kind: 'person', idNumber: '91350100M000100Y43' } },
      '/party/idNumber',
    ],
  ];
  it.each(bad)('refuses %s naming the field, appending nothing', async (_what, change, path) => {
    const res = await h.post(url(), nrb, illegalVerdict(change));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(pathsOf(res.body)).toContain(path);
    expect(await h.store.readStream(`detection.clue-${caseId}`)).toHaveLength(1);
  });

  it('names the standard the check digit comes from when it does not match', async () => {
    const res = await h.post(
      url(),
      nrb,
      illegalVerdict({ party: { name: '张三', kind: 'person', idNumber: '110105194912310021' } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        path: '/party/idNumber',
        reason: expect.stringMatching(/^the check digit does not match .*GB 11643/),
      },
    ]);
  });

  it('records an identifier that passes its check in the form it is compared in', async () => {
    const person = { name: '张三', kind: 'person', idNumber: '１１０１０５ 19491231002x' };
    expect((await h.post(url(), nrb, illegalVerdict({ party: person }))).status).toBe(200);
    const [, verified] = await h.store.readStream(`detection.clue-${caseId}`);
    expect(verified!.data.party).toEqual({ ...person, idNumber: '11010519491231002X' });

    const other = (await h.post('/detection/clues', await h.token('grid'), clueBody({ externalRef: 'B' })))
      .body.caseId;
    const organization = {
      name: 'Fenyang Brick Works Ltd',
      kind: 'organization',
      idNumber: '91350100m000100y43',
    };
    const res = await h.post(
      `/detection/clues/${other}/verification`,
      nrb,
      illegalVerdict({ party: organization }),
    );
    expect(res.status).toBe(200);
    expect(res.body.verification.party.idNumber).toBe('91350100M000100Y43');
  });

  it('refuses a second verdict with 409, the current state and what it accepts', async () => {
    expect((await h.post(url(), nrb, illegalVerdict())).status).toBe(200);
    const res = await h.post(url(), nrb, { ...illegalVerdict(), verdict: 'no_change' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: `${PROBLEM_BASE}illegal-transition`,
      currentState: 'verified.illegal',
      allowedEvents: [],
    });
    expect(await h.store.readStream(`detection.clue-${caseId}`)).toHaveLength(2);
  });

  it('answers 404 for an unknown clue', async () => {
    const res = await h.post('/detection/clues/no-such-clue/verification', nrb, illegalVerdict());
    expect(res.status).toBe(404);
    expect(await h.all()).toHaveLength(1);
  });

  it('is for the natural resources bureau only', async () => {
    const res = await h.post(url(), await h.token('grid'), illegalVerdict());
    expect(res.status).toBe(403);
    expect(res.body.rule).toMatchObject({ id: 'detection.clue.verify' });
    expect(await h.store.readStream(`detection.clue-${caseId}`)).toHaveLength(1);
  });

  it("is the county bureau's own: 403 to the city above, 404 to a neighbour and another province", async () => {
    const city = await h.post(url(), await h.token('nrb', ['officer'], '141100'), illegalVerdict());
    expect(city.status).toBe(403);
    expect(city.body.rule).toMatchObject({ id: 'detection.clue.verify' });
    for (const division of ['141182', '150000']) {
      const res = await h.post(url(), await h.token('nrb', ['officer'], division), illegalVerdict());
      expect(res.status, division).toBe(404);
    }
    expect(await h.store.readStream(`detection.clue-${caseId}`)).toHaveLength(1);
  });

  it('lets one of two racing verdicts through; the other gets 409 and exactly one is stored', async () => {
    h.holdAppends(2);
    const [a, b] = await Promise.all([
      h.post(url(), nrb, illegalVerdict()),
      h.post(url(), nrb, illegalVerdict({ verdict: 'no_change', party: undefined })),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.type).toBe(`${PROBLEM_BASE}concurrency-conflict`);
    const stream = await h.store.readStream(`detection.clue-${caseId}`);
    expect(stream.map((e) => e.type)).toEqual(['ClueReported', 'ClueVerified']);
  });

  it('with If-Match, the loser of a race gets 412', async () => {
    h.holdAppends(2);
    const [a, b] = await Promise.all([
      h.post(url(), nrb, illegalVerdict(), { 'if-match': '"0"' }),
      h.post(url(), nrb, illegalVerdict(), { 'if-match': '"0"' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const loser = a.status === 412 ? a : b;
    expect(loser.body).toMatchObject({ type: `${PROBLEM_BASE}precondition-failed`, currentRevision: 1 });
    expect(await h.store.readStream(`detection.clue-${caseId}`)).toHaveLength(2);
  });

  it('refuses a stale If-Match with 412 before appending anything', async () => {
    const res = await h.post(url(), nrb, illegalVerdict(), { 'if-match': '"3"' });
    expect(res.status).toBe(412);
    expect(res.body.currentRevision).toBe(0);
    expect(await h.store.readStream(`detection.clue-${caseId}`)).toHaveLength(1);
  });
});
