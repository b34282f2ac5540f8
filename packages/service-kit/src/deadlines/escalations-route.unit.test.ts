import type { Actor } from '@landcase/contracts';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type LandcaseApp } from '../app.ts';
import { testToken } from '../auth.ts';
import { loadConfig } from '../config.ts';
import type { ServiceContext, ServiceModule } from '../context.ts';
import { ESCALATIONS_COLLECTION, type EscalationDoc } from './escalations.ts';
import { escalationsRoute } from './escalations-route.ts';

// Two services mount the route on one read-model store: each lists its own rungs only.

const readModels = new InMemoryReadModelStore();
const moduleOf = (name: 'enforcement' | 'referral'): ServiceModule => ({
  name,
  routes: async (app, { ctx }) => {
    await escalationsRoute(app, ctx);
  },
  start: async () => ({ stop: async () => {} }),
});

function rung(service: string, caseId: string, rung: EscalationDoc['rung'], raisedAt: string): EscalationDoc {
  const streamId = `${service}.case-${caseId}`;
  return {
    id: `${streamId}/deadline.case.decide@1/${rung}`,
    caseId,
    service,
    streamId,
    deadlineId: 'deadline.case.decide@1',
    rung,
    raisedAt,
    divisionCode: '141181',
    escalatedToDivisionCode: '141100',
    rule: `escalation.${rung}`,
    source: 'seed 000 §(四)',
  };
}

const actor = (division: string, agency: Actor['agency'] = 'nrb'): Actor => ({
  sub: `${agency}-${division}`,
  agency,
  division,
  roles: ['officer'],
});

let app: LandcaseApp;

beforeAll(async () => {
  const docs = readModels.collection<EscalationDoc>(ESCALATIONS_COLLECTION);
  await docs.upsert(rung('enforcement', 'A', 'reminder', '2025-06-03T15:59:59.999Z'), 1);
  await docs.upsert(rung('enforcement', 'A', 'supervision', '2025-06-10T15:59:59.999Z'), 2);
  await docs.upsert(rung('referral', 'B', 'reminder', '2025-06-04T15:59:59.999Z'), 1);
  app = createApp({
    config: loadConfig({ NODE_ENV: 'test' }),
    modules: [moduleOf('enforcement'), moduleOf('referral')],
    ctxFor: (m) => ({ service: m.name, readModels }) as unknown as ServiceContext,
    logger: pino({ level: 'silent' }),
  });
  await app.ready();
});
afterAll(() => app.close());

async function get(url: string, as: Actor) {
  return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await testToken(as)}` } });
}

describe('GET /<service>/escalations', () => {
  it("lists the service's rungs reported to the division, latest first", async () => {
    const res = await get('/enforcement/escalations?divisionCode=141100', actor('141100'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        rung('enforcement', 'A', 'supervision', '2025-06-10T15:59:59.999Z'),
        rung('enforcement', 'A', 'reminder', '2025-06-03T15:59:59.999Z'),
      ],
      total: 2,
    });
    const referral = await get('/referral/escalations?divisionCode=141100', actor('141100', 'gov'));
    expect(referral.json().items.map((d: EscalationDoc) => [d.service, d.caseId])).toEqual([
      ['referral', 'B'],
    ]);
    const page = await get('/enforcement/escalations?divisionCode=141100&limit=1&offset=1', actor('141100'));
    expect(page.json()).toMatchObject({ items: [{ rung: 'reminder' }], total: 2 });
  });

  it('lets the province and its auditor read what was reported to a city, not the county below it', async () => {
    expect((await get('/enforcement/escalations?divisionCode=141100', actor('140000'))).statusCode).toBe(200);
    expect(
      (await get('/enforcement/escalations?divisionCode=141100', actor('140000', 'audit'))).statusCode,
    ).toBe(200);
    const county = await get('/enforcement/escalations?divisionCode=141100', actor('141181'));
    expect(county.statusCode).toBe(403);
    expect(county.json()).toMatchObject({
      type: 'https://landcase.org/problems/forbidden',
      status: 403,
      rule: { id: 'enforcement.escalations' },
    });
    expect((await get('/enforcement/escalations?divisionCode=141100', actor('141200'))).statusCode).toBe(403);
    // Another province's auditor, and an agency the escalations are not reported to.
    expect(
      (await get('/enforcement/escalations?divisionCode=141100', actor('350000', 'audit'))).statusCode,
    ).toBe(403);
    expect(
      (await get('/enforcement/escalations?divisionCode=141100', actor('141100', 'psb'))).statusCode,
    ).toBe(403);
  });

  it('answers 400 without a division code or with a malformed one', async () => {
    for (const url of ['/enforcement/escalations', '/enforcement/escalations?divisionCode=1411']) {
      const res = await get(url, actor('141100'));
      expect(res.statusCode, url).toBe(400);
      expect(res.json().type).toBe('https://landcase.org/problems/validation');
    }
  });
});
