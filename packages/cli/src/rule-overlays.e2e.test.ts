import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULE_SET } from '@landcase/lifecycle';
import { type Clock, mintToken, type RunningService } from '@landcase/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Http, squareParcel } from './happy-path.ts';
import { fetchHttp } from './http-client.ts';
import { runSystem } from './system.ts';

// Provincial rule sets end to end, with the overlays shipped in rules/overlays: Inner Mongolia
// (15) reports a missed deadline to the superior level at once, Fujian (35) after 3 working days,
// the base after 5. The system is restarted between steps (its deadline scheduler ticks at each
// start): once to add Fujian's overlay while a Fujian case is open, once to pass the day a later
// Inner Mongolia version comes into force.

const SHIPPED = fileURLToPath(new URL('../../../rules/overlays/', import.meta.url));
const BASE = RULE_SET.version;
const IM = `${BASE}+15@2021.1`;
const IM_LATER = `${BASE}+15@2026.2`;
const FJ = `${BASE}+35@2020.1`;

/** Time that runs at the machine's pace from an instant the test moves forward between starts. */
function movableClock(start: string): Clock & { set(iso: string): void } {
  let origin = Date.parse(start);
  let began = performance.now();
  return {
    now: () => new Date(origin + Math.floor(performance.now() - began)),
    set(iso: string) {
      origin = Date.parse(iso);
      began = performance.now();
    },
  };
}

let dir: string;
let overlays: string;
let system: RunningService | undefined;
let http: Http;
const clock = movableClock('2026-03-02T09:30:00+08:00');

async function start(at: string): Promise<void> {
  await system?.stop();
  clock.set(at);
  system = await runSystem(
    {
      LANDCASE_PORT: '0',
      LANDCASE_HOST: '127.0.0.1',
      LANDCASE_EVENTSTORE: `sqlite:${join(dir, 'lc.db')}`,
      LANDCASE_RULE_OVERLAYS: overlays,
      LOG_LEVEL: 'warn',
    },
    { handleSignals: false, clock },
  );
  http = fetchHttp(() => system!.address);
}

const token = (agency: string, division: string, roles = ['officer']) =>
  mintToken(system!.config.jwtSecret, {
    sub: `${agency}-${division}`,
    agency: agency as never,
    division,
    roles,
  });

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the route answered
function ok(res: { status: number; body: any }, step: string) {
  if (res.status >= 300) throw new Error(`${step}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A clue reported and verified illegal in `division`, its case filed and its penalty notice served now. */
async function noticedCase(division: string, ref: string): Promise<string> {
  const grid = await token('grid', division);
  const nrb = await token('nrb', division);
  const clue = ok(
    await http('POST', '/detection/clues', {
      token: grid,
      body: {
        source: 'patrol',
        externalRef: ref,
        divisionCode: division,
        landClass: 'farmland',
        parcel: squareParcel(),
        observedAt: new Date(clock.now().getTime() - 3_600_000).toISOString(),
      },
    }),
    `${ref}: clue`,
  );
  const caseId = clue.caseId as string;
  ok(
    await http('POST', `/detection/clues/${caseId}/verification`, {
      token: nrb,
      body: {
        verdict: 'illegal',
        areaMu: 3,
        landClass: 'farmland',
        ongoing: false,
        party: { name: `Party ${ref}`, kind: 'person' },
      },
    }),
    `${ref}: verification`,
  );
  await eventually(`${ref}: the case opened`, async () => {
    const res = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
    return res.status === 200 ? res.body : undefined;
  });
  ok(
    await http('POST', `/enforcement/cases/${caseId}/filing`, {
      token: nrb,
      body: { filingNo: `${ref}-F`, filedAt: clock.now().toISOString() },
    }),
    `${ref}: filing`,
  );
  ok(
    await http('POST', `/enforcement/cases/${caseId}/penalty-notice`, {
      token: nrb,
      body: { measures: ['demolish', 'restore', 'fine'], noticeRef: `${ref}-N` },
    }),
    `${ref}: notice`,
  );
  return caseId;
}

async function caseOf(caseId: string, division: string) {
  return ok(
    await http('GET', `/enforcement/cases/${caseId}`, { token: await token('nrb', division) }),
    `read ${caseId}`,
  );
}

/** The rungs raised for a case's missed hearing request, as its superior division reads them. */
async function rungsOf(caseId: string, superior: string): Promise<Record<string, string>> {
  const res = ok(
    await http('GET', `/enforcement/escalations?divisionCode=${superior}&limit=500`, {
      token: await token('nrb', superior),
    }),
    `escalations of ${superior}`,
  );
  const rungs: Record<string, string> = {};
  for (const item of res.items as { caseId: string; rung: string; raisedAt: string; rule: string }[]) {
    if (item.caseId === caseId && item.rule.startsWith('escalation.')) rungs[item.rung] = item.raisedAt;
  }
  return rungs;
}

const cases: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'landcase-rule-overlays-'));
  overlays = join(dir, 'overlays');
  mkdirSync(overlays);
  // Inner Mongolia's shipped overlay, and a later version of it in force from 1 April 2026.
  copyFileSync(join(SHIPPED, '15-2021.1.json'), join(overlays, '15-2021.1.json'));
  writeFileSync(
    join(overlays, '15-2026.2.json'),
    JSON.stringify({
      divisionPrefix: '15',
      version: '2026.2',
      effectiveFrom: '2026-04-01T00:00:00+08:00',
      source: 'a later notice',
      rules: { 'escalation.supervision': { value: 2, source: 'a later notice §1' } },
    }),
  );
  // Tuesday 3 March 2026: the hearing requests are due by the end of Tuesday 10 March (5 working days).
  await start('2026-03-03T09:00:00+08:00');
  cases.im = await noticedCase('150102', 'IM-1');
  cases.fjBefore = await noticedCase('350102', 'FJ-1');
  cases.base = await noticedCase('141181', 'SX-1');
}, 120_000);

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('provincial rule sets', () => {
  it('each case records the rule set in force in its province when it opened', async () => {
    expect((await caseOf(cases.im!, '150102')).ruleSetVersion).toBe(IM);
    // No Fujian overlay loaded yet.
    expect((await caseOf(cases.fjBefore!, '350102')).ruleSetVersion).toBe(BASE);
    expect((await caseOf(cases.base!, '141181')).ruleSetVersion).toBe(BASE);
    // The version travels with every event the case's commands decide, into the audit ledger.
    const auditor = await token('audit', '150102', ['auditor']);
    const filed = await eventually('the filing in the ledger', async () => {
      const timeline = ok(
        await http('GET', `/audit/cases/${cases.im}/timeline`, { token: auditor }),
        'timeline',
      );
      return (timeline.events as { name: string; ruleSetVersion?: string }[]).find(
        (e) => e.name === 'CaseFiled',
      );
    });
    expect(filed.ruleSetVersion).toBe(IM);
    const rules = ok(
      await http('GET', '/rules/150102', { token: await token('audit', '330102', ['auditor']) }),
      'rules of 150102',
    );
    expect(rules).toMatchObject({ divisionCode: '150102', version: IM, baseVersion: BASE });
    expect(rules.rules.find((r: { id: string }) => r.id === 'escalation.supervision')).toMatchObject({
      value: 0,
      setBy: '15@2021.1',
    });
  });

  it("an overlay added later changes no open case; a case opened after it gets the province's deadlines", async () => {
    // Fujian's overlay shipped in rules/overlays is added; the system restarts after the deadlines passed.
    copyFileSync(join(SHIPPED, '35-2020.1.json'), join(overlays, '35-2020.1.json'));
    await start('2026-03-11T09:00:00+08:00');
    const due = '2026-03-10T15:59:59.999Z';
    // Inner Mongolia: supervision with the reminder, at once.
    expect(await eventually('IM rungs', async () => nonEmpty(await rungsOf(cases.im!, '150100')))).toEqual({
      reminder: due,
      supervision: due,
    });
    // Fujian's case opened before the overlay: the base ladder, supervision not yet due.
    expect(
      await eventually('FJ rungs', async () => nonEmpty(await rungsOf(cases.fjBefore!, '350100'))),
    ).toEqual({
      reminder: due,
    });
    expect(
      await eventually('base rungs', async () => nonEmpty(await rungsOf(cases.base!, '141100'))),
    ).toEqual({
      reminder: due,
    });
    expect((await caseOf(cases.fjBefore!, '350102')).ruleSetVersion).toBe(BASE);
    // A Fujian case opened now records Fujian's overlay.
    cases.fj = await noticedCase('350102', 'FJ-2');
    expect((await caseOf(cases.fj, '350102')).ruleSetVersion).toBe(FJ);

    // Wednesday 25 March: FJ-2 (due Wednesday 18 March) is 5 working days past due, FJ-1 10.
    await start('2026-03-25T09:00:00+08:00');
    const fjRungs = await eventually('FJ-2 rungs', async () => nonEmpty(await rungsOf(cases.fj!, '350100')));
    // Fujian: supervision 3 working days after the reminder (Monday 23 March), listed supervision 5 after it.
    expect(fjRungs).toEqual({
      reminder: '2026-03-18T15:59:59.999Z',
      supervision: '2026-03-23T15:59:59.999Z',
    });
    // Fujian's first case climbs the base ladder: supervision 5 working days after the reminder (17 March).
    expect(await rungsOf(cases.fjBefore!, '350100')).toEqual({
      reminder: due,
      supervision: '2026-03-17T15:59:59.999Z',
    });
    expect(await rungsOf(cases.base!, '141100')).toEqual({
      reminder: due,
      supervision: '2026-03-17T15:59:59.999Z',
    });
  }, 120_000);

  it("a case opened before a version's effectiveFrom keeps the earlier one", async () => {
    await start('2026-04-01T09:00:00+08:00');
    const later = await noticedCase('150102', 'IM-2');
    expect((await caseOf(later, '150102')).ruleSetVersion).toBe(IM_LATER);
    expect((await caseOf(cases.im!, '150102')).ruleSetVersion).toBe(IM);
    const auditor = await token('audit', '150000', ['auditor']);
    expect(ok(await http('GET', '/rules/150102', { token: auditor }), 'rules now').version).toBe(IM_LATER);
    expect(
      ok(
        await http('GET', '/rules/150102?at=2026-03-31T23:59:59%2B08:00', { token: auditor }),
        'rules before',
      ).version,
    ).toBe(IM);
  }, 120_000);
});

function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}
