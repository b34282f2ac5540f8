import { randomUUID } from 'node:crypto';
import type { Actor } from '@landcase/contracts';
import { SqliteEventStore } from '@landcase/eventstore';
import { enforcementCaseMachine, evolve, loadCalendar } from '@landcase/lifecycle';
import type { Bus } from '@landcase/messaging';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { aggregateDue, createContext } from '@landcase/service-kit';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { caseFields, caseStreamId } from './case.ts';
import { CASE_SNAPSHOTS, loadCase, runCaseCommand } from './case-view.ts';
import { decideServiceRefusal } from './slices/service-refusal.ts';

// A case folded from its snapshot reads exactly as one folded from its first event.

const CASE = 'LC-141181-20260301-5a5a5a5a';
const gov: Actor = { sub: 'gov-1', agency: 'gov', division: '141181', roles: ['officer'] };
const store = SqliteEventStore.open(':memory:');

const ctx = createContext(
  'enforcement',
  {
    store,
    bus: {
      publish: async () => {},
      subscribe: async () => ({ stop: async () => {} }),
      close: async () => {},
    } as Bus,
    readModels: new InMemoryReadModelStore(),
  },
  { log: pino({ level: 'silent' }) },
);

const refusal = (n: number) => ({
  recipients: [{ name: `供电公司 ${n}`, service: 'power' as const }],
  documentRef: `汾政函〔2026〕${n}号`,
  sentAt: '2026-03-10T10:00:00+08:00',
});

describe('enforcement cases and their snapshots', () => {
  it('takes one every 50 events, and a case folded from it reads as one folded from the start', async () => {
    const opening = [
      {
        type: 'CaseOpened',
        data: {
          caseId: CASE,
          divisionCode: '141181',
          landClass: 'pbf',
          areaMu: 6.5,
          party: { name: '张三', kind: 'person' },
          ongoing: true,
          clueSource: 'satellite',
          discoveredAt: '2026-03-10T10:00:00+08:00',
          ruleSetVersion: '2026.1',
        },
      },
      {
        type: 'StopOrderServed',
        data: { caseId: CASE, servedAt: '2026-03-10T15:00:00+08:00', documentRef: '责停〔2026〕12号' },
      },
    ];
    await store.append(
      caseStreamId(CASE),
      opening.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { caseId: CASE } })),
      'no_stream',
    );
    let reply: Awaited<ReturnType<typeof runCaseCommand>> = null;
    for (let n = 1; n <= 60; n++) {
      const loaded = await loadCase(ctx, CASE);
      reply = await runCaseCommand(ctx, {
        caseId: CASE,
        actor: gov,
        history: loaded.events,
        loaded,
        decide: (_snapshot, _history, fields) =>
          decideServiceRefusal({
            caseId: CASE,
            body: refusal(n),
            case: fields!,
            now: new Date(),
            calendar: loadCalendar(),
            actor: gov,
          }),
      });
    }
    const kept = await store.readSnapshot(caseStreamId(CASE));
    expect(kept).toMatchObject({ revision: 49, machineVersion: CASE_SNAPSHOTS.machineVersion });

    const all = await store.readStream(caseStreamId(CASE));
    expect(all).toHaveLength(62);
    const loaded = await loadCase(ctx, CASE);
    // Only the events after the snapshot were read and folded.
    expect(loaded.events.map((e) => e.revision)).toEqual(Array.from({ length: 12 }, (_, i) => 50 + i));
    expect(loaded.revision).toBe(61);
    const full = evolve(enforcementCaseMachine, all);
    expect(loaded.snapshot.value).toEqual(full.value);
    expect(loaded.snapshot.context).toEqual(full.context);
    expect(loaded.fields).toEqual(caseFields(all));
    expect(loaded.fields.serviceRefusals).toHaveLength(60);
    // A deadline is dated by the event that started it, which lies before the snapshot: the read
    // and the command's reply still carry the due date of a fold from the start.
    const due = aggregateDue(ctx, enforcementCaseMachine, all, full);
    expect(due).not.toBeNull();
    expect(loaded.due).toEqual(due);
    expect(reply?.due).toEqual(due);
  });
});
