import { enforcementCaseMachine, stateString } from '@landcase/lifecycle';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceContext } from './context.ts';
import { decideCase, type Harness, harness, recordFiledCase } from './deadlines/test-fixtures.ts';
import { listProjection } from './list-projection.ts';
import {
  projectionStatuses,
  RebuildRunning,
  rebuildProgress,
  startRebuild,
  UnknownProjection,
} from './projection-rebuild.ts';

const casesOf = (ctx: ServiceContext) =>
  listProjection<typeof enforcementCaseMachine, { count: number }>(ctx, {
    name: 'cases',
    topics: ['landcase.enforcement.v1'],
    collection: 'cases',
    aggregate: 'case',
    machine: enforcementCaseMachine,
    evolveFields: (fields, event) =>
      event.type === 'CaseOpened' || fields ? { count: (fields?.count ?? 0) + 1 } : null,
    document: ({ snapshot, fields }) => ({ state: stateString(snapshot), ...fields }),
  });

const settled = async (ctx: ServiceContext, name: string) => {
  for (let i = 0; i < 200; i++) {
    const progress = await rebuildProgress([ctx], name);
    if (progress.state !== 'running') return progress;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the rebuild did not finish');
};

describe('projection rebuild', () => {
  let h: Harness;
  const caseId = 'LC-141181-20250227-00000003';
  beforeEach(async () => {
    h = harness('enforcement');
    await recordFiledCase(h, caseId);
    await decideCase(h, caseId, [
      '2025-03-20T10:00:00+08:00',
      '2025-04-01T10:00:00+08:00',
      '2025-04-10T10:00:00+08:00',
    ]);
  });
  afterEach(() => h.close());

  it('fills a new generation from the store while the old one serves, then swaps it in', async () => {
    const projection = casesOf(h.ctx);
    const running = await projection.start();
    expect(await rebuildProgress([h.ctx], 'cases')).toMatchObject({ state: 'none', generation: 0 });
    const collection = h.ctx.readModels.collection('cases');
    // The old generation holds a document the stream does not give (written by an older version).
    await collection.upsert({ id: caseId, count: -1, revision: 0 }, 1);
    await h.ctx.readModels.collection('cases').upsert({ id: 'LC-gone', count: 7 }, 1);

    // A store that holds the rebuild at its first page, to look at it half way.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const readAll = h.store.readAll.bind(h.store);
    let reads = 0;
    h.ctx.store.readAll = async (options) => {
      reads += 1;
      if (reads === 2) await gate;
      return readAll(options);
    };

    const started = await startRebuild([h.ctx], 'cases');
    expect(started).toMatchObject({ name: 'cases', generation: 1, state: 'running' });
    await expect(startRebuild([h.ctx], 'cases')).rejects.toBeInstanceOf(RebuildRunning);
    await expect(startRebuild([h.ctx], 'nope')).rejects.toBeInstanceOf(UnknownProjection);
    await expect(rebuildProgress([h.ctx], 'nope')).rejects.toBeInstanceOf(UnknownProjection);
    // Meanwhile the current generation serves as before.
    expect(await collection.get(caseId)).toMatchObject({ count: -1 });
    expect(await h.ctx.readModels.generations.current('cases')).toBe(0);

    release();
    const done = await settled(h.ctx, 'cases');
    expect(done).toMatchObject({ state: 'done', generation: 1, done: 5, total: 5, etaSeconds: null });
    expect(await h.ctx.readModels.generations.current('cases')).toBe(1);
    expect(await collection.get(caseId)).toMatchObject({ count: 5, revision: 4 });
    expect(await collection.get('LC-gone')).toBeNull();
    expect(await h.ctx.readModels.generations.collection('cases', 0).count()).toBe(0);

    const [status] = await projectionStatuses([h.ctx]);
    expect(status).toMatchObject({
      name: 'cases',
      generation: 1,
      rebuilding: false,
      head: expect.any(Number),
    });
    // A second rebuild goes on to the next generation.
    await startRebuild([h.ctx], 'cases');
    expect(await settled(h.ctx, 'cases')).toMatchObject({ state: 'done', generation: 2 });
    expect(await collection.get(caseId)).toMatchObject({ count: 5 });
    await running.stop();
  });
});
