import { randomUUID } from 'node:crypto';
import { type Actor, type ServiceName, streamName } from '@landcase/contracts';
import { type RecordedEvent, SqliteEventStore } from '@landcase/eventstore';
import { enforcementCaseMachine, RULE_SET } from '@landcase/lifecycle';
import { InProcessBus } from '@landcase/messaging';
import { InMemoryReadModelStore, type ReadModelStore } from '@landcase/readmodels';
import pino from 'pino';
import type { AnyStateMachine } from 'xstate';
import { executeCommand } from '../command.ts';
import type { ServiceContext } from '../context.ts';
import { InMemoryDocumentStore } from '../documents/memory-store.ts';
import { TestClock } from '../testing.ts';
import type { StreamEvent } from './open-deadlines.ts';

// Builders shared by the deadline specifications: valid catalogue data, a clock the test moves
// (the one the service test harness has).

export interface Harness {
  ctx: ServiceContext;
  clock: TestClock;
  store: SqliteEventStore;
  /** A context on the same store and clock with read models of its own (another instance). */
  instance(readModels?: ReadModelStore): ServiceContext;
  /** Records `type` on the stream at the clock's time `at` (its metadata time). */
  record(streamId: string, machine: AnyStateMachine, at: string, type: string, data: object): Promise<void>;
  missed(streamId: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

const officer: Actor = { sub: 'li', agency: 'nrb', division: '141181', roles: ['officer'] };

export function harness(service: ServiceName, start = '2025-01-02T00:00:00.000Z'): Harness {
  const clock = new TestClock(start);
  const store = SqliteEventStore.open(':memory:');
  const log = pino({ level: 'silent' });
  const instance = (readModels: ReadModelStore = new InMemoryReadModelStore()): ServiceContext => ({
    service,
    store,
    bus: new InProcessBus(),
    readModels,
    documents: new InMemoryDocumentStore(),
    clock,
    log,
    newId: randomUUID,
  });
  const ctx = instance();
  return {
    ctx,
    clock,
    store,
    instance,
    async record(streamId, machine, at, type, data) {
      clock.set(at);
      const caseId = (data as { caseId: string }).caseId;
      await executeCommand(ctx, {
        streamId,
        caseId,
        machine,
        actor: officer,
        decide: () => [{ type, data: data as Record<string, unknown> }],
      });
    },
    async missed(streamId) {
      return (await store.readStream(streamId)).filter((e) => e.type === 'DeadlineMissed');
    },
    close: () => store.close(),
  };
}

export const party = { name: '张三', kind: 'person' as const };
export const place = { divisionCode: '141181', landClass: 'farmland' as const, areaMu: 3 };

export const caseStream = (caseId: string): string => streamName('enforcement', 'case', caseId);
export const referralStream = (referralId: string): string => streamName('referral', 'referral', referralId);

export const caseEvents = {
  opened: (caseId: string, discoveredAt: string, ongoing = false) => ({
    caseId,
    ...place,
    party,
    ongoing,
    clueSource: 'satellite',
    discoveredAt,
    ruleSetVersion: RULE_SET.version,
  }),
  stopOrder: (caseId: string, servedAt: string) => ({ caseId, servedAt, documentRef: 'STOP-1' }),
  filed: (caseId: string, filedAt: string) => ({ caseId, filingNo: 'F-2025-1', filedAt, ...place, party }),
  notice: (caseId: string) => ({ caseId, measures: ['demolish', 'fine'], noticeRef: 'N-1' }),
  hearing: (caseId: string) => ({ caseId, requested: false }),
  decided: (caseId: string, complyBy: string) => ({
    caseId,
    measures: ['demolish', 'fine'],
    fineYuan: 20_000,
    complyBy,
    decisionRef: 'D-1',
    ...place,
  }),
};

/** Serves the penalty notice, records the hearing and decides the case (to comply by 31 December). */
export async function decideCase(
  h: Harness,
  caseId: string,
  [noticedAt, heardAt, decidedAt]: [string, string, string],
): Promise<void> {
  const s = caseStream(caseId);
  const m = enforcementCaseMachine;
  await h.record(s, m, noticedAt, 'PenaltyNoticeServed', caseEvents.notice(caseId));
  await h.record(s, m, heardAt, 'HearingRecorded', caseEvents.hearing(caseId));
  await h.record(s, m, decidedAt, 'PenaltyDecided', caseEvents.decided(caseId, '2025-12-31T17:00:00+08:00'));
}

export const referralEvents = {
  drafted: (caseId: string, referralId: string, to: 'psb' | 'disc') => ({
    caseId,
    referralId,
    from: 'nrb',
    to,
    divisionCode: '141181',
    reason: 'farmland ≥ 10 mu',
    documents: [],
  }),
  approved: (caseId: string, referralId: string) => ({ caseId, referralId, approved: true, note: '' }),
};

/** One event of a stream as a specification writes it: its type, data and metadata time, if any. */
export type StreamStep = [type: string, data: object, time?: string];

/** Stored events as the store gives them back, numbered from 0; `time` is each one's metadata time. */
export function storedStream(caseId: string, ...events: StreamStep[]): StreamEvent[] {
  return events.map(([type, data, time], revision) => ({
    id: `e${revision}`,
    type,
    data: data as Record<string, unknown>,
    metadata: { caseId, ...(time ? { time } : {}) },
    revision,
    recordedAt: '2025-06-01T00:00:00.000Z',
  }));
}

/** A filed case served its penalty notice, whose hearing-request deadline is recorded as missed. */
export function hearingRequestMissed(caseId: string): StreamStep[] {
  return [
    ['CaseOpened', caseEvents.opened(caseId, '2025-03-03T09:00:00+08:00')],
    ['CaseFiled', caseEvents.filed(caseId, '2025-03-05T10:00:00+08:00')],
    ['PenaltyNoticeServed', caseEvents.notice(caseId), '2025-03-20T16:00:00+08:00'],
    [
      'DeadlineMissed',
      {
        caseId,
        deadlineId: 'deadline.case.hearing-request@2',
        state: 'investigation.noticed',
        dueAt: '2025-03-27T15:59:59.999Z',
        rule: 'deadline.case.hearing-request',
        source: 'x',
      },
    ],
  ];
}

/**
 * Records a case opened on 27 February 2025 and filed on 3 March 2025 (its 90-day decision period
 * ends on Sunday 1 June, in the Dragon Boat holiday, so it is due on Tuesday 3 June).
 */
export async function recordFiledCase(h: Harness, caseId: string): Promise<void> {
  const stream = caseStream(caseId);
  const m = enforcementCaseMachine;
  await h.record(
    stream,
    m,
    '2025-02-27T10:00:00+08:00',
    'CaseOpened',
    caseEvents.opened(caseId, '2025-02-27T09:00:00+08:00'),
  );
  await h.record(
    stream,
    m,
    '2025-03-03T10:00:00+08:00',
    'CaseFiled',
    caseEvents.filed(caseId, '2025-03-03T10:00:00+08:00'),
  );
}
