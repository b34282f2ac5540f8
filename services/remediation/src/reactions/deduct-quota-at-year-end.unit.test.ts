import type { CloudEvent } from '@landcase/contracts';
import { loadCalendar, remediationMachine } from '@landcase/lifecycle';
import { type DeadlineScheduler, startDeadlineScheduler } from '@landcase/service-kit';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remediationModule } from '../index.ts';
import {
  openRestoration,
  postOnCase,
  RESTORATION_CASE,
  RESTORATION_STREAM,
} from '../test-restoration-case.ts';
import { handleYearEndMissed } from './deduct-quota-at-year-end.ts';

// Not restored within the year (seed 003 §三): at 24:00 China time on 31 December of the year the
// remediation opened in, the scheduler records the miss and the service deducts the quota itself.

/** 31 December 2026, 23:59:59 in Beijing: still inside the year. */
const LAST_SECOND = '2026-12-31T15:59:59.000Z';
/** 1 January 2027, 00:00 in Beijing (still 31 December in UTC): the year is over. */
const NEW_YEAR = '2026-12-31T16:00:00.000Z';

let sys: TestSystem;
let schedulers: DeadlineScheduler[];
const tokens: Record<string, string> = {};

beforeEach(async () => {
  // The remediation opens on 10 March 2026 (the harness clock), so its year is 2026.
  sys = await startTestSystem(remediationModule);
  tokens.head = await sys.token('nrb', ['officer', 'head']);
  tokens.agri = await sys.token('agri', ['officer', 'head']);
  tokens.gov = await sys.token('gov', ['officer']);
  // Two more instances of the scheduler over the same store: each deadline is still missed once.
  schedulers = [];
  for (let i = 0; i < 2; i++) {
    schedulers.push(
      await startDeadlineScheduler(sys.ctx, {
        machine: remediationMachine,
        aggregate: 'remediation',
        calendar: loadCalendar(),
        runAtStart: false,
      }),
    );
  }
});
afterEach(async () => {
  for (const s of schedulers) await s.stop();
  await sys.stop();
});

const post = (url: string, who: string, body: unknown) => postOnCase(sys, tokens[who], url, body);
const opened = (landClass: 'pbf' | 'farmland') => openRestoration(sys, landClass);

const events = () => sys.store.readStream(RESTORATION_STREAM);
const types = async () => (await events()).map((e) => e.type);
const count = async (type: string) => (await types()).filter((t) => t === type).length;

/** Every instance ticks at once, as they would on several machines. */
async function tickAll(at: string) {
  sys.clock.set(at);
  await Promise.all(schedulers.map((s) => s.tick()));
}

/** Waits until the reaction has taken the year-end miss (the deduction, or its decision not to). */
async function settled(expected: string) {
  await eventually(`the stream ending in ${expected}`, async () => (await types()).at(-1) === expected);
}

describe('the quota deducted at the end of the year', () => {
  it('is not deducted at 23:59:59 on 31 December, and deducted by the system at 00:00 on 1 January', async () => {
    await opened('farmland');
    await post('/progress', 'gov', {
      step: 'demolished',
      observedAt: '2026-07-10T10:00:00+08:00',
      evidence: [{ uri: 'https://field.example/p.jpg', sha256: 'b'.repeat(64) }],
    });

    await tickAll(LAST_SECOND);
    // Only the decision's due date (30 June) is missed so far.
    const before = (await events()).filter((e) => e.type === 'DeadlineMissed').map((e) => e.data.rule);
    expect(before).toEqual(['deadline.remediation.due']);
    expect(await count('QuotaDeducted')).toBe(0);

    await tickAll(NEW_YEAR);
    await settled('QuotaDeducted');
    const stream = await events();
    const missed = stream.filter(
      (e) => e.type === 'DeadlineMissed' && e.data.rule === 'deadline.remediation.year-end',
    );
    expect(missed).toHaveLength(1);
    expect(missed[0]!.data).toMatchObject({
      state: 'demolished',
      dueAt: '2026-12-31T15:59:59.999Z',
      source: 'seed 003 §三',
    });
    const deducted = stream.filter((e) => e.type === 'QuotaDeducted');
    expect(deducted).toHaveLength(1);
    expect(deducted[0]!.data).toEqual({
      caseId: RESTORATION_CASE,
      divisionCode: '141181',
      areaMu: 6.2,
      landClass: 'farmland',
      year: 2026,
      deductedAt: NEW_YEAR,
    });
    expect(deducted[0]!.metadata).toMatchObject({
      actor: 'nrb:system:remediation',
      causationId: missed[0]!.id,
    });

    // Restoration goes on where it stood.
    const res = await sys.app.inject({
      method: 'GET',
      url: `/remediation/cases/${RESTORATION_CASE}`,
      headers: { authorization: `Bearer ${tokens.head}` },
    });
    expect(res.json()).toMatchObject({ state: 'demolished', quotaDeduction: { year: 2026 } });
  });

  it('requires PBF re-designation with the deduction', async () => {
    await opened('pbf');
    await tickAll(NEW_YEAR);
    await settled('PbfRedesignationRequired');
    expect((await types()).filter((t) => t === 'QuotaDeducted' || t === 'PbfRedesignationRequired')).toEqual([
      'QuotaDeducted',
      'PbfRedesignationRequired',
    ]);
    const required = (await events()).find((e) => e.type === 'PbfRedesignationRequired')!;
    // 90 calendar days from the deduction (remediation.pbf-redesignation-period).
    expect(required.data.dueBy).toBe('2027-03-31T16:00:00.000Z');
  });

  it('deducts once under redelivery of the miss and further ticks', async () => {
    await opened('pbf');
    await tickAll(NEW_YEAR);
    await settled('PbfRedesignationRequired');
    const missed = (await events()).find(
      (e) => e.type === 'DeadlineMissed' && e.data.rule === 'deadline.remediation.year-end',
    )!;
    const redelivered = {
      specversion: '1.0',
      id: missed.id,
      source: '/landcase/remediation',
      type: 'landcase.remediation.DeadlineMissed.v1',
      subject: RESTORATION_CASE,
      time: NEW_YEAR,
      data: missed.data,
      correlationid: missed.id,
      causationid: missed.id,
    } as unknown as CloudEvent;
    await Promise.all([handleYearEndMissed(sys.ctx, redelivered), handleYearEndMissed(sys.ctx, redelivered)]);
    await tickAll('2027-01-02T02:00:00.000Z');
    expect(await count('QuotaDeducted')).toBe(1);
    expect(await count('PbfRedesignationRequired')).toBe(1);
  });

  it('leaves a deduction the head made by hand earlier as it is', async () => {
    await opened('farmland');
    sys.clock.set('2026-11-20T02:00:00.000Z');
    expect((await post('/quota-deduction', 'head', { year: 2026 })).status).toBe(200);
    await tickAll(NEW_YEAR);
    // The miss is still a fact on the record; the reaction adds nothing to it.
    await eventually('the year-end miss', async () =>
      (await events()).some(
        (e) => e.type === 'DeadlineMissed' && e.data.rule === 'deadline.remediation.year-end',
      ),
    );
    const missed = (await events()).find(
      (e) => e.type === 'DeadlineMissed' && e.data.rule === 'deadline.remediation.year-end',
    )!;
    await handleYearEndMissed(sys.ctx, {
      id: missed.id,
      type: 'landcase.remediation.DeadlineMissed.v1',
      data: missed.data,
    } as unknown as CloudEvent);
    expect(await count('QuotaDeducted')).toBe(1);
    expect((await events()).find((e) => e.type === 'QuotaDeducted')!.metadata).toMatchObject({
      actor: 'nrb:nrb-user',
    });
  });

  it('does not run once the land was accepted within the year', async () => {
    await opened('farmland');
    const proof = [{ uri: 'https://field.example/p.jpg', sha256: 'b'.repeat(64) }];
    for (const step of ['demolished', 'recultivated'])
      await post('/progress', 'gov', { step, observedAt: '2026-05-01T10:00:00+08:00', evidence: proof });
    await post('/acceptance', 'head', { passed: true, note: 'fit' });
    await post('/acceptance', 'agri', { passed: true, note: 'fit' });
    await tickAll(NEW_YEAR);
    expect(await types()).not.toContain('DeadlineMissed');
    expect(await count('QuotaDeducted')).toBe(0);
  });
});
