import type { CloudEvent, ServiceName } from '@landcase/contracts';
import { type Collection, type Doc, InMemoryReadModelStore, type ReadModelStore } from '@landcase/readmodels';
import { beforeEach, describe, expect, it } from 'vitest';
import { cloudEvent, PARTY } from '../test-harness.ts';
import { CASE_DIVISIONS_COLLECTION, type MonthDoc, STATISTICS_COLLECTION } from './documents.ts';
import { applyStatistics, ContractBreach, monthDocId, UnknownCase } from './projection.ts';

// The projection's apply, called directly: what the consumer runner's dedupe cannot cover (an
// event delivered again after the process died before marking it seen) and concurrent instances.

const event = (
  service: ServiceName,
  type: string,
  caseId: string,
  data: Record<string, unknown>,
  extra: Partial<CloudEvent> = {},
): CloudEvent => ({ ...cloudEvent(service, type, caseId, { caseId, ...data }), ...extra });

const reported = (caseId: string, divisionCode = '141181') =>
  event('detection', 'ClueReported', caseId, {
    source: 'satellite',
    divisionCode,
    landClass: 'pbf',
    parcel: {
      type: 'Polygon',
      coordinates: [
        [
          [111.7, 37.2],
          [111.71, 37.2],
          [111.71, 37.21],
          [111.7, 37.2],
        ],
      ],
    },
    areaMu: 3,
    observedAt: '2026-03-01T09:00:00+08:00',
    evidence: [],
  });

const opened = (caseId: string, discoveredAt: string) =>
  event('enforcement', 'CaseOpened', caseId, {
    divisionCode: '141181',
    landClass: 'pbf',
    areaMu: 3,
    party: PARTY,
    ongoing: true,
    clueSource: 'satellite',
    discoveredAt,
    ruleSetVersion: '2026.1',
  });

const deadlineMissed = (service: ServiceName, caseId: string, extra: Partial<CloudEvent> = {}) =>
  event(
    service,
    'DeadlineMissed',
    caseId,
    {
      deadlineId: `${caseId}.d1`,
      state: 'opened',
      dueAt: '2026-03-10T18:00:00+08:00',
      rule: 'stop-within-days',
      source: 'Order 310',
    },
    extra,
  );

let store: InMemoryReadModelStore;
const monthDoc = (division: string, month: string) =>
  store.collection<MonthDoc>(STATISTICS_COLLECTION).get(monthDocId(division, month));

beforeEach(() => {
  store = new InMemoryReadModelStore();
});

/** The store's parts, for a wrapper that replaces `collection`. */
const storeParts = (): ReadModelStore => ({
  collection: (name) => store.collection(name),
  checkpoints: store.checkpoints,
  seen: store.seen,
  generations: store.generations,
  close: () => store.close(),
});

describe('applyStatistics', () => {
  it('does not count an event twice when it comes again after a crash, before it was marked seen', async () => {
    const e = reported('CL-1');
    await applyStatistics(e, store);
    await applyStatistics(e, store);
    const doc = await monthDoc('141181', '2026-03');
    expect(doc).toMatchObject({ cluesReported: 1, cluesBySource: { satellite: 1 }, revision: 1 });
    expect(doc?.applied).toEqual([e.id]);
  });

  it('loses neither figure nor memory when the process dies between the two writes', async () => {
    const e = opened('LC-1', '2026-03-02T10:00:00+08:00');
    // The first delivery died after writing the month: the memory is missing.
    const crashing: ReadModelStore = {
      ...storeParts(),
      collection: <T extends Doc>(name: string) => {
        const inner = store.collection<T>(name);
        if (name !== CASE_DIVISIONS_COLLECTION) return inner;
        return {
          ...inner,
          get: (id: string) => inner.get(id),
          upsert: async () => {
            throw new Error('process died');
          },
        } as Collection<T>;
      },
    };
    await expect(applyStatistics(e, crashing)).rejects.toThrow('process died');
    expect(await monthDoc('141181', '2026-03')).toMatchObject({ casesOpened: 1 });
    await applyStatistics(e, store);
    expect(await monthDoc('141181', '2026-03')).toMatchObject({ casesOpened: 1 });
    expect(await store.collection(CASE_DIVISIONS_COLLECTION).get('LC-1')).toMatchObject({
      divisionCode: '141181',
      discoveredAt: '2026-03-02T10:00:00+08:00',
    });
  });

  it('counts both of two events racing on one month document (several instances)', async () => {
    // Both reads happen before either write: the loser of the write finds a newer revision and
    // makes its change again on what the winner wrote.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const racing: ReadModelStore = {
      ...storeParts(),
      collection: <T extends Doc>(name: string) => {
        const inner = store.collection<T>(name);
        if (name !== STATISTICS_COLLECTION) return inner;
        return {
          ...inner,
          get: async (id: string) => {
            const doc = await inner.get(id);
            if (arrived < 2) {
              arrived += 1;
              if (arrived === 2) release();
              await bothRead;
            }
            return doc;
          },
          upsert: (doc: T, version: number) => inner.upsert(doc, version),
        } as Collection<T>;
      },
    };
    await Promise.all([applyStatistics(reported('CL-1'), racing), applyStatistics(reported('CL-2'), racing)]);
    const doc = await monthDoc('141181', '2026-03');
    expect(doc).toMatchObject({ cluesReported: 2, revision: 2 });
    expect(doc?.applied).toHaveLength(2);
  });

  it('takes the division of an event that names none from its case', async () => {
    await applyStatistics(opened('LC-2', '2026-03-02T10:00:00+08:00'), store);
    // The scheduler appends as the system, whose division is 000000.
    await applyStatistics(deadlineMissed('enforcement', 'LC-2', { division: '000000' }), store);
    expect(await monthDoc('141181', '2026-03')).toMatchObject({
      casesOpened: 1,
      overdue: { enforcement: 1, detection: 0 },
    });
  });

  it('falls back to the actor’s division for a case it has not met, but never to the system’s', async () => {
    await applyStatistics(deadlineMissed('detection', 'CL-X', { division: '141182' }), store);
    expect(await monthDoc('141182', '2026-03')).toMatchObject({ overdue: { detection: 1 } });
    await expect(
      applyStatistics(deadlineMissed('detection', 'CL-Y', { division: '000000' }), store),
    ).rejects.toThrow(UnknownCase);
  });

  it('refuses a stop of a case it never saw opened, so the event is retried, then parked', async () => {
    const stop = event('enforcement', 'StopConfirmed', 'LC-9', {
      stopped: true,
      observedAt: '2026-03-04T10:00:00+08:00',
    });
    await expect(applyStatistics(stop, store)).rejects.toThrow(UnknownCase);
    expect(await store.collection(STATISTICS_COLLECTION).count()).toBe(0);
  });

  it('counts no stop when the work was not stopped', async () => {
    await applyStatistics(opened('LC-3', '2026-03-02T10:00:00+08:00'), store);
    await applyStatistics(
      event('enforcement', 'StopConfirmed', 'LC-3', {
        stopped: false,
        observedAt: '2026-03-04T10:00:00+08:00',
      }),
      store,
    );
    expect((await monthDoc('141181', '2026-03'))?.hoursToStop).toEqual([]);
  });

  it('refuses an event whose data breaks its contract rather than inventing a figure', async () => {
    await expect(
      applyStatistics(event('detection', 'ClueReported', 'CL-Z', { source: 'pigeon' }), store),
    ).rejects.toThrow(ContractBreach);
  });

  it('ignores the events it has no figure for', async () => {
    await applyStatistics(opened('LC-4', '2026-03-02T10:00:00+08:00'), store);
    await applyStatistics(
      event('enforcement', 'StopOrderServed', 'LC-4', {
        servedAt: '2026-03-03T10:00:00+08:00',
        documentRef: 'S-1',
      }),
      store,
    );
    expect(await monthDoc('141181', '2026-03')).toMatchObject({ casesOpened: 1, revision: 1 });
  });
});
