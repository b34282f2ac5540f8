import { enforcementCaseMachine, loadCalendar } from '@landcase/lifecycle';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEADLINE_FOLDS_COLLECTION, DeadlineIndex } from './deadline-index.ts';
import { caseStream, decideCase, type Harness, harness, recordFiledCase } from './test-fixtures.ts';

describe('DeadlineIndex', () => {
  let h: Harness;
  const caseId = 'LC-141181-20250227-00000002';
  beforeEach(() => {
    h = harness('enforcement');
  });
  afterEach(() => h.close());

  const indexOf = () =>
    new DeadlineIndex(h.ctx, {
      machine: enforcementCaseMachine,
      calendar: loadCalendar(),
      aggregate: 'case',
    });

  it('applies the events read to the fold it keeps per stream, without reading the stream again', async () => {
    const index = indexOf();
    await recordFiledCase(h, caseId);
    await index.catchUp();
    const filed = await index.ofStream(caseStream(caseId));
    expect(filed.filter((d) => d.open).map((d) => d.rule)).toContain('deadline.case.decide');

    const readStream = vi.spyOn(h.store, 'readStream');
    await decideCase(h, caseId, [
      '2025-03-20T10:00:00+08:00',
      '2025-04-01T10:00:00+08:00',
      '2025-04-10T10:00:00+08:00',
    ]);
    readStream.mockClear();
    await index.catchUp();
    expect(readStream).not.toHaveBeenCalled();
    const decided = await index.ofStream(caseStream(caseId));
    expect(decided.find((d) => d.rule === 'deadline.case.decide')).toMatchObject({
      open: false,
      running: false,
    });
    expect(decided.filter((d) => d.open).map((d) => d.rule)).toContain('deadline.case.comply');
    const fold = await h.ctx.readModels.collection(DEADLINE_FOLDS_COLLECTION).get(caseStream(caseId));
    expect(fold).toMatchObject({ revision: 4 });
  });

  it('writes what a fresh index folded from the whole stream writes', async () => {
    await recordFiledCase(h, caseId);
    const stepwise = indexOf();
    await stepwise.catchUp();
    await decideCase(h, caseId, [
      '2025-03-20T10:00:00+08:00',
      '2025-04-01T10:00:00+08:00',
      '2025-04-10T10:00:00+08:00',
    ]);
    await stepwise.catchUp();
    const fresh = h.instance();
    const once = new DeadlineIndex(fresh, {
      machine: enforcementCaseMachine,
      calendar: loadCalendar(),
      aggregate: 'case',
    });
    await once.catchUp();
    expect(await once.ofStream(caseStream(caseId))).toEqual(await stepwise.ofStream(caseStream(caseId)));
  });
});
