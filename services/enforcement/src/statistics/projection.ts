import {
  type CloudEvent,
  type DetectionEventData,
  type EnforcementEventData,
  parseType,
  type ReferralEventData,
  type RemediationEventData,
  type ServiceName,
  schemaOf,
  TOPICS,
} from '@landcase/contracts';
import type { ReadModelStore } from '@landcase/readmodels';
import { project, type ServiceContext } from '@landcase/service-kit';
import { Value } from '@sinclair/typebox/value';
import { divisionLevels } from './division.ts';
import {
  CASE_DIVISIONS_COLLECTION,
  type CaseMemory,
  type MonthDoc,
  STATISTICS_COLLECTION,
  updateDoc,
} from './documents.ts';
import { monthOf } from './month.ts';
import { addTally, emptyTally, OVERDUE_SERVICES, type OverdueService, type Tally } from './tally.ts';

type Memory = Omit<CaseMemory, 'id' | 'revision'>;

/** What one event does to the statistics: counts in one (division, month), and what to remember of its case. */
interface Step {
  count?: { divisionCode: string; at: string; add: (t: Tally) => void };
  /** The case's memory after the event, from what is stored now; undefined when nothing changes. */
  remember?: (current: CaseMemory | null) => Memory | undefined;
}

/** An event whose case (or referral) this projection has not met: retried, then parked on the DLQ. */
export class UnknownCase extends Error {
  override readonly name = 'UnknownCase';
}

/** An event whose data breaks its contract: counting it would invent figures. */
export class ContractBreach extends Error {
  override readonly name = 'ContractBreach';
}

const HOUR_MS = 60 * 60 * 1000;

const memoryOf = (current: CaseMemory | null, caseId: string): Memory => {
  if (!current) return { caseId, divisionCode: '' };
  const { id: _id, revision: _revision, ...memory } = current;
  return memory;
};

/** Remembers the division an event names; `onlyIfUnknown` for a clue's first report, which a dispatch overrides. */
const rememberDivision =
  (caseId: string, divisionCode: string, onlyIfUnknown = false) =>
  (current: CaseMemory | null): Memory | undefined => {
    if (current?.divisionCode === divisionCode || (onlyIfUnknown && current?.divisionCode)) return undefined;
    return { ...memoryOf(current, caseId), divisionCode };
  };

type Data<M, K extends keyof M> = M[K];

function stepOf(service: ServiceName, name: string, event: CloudEvent, memory: CaseMemory | null): Step {
  const data = event.data as { caseId: string };
  const { caseId } = data;
  // The division of an event that does not name one: its case's, else the actor's (the `division`
  // extension) when that is a real division rather than the system's 000000.
  const caseDivision = (): string => {
    if (memory?.divisionCode) return memory.divisionCode;
    if (divisionLevels(event.division).length > 0) return event.division;
    throw new UnknownCase(`${event.type} ${event.id}: no division known for case ${caseId}`);
  };

  if (name === 'DeadlineMissed') {
    const d = event.data as Data<DetectionEventData, 'DeadlineMissed'>;
    const overdue = service as OverdueService;
    if (!OVERDUE_SERVICES.includes(overdue)) return {};
    return { count: { divisionCode: caseDivision(), at: d.dueAt, add: (t) => void t.overdue[overdue]++ } };
  }

  switch (`${service}.${name}`) {
    case 'detection.ClueReported': {
      const d = event.data as Data<DetectionEventData, 'ClueReported'>;
      return {
        count: {
          divisionCode: d.divisionCode,
          at: event.time,
          add: (t) => {
            t.cluesBySource[d.source]++;
            t.cluesReported++;
          },
        },
        remember: rememberDivision(caseId, d.divisionCode, true),
      };
    }
    case 'detection.ClueDispatched': {
      const d = event.data as Data<DetectionEventData, 'ClueDispatched'>;
      return { remember: rememberDivision(caseId, d.toDivisionCode) };
    }
    case 'detection.ClueVerified': {
      const d = event.data as Data<DetectionEventData, 'ClueVerified'>;
      return {
        count: {
          divisionCode: d.divisionCode,
          at: d.verifiedAt,
          add: (t) => {
            t.cluesVerified++;
            t.verdicts[d.verdict]++;
            if (d.verdict === 'illegal') t.illegalAreaMuByLandClass[d.landClass] += d.areaMu;
          },
        },
        remember: rememberDivision(caseId, d.divisionCode),
      };
    }
    case 'enforcement.CaseOpened': {
      const d = event.data as Data<EnforcementEventData, 'CaseOpened'>;
      return {
        count: { divisionCode: d.divisionCode, at: event.time, add: (t) => void t.casesOpened++ },
        remember: (current) =>
          current?.divisionCode === d.divisionCode && current.discoveredAt === d.discoveredAt
            ? undefined
            : { ...memoryOf(current, caseId), divisionCode: d.divisionCode, discoveredAt: d.discoveredAt },
      };
    }
    case 'enforcement.StopConfirmed': {
      const d = event.data as Data<EnforcementEventData, 'StopConfirmed'>;
      if (!d.stopped) return {};
      // The case machine reaches `stopped` once, so each case gives one sample.
      const discoveredAt = memory?.discoveredAt;
      if (!discoveredAt) throw new UnknownCase(`StopConfirmed ${event.id}: case ${caseId} was never opened`);
      const hours = (Date.parse(d.observedAt) - Date.parse(discoveredAt)) / HOUR_MS;
      return {
        count: { divisionCode: caseDivision(), at: d.observedAt, add: (t) => void t.hoursToStop.push(hours) },
      };
    }
    case 'enforcement.CaseFiled': {
      const d = event.data as Data<EnforcementEventData, 'CaseFiled'>;
      return {
        count: { divisionCode: d.divisionCode, at: d.filedAt, add: (t) => void t.casesFiled++ },
        remember: rememberDivision(caseId, d.divisionCode),
      };
    }
    case 'enforcement.PenaltyDecided': {
      const d = event.data as Data<EnforcementEventData, 'PenaltyDecided'>;
      return { remember: rememberDivision(caseId, d.divisionCode) };
    }
    case 'referral.ReferralDrafted': {
      const d = event.data as Data<ReferralEventData, 'ReferralDrafted'>;
      return {
        count: {
          divisionCode: d.divisionCode,
          at: event.time,
          add: (t) => {
            t.referrals.drafted++;
            t.referrals.byTarget[d.to].drafted++;
          },
        },
        remember: (current) => {
          const memory = memoryOf(current, caseId);
          const referral = memory.referrals?.[d.referralId];
          if (memory.divisionCode === d.divisionCode && referral?.to === d.to) return undefined;
          return {
            ...memory,
            divisionCode: d.divisionCode,
            referrals: { ...memory.referrals, [d.referralId]: { ...referral, to: d.to } },
          };
        },
      };
    }
    case 'referral.ReferralDecided': {
      const d = event.data as Data<ReferralEventData, 'ReferralDecided'>;
      const referral = memory?.referrals?.[d.referralId];
      const to = referral?.to;
      if (!to)
        throw new UnknownCase(`ReferralDecided ${event.id}: referral ${d.referralId} was never drafted`);
      if (d.accepted) {
        return {
          count: {
            divisionCode: caseDivision(),
            at: event.time,
            add: (t) => {
              t.referrals.accepted++;
              t.referrals.byTarget[to].accepted++;
            },
          },
        };
      }
      // A refusal upheld on reconsideration is the same refusal: count the first one only.
      if (referral.refusedBy && referral.refusedBy !== event.id) return {};
      return {
        count: {
          divisionCode: caseDivision(),
          at: event.time,
          add: (t) => {
            t.referrals.refused++;
            t.referrals.byTarget[to].refused++;
          },
        },
        remember: (current) => {
          const memory = memoryOf(current, caseId);
          const stored = memory.referrals?.[d.referralId];
          if (stored?.refusedBy) return undefined;
          return {
            ...memory,
            referrals: { ...memory.referrals, [d.referralId]: { ...stored, refusedBy: event.id } },
          };
        },
      };
    }
    case 'remediation.RemediationOpened': {
      const d = event.data as Data<RemediationEventData, 'RemediationOpened'>;
      return {
        count: { divisionCode: d.divisionCode, at: event.time, add: (t) => void t.remediationsOpened++ },
        remember: rememberDivision(caseId, d.divisionCode),
      };
    }
    case 'remediation.RemediationAccepted': {
      const d = event.data as Data<RemediationEventData, 'RemediationAccepted'>;
      return {
        count: { divisionCode: caseDivision(), at: d.acceptedAt, add: (t) => void t.remediationsAccepted++ },
      };
    }
    default:
      return {};
  }
}

const STATISTICS_SERVICES: readonly string[] = ['detection', 'enforcement', 'referral', 'remediation'];

/**
 * Applies one CloudEvent to the statistics: counts it in its month document, then writes what its
 * case's memory learns. The month document records the ids it counted and the memory changes are
 * assignments, so an event delivered again after the process died anywhere in between is counted
 * once and remembered.
 */
export async function applyStatistics(event: CloudEvent, readModels: ReadModelStore): Promise<void> {
  const type = parseType(event.type);
  if (!type || !STATISTICS_SERVICES.includes(type.service)) return;
  const service = type.service as ServiceName;
  const schema = schemaOf(service, type.name);
  if (!schema) return;
  if (!Value.Check(schema, event.data)) {
    const first = Value.Errors(schema, event.data).First();
    throw new ContractBreach(
      `${event.type} ${event.id}: ${first?.path || '/'} ${first?.message ?? 'invalid'}`,
    );
  }
  const { caseId } = event.data as { caseId: string };
  const memories = readModels.collection<CaseMemory>(CASE_DIVISIONS_COLLECTION);
  const step = stepOf(service, type.name, event, await memories.get(caseId));

  if (step.count) {
    const { divisionCode, at, add } = step.count;
    const month = monthOf(at);
    await updateDoc(
      readModels.collection<MonthDoc>(STATISTICS_COLLECTION),
      monthDocId(divisionCode, month),
      (current) => {
        if (current?.applied.includes(event.id)) return undefined;
        const tally = addTally(emptyTally(), current ?? {});
        add(tally);
        return {
          ...tally,
          divisionCode,
          divisionLevels: divisionLevels(divisionCode),
          month,
          applied: [...(current?.applied ?? []), event.id],
        };
      },
    );
  }
  if (step.remember) await updateDoc(memories, caseId, step.remember);
}

export const monthDocId = (divisionCode: string, month: string): string => `${divisionCode}:${month}`;

/**
 * Statistics per division and CST month over the four case topics, in its own consumer group
 * (`enforcement.statistics`), from the beginning of each topic.
 */
export function projectStatistics(ctx: ServiceContext) {
  return project(ctx, {
    name: 'statistics',
    topics: [TOPICS.detection, TOPICS.enforcement, TOPICS.referral, TOPICS.remediation],
    apply: applyStatistics,
  });
}
