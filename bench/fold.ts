// Folding a case's stream through its lifecycle machine: landcase's `evolve` (which asks the
// machine whether it accepts each event, guards included, before taking it) beside xstate v5's
// pure `transition` alone over the very same events, for an enforcement case of 100 events.
// Also what the list projection of cases does per event as a case grows from 10 to 1,000 events.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { type AnyMachineSnapshot, transition } from 'xstate';
import type { Actor } from '../packages/contracts/src/index.ts';
import { type EventStore, SqliteEventStore } from '../packages/eventstore/src/index.ts';
import { enforcementCaseMachine, evolve, initialOf, loadCalendar } from '../packages/lifecycle/src/index.ts';
import { caseEvents } from '../packages/lifecycle/src/test-events.ts';
import type { Bus } from '../packages/messaging/src/index.ts';
import { InMemoryReadModelStore } from '../packages/readmodels/src/index.ts';
import { createContext } from '../packages/service-kit/src/index.ts';
import { caseFields, caseStreamId } from '../services/enforcement/src/case.ts';
import { loadCase, runCaseCommand } from '../services/enforcement/src/case-view.ts';
import { decideServiceRefusal } from '../services/enforcement/src/slices/service-refusal.ts';
import { type Figure, isMain, now, printResults, stopwatch } from './figures.ts';

const PART = 'fold';

export interface FoldBenchOptions {
  /** Events per case. */
  events?: number;
  /** Longest each loop runs. */
  budgetMs?: number;
  /** Folds per loop at most. */
  folds?: number;
}

/** An enforcement case: opened, a stop order, then facts on record (every open state takes them). */
export function caseOf(length: number): { type: string; data: unknown }[] {
  const facts = [
    (n: number) => caseEvents.interference({ interferenceNo: n }),
    (n: number) => caseEvents.serviceRefusal({ documentRef: `汾政函〔2026〕${n}号` }),
    (n: number) => caseEvents.illegalApproval({ approvalNo: n }),
  ];
  const events: { type: string; data: unknown }[] = [caseEvents.opened(), caseEvents.stopOrderServed()];
  for (let i = 0; events.length < length; i++) events.push(facts[i % facts.length]!(Math.floor(i / 3) + 1));
  return events.slice(0, length);
}

type Measured = { count: number; elapsedMs: number; cpuMs: number };

function loop(folds: number, budgetMs: number, fold: () => unknown): Measured {
  // Untimed first rounds: the JIT's work is set-up, not folding.
  for (let i = 0; i < 50; i++) fold();
  const start = now();
  const read = stopwatch();
  let count = 0;
  while (count < folds && now() - start < budgetMs) {
    fold();
    count += 1;
  }
  return { count, ...read() };
}

const perFold = (m: Measured): string =>
  `${((m.elapsedMs / m.count) * 1000).toFixed(0)} µs per fold (${((m.cpuMs / m.count) * 1000).toFixed(0)} µs CPU)`;

/**
 * One enforcement command as a route runs it, without HTTP: the access check's read and fold of
 * the case (loadCase), then the command (runCaseCommand: fold, decide, the machine's check,
 * append, the case's fields for the reply), on cases of `length` events (in-memory SQLite, no bus
 * consumers), going round `cases` cases so that each grows by a few events only.
 */
async function commandOnCases(
  length: number,
  cases: number,
  commands: number,
  budgetMs: number,
  snapshots = true,
) {
  const sqlite = SqliteEventStore.open(':memory:');
  // Without snapshots: the same store, offering neither snapshot method.
  const store: EventStore = snapshots
    ? sqlite
    : {
        append: (streamId, events, expected) => sqlite.append(streamId, events, expected),
        readStream: (streamId, options) => sqlite.readStream(streamId, options),
        readAll: (options) => sqlite.readAll(options),
        subscribe: (options) => sqlite.subscribe(options),
        close: () => sqlite.close(),
      };
  const bus = {
    publish: async () => {},
    subscribe: async () => ({ stop: async () => {} }),
    close: async () => {},
  };
  const ctx = createContext(
    'enforcement',
    { store, bus: bus as unknown as Bus, readModels: new InMemoryReadModelStore() },
    { log: pino({ level: 'silent' }) },
  );
  const actor: Actor = { sub: 'gov-1', agency: 'gov', division: '141181', roles: ['officer'] };
  const caseIds = Array.from(
    { length: cases },
    (_, i) => `LC-141181-20260301-${i.toString(16).padStart(8, '0')}`,
  );
  for (const caseId of caseIds) {
    const events = caseOf(length).map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: { ...(e.data as object), caseId },
      metadata: { caseId, actor: 'nrb:officer-1', division: '141181', correlationId: 'c', causationId: 'c' },
    }));
    await store.append(caseStreamId(caseId), events, 'no_stream');
  }
  const body = {
    recipients: [{ name: '国网汾阳市供电公司', service: 'power' as const }],
    documentRef: '汾政函〔2026〕9号',
    sentAt: '2026-03-10T10:00:00+08:00',
  };
  const calendar = loadCalendar();
  const command = async (caseId: string) => {
    const loaded = await loadCase(ctx, caseId);
    const view = await runCaseCommand(ctx, {
      caseId,
      actor,
      history: loaded.events,
      loaded,
      // (Before the view was folded beside the machine, decide got no fields: folded here then.)
      decide: (_snapshot, history, fields) =>
        decideServiceRefusal({
          caseId,
          body,
          case: fields ?? caseFields(history)!,
          now: new Date(),
          calendar,
          actor,
        }),
    } as Parameters<typeof runCaseCommand>[1]);
    if (!view || view.fields.serviceRefusals.length === 0) throw new Error('the command left no refusal');
  };
  for (let i = 0; i < 20; i++) await command(caseIds[i % cases]!);
  const start = now();
  const read = stopwatch();
  let count = 0;
  while (count < commands && now() - start < budgetMs) {
    await command(caseIds[count % cases]!);
    count += 1;
  }
  const measured = { count, ...read() };
  const kept = await sqlite.readSnapshot(caseStreamId(caseIds[0]!));
  await store.close();
  return { ...measured, snapshotAt: kept?.revision };
}

export async function benchFold(options: FoldBenchOptions = {}): Promise<Figure[]> {
  const length = options.events ?? 100;
  const budgetMs = options.budgetMs ?? 5_000;
  const folds = options.folds ?? 2_000;
  const events = caseOf(length);
  const machine = enforcementCaseMachine;
  // The same end state both ways, or the comparison is void.
  const ours = evolve(machine, events);
  let raw = initialOf(machine) as AnyMachineSnapshot;
  for (const e of events) raw = transition(machine, raw, e as never)[0];
  if (JSON.stringify(raw.value) !== JSON.stringify(ours.value) || raw.context.interferences.length === 0)
    throw new Error('the raw fold does not reach the state evolve does');

  const landcase = loop(folds, budgetMs, () => evolve(machine, events));
  const xstate = loop(folds, budgetMs, () => {
    let s = initialOf(machine) as AnyMachineSnapshot;
    for (const e of events) s = transition(machine, s, e as never)[0];
    return s;
  });
  const cases = 50;
  const { snapshotAt: _, ...commands } = await commandOnCases(length, cases, 500, budgetMs);
  // A long case: 999 events stored, so the first command takes it to 1,000 and its snapshot.
  const { snapshotAt: none, ...longFromStart } = await commandOnCases(999, 10, 100, budgetMs, false);
  const { snapshotAt, ...longFromSnapshot } = await commandOnCases(999, 10, 500, budgetMs, true);
  if (none !== undefined || snapshotAt === undefined) throw new Error('the snapshots were not as intended');
  const cpu = (m: { cpuMs: number; count: number }) =>
    `${((m.cpuMs / m.count) * 1000).toFixed(0)} µs CPU per command`;
  return [
    {
      part: PART,
      what: `enforcement command on a ${length}-event case, in process`,
      unit: 'commands',
      ...commands,
      note: `${cpu(commands)}: the access check's read and fold, then fold, decide, append and the reply's fields (SQLite in memory, no consumers); round ${cases} cases`,
    },
    {
      part: PART,
      what: 'enforcement command on a 1,000-event case, folded from the start',
      unit: 'commands',
      ...longFromStart,
      note: `${cpu(longFromStart)}; a store without snapshots; round 10 cases`,
    },
    {
      part: PART,
      what: 'enforcement command on a 1,000-event case, from its snapshot',
      unit: 'commands',
      ...longFromSnapshot,
      note: `${cpu(longFromSnapshot)}; snapshot at revision ${snapshotAt} (one every 50 events), the events after it folded; round 10 cases`,
    },
    {
      part: PART,
      what: `landcase fold (evolve), ${length}-event case`,
      unit: 'folds',
      ...landcase,
      note: `${perFold(landcase)}; each event checked with snapshot.can (guards) before transition`,
    },
    {
      part: PART,
      what: `raw xstate transition, ${length}-event case`,
      unit: 'folds',
      ...xstate,
      note: `${perFold(xstate)}; xstate v5 transition(machine, snapshot, event) alone`,
      baselineFor: `landcase fold (evolve), ${length}-event case`,
    },
  ];
}

if (isMain(import.meta.url)) {
  console.log('fold (enforcement case machine)');
  printResults(await benchFold());
}
