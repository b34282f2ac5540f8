import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from '../index.ts';
import {
  DECISION_CONTENTS,
  eventually,
  type Harness,
  happyHistory,
  harness,
  seedCase,
} from '../test-harness.ts';

// The public disclosure routes, as anyone reaches them: no token.

const PERSON = { name: '王建国', kind: 'person' as const, idNumber: '142301198001011234' };
const FACTS = `王建国（身份证号 ${PERSON.idNumber}，住${DECISION_CONTENTS.partyAddress}）未经批准占用永久基本农田建房`;

/** A case decided on `decidedAt`, opened with `party` in `divisionCode`, the facts naming the party. */
function decidedCase(
  caseId: string,
  {
    party = PERSON as { name: string; kind: string },
    divisionCode = '141181',
    decidedAt = DECISION_CONTENTS.decidedAt,
  } = {},
) {
  const events: { type: string; data: Record<string, unknown> }[] = happyHistory(caseId, {
    party,
    divisionCode,
  }).slice(0, 7);
  const facts = FACTS.replace(PERSON.name, party.name);
  events[6]!.data = { ...events[6]!.data, ...DECISION_CONTENTS, facts, decidedAt, divisionCode };
  return events;
}

let h: Harness;
beforeEach(async () => {
  h = await harness([enforcementModule]);
  await h.startBackground();
});
afterEach(() => h.close());

const anonymous = (url: string) => h.app.inject({ method: 'GET', url });

describe('GET /enforcement/public/disclosures', () => {
  it('given decided cases, when anyone lists them without a token, then newest first, a person never named', async () => {
    await seedCase(h, 'LC-OLD', decidedCase('LC-OLD', { decidedAt: '2026-03-10T10:00:00+08:00' }));
    await seedCase(h, 'LC-NEW', decidedCase('LC-NEW', { decidedAt: '2026-03-24T02:00:00Z' }));
    await seedCase(
      h,
      'LC-ORG',
      decidedCase('LC-ORG', {
        party: { name: '汾阳市兴达砖厂', kind: 'organization' },
        decidedAt: '2026-03-20T10:00:00+08:00',
      }),
    );
    // Not decided yet: not published.
    await seedCase(h, 'LC-OPEN', happyHistory('LC-OPEN').slice(0, 4));
    const page = await eventually('three published', async () => {
      const res = await anonymous('/enforcement/public/disclosures');
      return res.json().total === 3 ? res : undefined;
    });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.items.map((r: { caseId: string }) => r.caseId)).toEqual(['LC-NEW', 'LC-ORG', 'LC-OLD']);
    expect(body.items[1].party).toEqual({ kind: 'organization', name: '汾阳市兴达砖厂' });
    expect(body.items[0].party).toEqual({ kind: 'person', name: '王**' });
    expect(page.body).not.toContain('王建国');
    expect(page.body).not.toContain(PERSON.idNumber);
    expect(page.body).not.toContain(DECISION_CONTENTS.partyAddress);
    expect(page.body).not.toContain('_fold');
  });

  it('when filtered by a division prefix, then only decisions within it', async () => {
    await seedCase(h, 'LC-A', decidedCase('LC-A'));
    await seedCase(h, 'LC-B', decidedCase('LC-B', { divisionCode: '150102' }));
    await eventually('two published', async () =>
      (await anonymous('/enforcement/public/disclosures')).json().total === 2 ? true : undefined,
    );
    const shanxi = (await anonymous('/enforcement/public/disclosures?withinDivision=14')).json();
    expect(shanxi.items.map((r: { caseId: string }) => r.caseId)).toEqual(['LC-A']);
    const county = (await anonymous('/enforcement/public/disclosures?withinDivision=150102&limit=1')).json();
    expect(county).toMatchObject({ total: 1, limit: 1, offset: 0, items: [{ caseId: 'LC-B' }] });
  });

  it('given a bad query, then 400 problem+json naming the field', async () => {
    const res = await anonymous('/enforcement/public/disclosures?withinDivision=000000');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0].path).toBe('/withinDivision');
    const unknown = await anonymous('/enforcement/public/disclosures?party=x');
    expect(unknown.statusCode).toBe(400);
  });
});

describe('GET /enforcement/public/disclosures/{caseId}', () => {
  it('given a decided case, then its record without a token, with publishBy', async () => {
    await seedCase(h, 'LC-P', decidedCase('LC-P'));
    const res = await eventually('published', async () => {
      const r = await anonymous('/enforcement/public/disclosures/LC-P');
      return r.statusCode === 200 ? r : undefined;
    });
    expect(res.json()).toMatchObject({
      caseId: 'LC-P',
      party: { kind: 'person', name: '王**' },
      violation: '王**（身份证号 ***，住***）未经批准占用永久基本农田建房',
      publishBy: '2026-04-02T15:59:59.999Z',
    });
    expect(res.body).not.toContain('王建国');
    expect(res.body).not.toContain(PERSON.idNumber);
    expect(res.body).not.toContain(DECISION_CONTENTS.partyAddress);
  });

  it('given an unknown or undecided case, then 404 problem+json', async () => {
    await seedCase(h, 'LC-OPEN', happyHistory('LC-OPEN').slice(0, 4));
    await eventually('the open case projected', async () => {
      const nrb = await h.token('nrb');
      return (await h.get('/enforcement/cases', nrb)).body.total === 1 ? true : undefined;
    });
    for (const id of ['LC-NONE', 'LC-OPEN']) {
      const res = await anonymous(`/enforcement/public/disclosures/${id}`);
      expect(res.statusCode, id).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toMatch(/not-found/);
    }
  });

  it('is in the OpenAPI document as public: no bearer security, no 401', async () => {
    const doc = (await h.app.inject({ url: '/docs/json' })).json();
    for (const path of ['/enforcement/public/disclosures', '/enforcement/public/disclosures/{caseId}']) {
      const op = doc.paths[path]?.get;
      expect(op, path).toBeDefined();
      expect(op.security).toEqual([]);
      expect(op.responses['401']).toBeUndefined();
      for (const status of ['400', 'default', ...(path.includes('{') ? ['404'] : [])]) {
        const schema = op.responses[status]?.content?.['application/problem+json']?.schema;
        expect(schema?.$ref, `${path} ${status}`).toBe('#/components/schemas/Problem');
      }
    }
  });

  it('refuses writes: the routes are read-only', async () => {
    const anyone = await h.app.inject({
      method: 'POST',
      url: '/enforcement/public/disclosures',
      payload: {},
    });
    expect(anyone.statusCode).toBe(401);
    const bureau = await h.post('/enforcement/public/disclosures/LC-P', await h.token('nrb'), {});
    expect(bureau.status).toBe(405);
    expect(await h.all()).toEqual([]);
  });
});

describe('a case opened under a rule set this build cannot resolve', () => {
  it('is still published, its publishBy counted by the base rule set', async () => {
    const events = decidedCase('LC-V');
    events[0]!.data = { ...events[0]!.data, ruleSetVersion: '1999.1' };
    await seedCase(h, 'LC-V', events);
    const res = await eventually('published', async () => {
      const r = await anonymous('/enforcement/public/disclosures/LC-V');
      return r.statusCode === 200 ? r : undefined;
    });
    expect(res.json().publishBy).toBe('2026-04-02T15:59:59.999Z');
  });
});
