import type {
  ClueMachineEvent,
  EnforcementCaseContext,
  EnforcementCaseMachineEvent,
  RecommendationMachineEvent,
  ReferralMachineEvent,
  RemediationMachineEvent,
} from '@landcase/lifecycle';
import { identifierFor } from '@landcase/lifecycle/test-support';
import type { AnyMachineSnapshot } from 'xstate';
import { squareParcel } from '../happy-path.ts';
import { type MachineName, MODEL_DECISION_CONTENTS, type ModelEvent, modelDocumentText } from './alphabet.ts';

// How each machine event comes about over the HTTP API of ../shared/api.md: the request that makes
// the service append it (body built from the event's data), or the commands on other aggregates
// whose reaction appends it, or the command that appends it together with the event before it.

/** The agencies the paths act as; each has its own token. */
export type Agency = 'nrb' | 'grid' | 'psb' | 'gov' | 'agri' | 'court' | 'proc';
export const AGENCIES: readonly Agency[] = ['nrb', 'grid', 'psb', 'gov', 'agri', 'court', 'proc'];

/** The ids a path learns as it goes: the case from the clue report, the referral from its draft. */
export interface Subject {
  /** Unique per path: the clue's externalRef, so every path gets its own case. */
  ref: string;
  caseId?: string;
  referralId?: string;
  recommendationId?: string;
  partyMatchId?: string;
  /** The division the aggregate stands in (a clue's, as dispatched): its callers act from it. */
  division?: string;
}

export interface HttpCommand {
  method: 'POST';
  path: string;
  agency: Agency;
  body: Record<string, unknown>;
  /** The caller's division: the subject's when absent (the model's county, 141181, before it has one). */
  division?: string;
}

/** A request whose command appends the event. */
export interface RouteProduction<E> {
  kind: 'route';
  request(event: E, subject: Subject): HttpCommand;
  /** The ids the reply reveals (a new clue's caseId, a new referral's id). */
  learn?(reply: { id?: string; caseId?: string; divisionCode?: string }): Partial<Subject>;
  /**
   * What must exist before the request, when the subject has no case yet: a referral or a
   * recommendation names a case, which must exist and be the caller's to see.
   */
  before?(event: E, subject: Subject): Cause[];
}

/** A step toward a reaction: an event of another aggregate, or that aggregate merely existing. */
export type Cause =
  | { machine: MachineName; event: ModelEvent }
  | { machine: MachineName; exists: true }
  // A command on an aggregate the model does not replay as a machine of its own (a batch).
  | { command: HttpCommand };

/** Appended by a reaction of the system to events of other aggregates, which `causes` produces. */
export interface ReactionProduction<E> {
  kind: 'reaction';
  reactsTo: string;
  /**
   * `before` is the snapshot the event will apply to (what was decided shapes what must happen);
   * `subject` gives each path a party of its own, so that cases do not add up across paths.
   */
  causes(event: E, before: AnyMachineSnapshot, subject: Subject): Cause[];
}

/** Appended by the same command as the event just before it. */
export interface CompanionProduction {
  kind: 'companion';
  appendedWith: string;
}

/** Appended only by a service's deadline scheduler as time passes: no request produces it. */
export interface SchedulerProduction {
  kind: 'scheduler';
}

export type Production<E> =
  | RouteProduction<E>
  | ReactionProduction<E>
  | CompanionProduction
  | SchedulerProduction;

/** The scheduler's events: the tables leave them out, productionOf answers `scheduler` for them. */
export const SCHEDULER_EVENTS: readonly string[] = ['DeadlineMissed', 'EscalationRaised'];
type SchedulerEvent = 'DeadlineMissed' | 'EscalationRaised';

/** One entry per event of the machine: a new event type does not typecheck until it has one. */
type Table<E extends { type: string }> = {
  [K in Exclude<E['type'], SchedulerEvent>]: Production<Extract<E, { type: K }>>;
};

const need = (subject: Subject, key: 'caseId' | 'referralId' | 'recommendationId'): string => {
  const id = subject[key];
  if (!id) throw new Error(`path has no ${key} yet: the event that creates it must come first`);
  return id;
};

const post = (path: string, agency: Agency, body: Record<string, unknown> = {}): HttpCommand => ({
  method: 'POST',
  path,
  agency,
  body,
});

const clue = (s: Subject, command: string) => `/detection/clues/${need(s, 'caseId')}/${command}`;
const enforcement = (s: Subject, command: string) => `/enforcement/cases/${need(s, 'caseId')}/${command}`;
const referral = (s: Subject, command: string) => `/referral/referrals/${need(s, 'referralId')}/${command}`;
const remediation = (s: Subject, command: string) => `/remediation/cases/${need(s, 'caseId')}/${command}`;

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** The contents of a decision document (Administrative Penalty Law art. 59), as the event keeps them. */
const DECISION_CONTENTS = [
  'partyAddress',
  'facts',
  'evidence',
  'legalBasis',
  'complianceMethod',
  'appeal',
  'decidingOrgan',
  'decidedAt',
] as const;
const decisionContentsOf = (data: Record<string, unknown>) =>
  Object.fromEntries(
    DECISION_CONTENTS.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]),
  );

export const CLUE_ROUTES: Table<ClueMachineEvent> = {
  ClueReported: {
    kind: 'route',
    request: ({ data }, s) =>
      // Reported by the grid of the division it is reported for.
      ({
        ...post('/detection/clues', 'grid', {
          source: data.source,
          externalRef: s.ref,
          divisionCode: data.divisionCode,
          landClass: data.landClass,
          parcel: data.parcel,
          observedAt: data.observedAt,
          areaMu: data.areaMu,
          evidence: data.evidence,
        }),
        division: data.divisionCode,
      }),
    learn: (reply) => ({ ...optional('caseId', reply.caseId), ...optional('division', reply.divisionCode) }),
  },
  ClueDispatched: {
    kind: 'route',
    request: ({ data }, s) => post(clue(s, 'dispatch'), 'nrb', { toDivisionCode: data.toDivisionCode }),
    // From then on the clue is the receiving division's.
    learn: (reply) => optional('division', reply.divisionCode),
  },
  ClueVerified: {
    kind: 'route',
    request: ({ data }, s) =>
      post(clue(s, 'verification'), 'nrb', {
        verdict: data.verdict,
        areaMu: data.areaMu,
        landClass: data.landClass,
        ongoing: data.ongoing,
        ...optional('party', data.party),
        ...optional('approvalRef', data.approvalRef),
        ...optional('occupiedSince', data.occupiedSince),
      }),
  },
  HistoricalBatched: {
    kind: 'reaction',
    reactsTo: 'HistoricalBatchOpened',
    causes: ({ data }, _before, s) => [
      {
        command: post('/detection/historical-batches', 'nrb', {
          divisionCode: data.divisionCode,
          clueIds: [need(s, 'caseId')],
          disposition: data.disposition,
          dueBy: data.dueBy,
        }),
      },
    ],
  },
  HistoricalSettled: {
    kind: 'route',
    request: ({ data }, s) =>
      post(clue(s, 'historical-outcome'), 'nrb', {
        note: data.note,
        ...optional('documentRef', data.documentRef),
      }),
  },
};

/**
 * A case of the subject's own, opened by its clue's verification, for a referral or recommendation
 * to name: a case must exist, in the caller's divisions, before anything can be drafted for it.
 */
const openedCase = (divisionCode: string, subject: Subject): Cause[] => [
  {
    machine: 'clue',
    event: {
      type: 'ClueReported',
      data: {
        source: 'patrol',
        divisionCode,
        landClass: 'farmland',
        parcel: squareParcel(),
        areaMu: 6,
        observedAt: '2026-02-27T09:00:00+08:00',
        evidence: [],
      },
    } as ModelEvent,
  },
  {
    machine: 'clue',
    event: {
      type: 'ClueVerified',
      data: {
        verdict: 'illegal',
        areaMu: 6,
        landClass: 'farmland',
        ongoing: false,
        party: {
          name: 'Fenyang Brick Works Ltd',
          kind: 'organization',
          idNumber: identifierFor('organization', subject.ref),
        },
      },
    } as ModelEvent,
  },
  { machine: 'enforcementCase', exists: true },
];

const proof = [{ uri: 'https://field.example/photo-1.jpg', sha256: 'b'.repeat(64) }];

export const ENFORCEMENT_ROUTES: Table<EnforcementCaseMachineEvent> = {
  CaseOpened: {
    kind: 'reaction',
    reactsTo: 'ClueVerified with verdict illegal',
    causes: ({ data }, _before, subject) => [
      {
        machine: 'clue',
        event: {
          type: 'ClueReported',
          data: {
            source: data.clueSource,
            divisionCode: data.divisionCode,
            landClass: data.landClass,
            parcel: squareParcel(),
            areaMu: data.areaMu,
            observedAt: data.discoveredAt,
            evidence: [],
          },
        },
      },
      {
        machine: 'clue',
        event: {
          type: 'ClueVerified',
          data: {
            verdict: 'illegal',
            areaMu: data.areaMu,
            landClass: data.landClass,
            ongoing: data.ongoing,
            // An identifier of the path's own, that passes its check: the party is no other path's.
            party: { ...data.party, idNumber: identifierFor(data.party.kind, subject.ref) },
          },
        },
      },
    ],
  },
  StopOrderServed: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'stop-order'), 'nrb', { servedAt: data.servedAt, documentRef: data.documentRef }),
  },
  StopConfirmed: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'stop-confirmation'), 'nrb', {
        stopped: data.stopped,
        observedAt: data.observedAt,
      }),
  },
  CaseFiled: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'filing'), 'nrb', { filingNo: data.filingNo, filedAt: data.filedAt }),
  },
  PenaltyNoticeServed: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'penalty-notice'), 'nrb', { measures: data.measures, noticeRef: data.noticeRef }),
  },
  HearingRecorded: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'hearing'), 'nrb', {
        requested: data.requested,
        ...optional('heldAt', data.heldAt),
      }),
  },
  PenaltyDecided: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'penalty-decision'), 'nrb', {
        measures: data.measures,
        ...optional('fineYuan', data.fineYuan),
        complyBy: data.complyBy,
        decisionRef: data.decisionRef,
        ...optional('servedAt', data.servedAt),
        ...decisionContentsOf(data),
      }),
  },
  LegalReviewCompleted: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'legal-review'), 'nrb', {
        reviewer: data.reviewer,
        conclusion: data.conclusion,
        opinion: data.opinion,
        completedAt: data.completedAt,
      }),
  },
  CollectiveReviewHeld: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'collective-review'), 'nrb', {
        members: data.members,
        conclusion: data.conclusion,
        heldAt: data.heldAt,
      }),
  },
  ReconsiderationApplied: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'reconsideration'), 'nrb', {
        appliedAt: data.appliedAt,
        authority: data.authority,
      }),
  },
  ReconsiderationDecided: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'reconsideration-decision'), 'nrb', {
        decidedAt: data.decidedAt,
        upheld: data.upheld,
        decisionRef: data.decisionRef,
      }),
  },
  LawsuitFiled: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'lawsuit'), 'nrb', { filedAt: data.filedAt, court: data.court }),
  },
  LawsuitDecided: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'lawsuit-judgment'), 'nrb', {
        decidedAt: data.decidedAt,
        upheld: data.upheld,
        judgmentRef: data.judgmentRef,
      }),
  },
  ComplianceRecorded: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'compliance'), 'nrb', { complied: data.complied, observedAt: data.observedAt }),
  },
  CourtApplicationFiled: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'court-application'), 'nrb', {
        reminderServedAt: data.reminderServedAt,
        appliedAt: data.appliedAt,
      }),
  },
  CourtRuled: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'court-ruling'), 'court', { granted: data.granted, rulingRef: data.rulingRef }),
  },
  RestorationConfirmed: {
    kind: 'reaction',
    reactsTo: "RemediationAccepted (the joint acceptance of the case's remediation)",
    causes: (_event, before) => {
      const decision = (before.context as EnforcementCaseContext).decision;
      const step = (step: 'demolished' | 'recultivated') =>
        ({
          machine: 'remediation',
          event: {
            type: 'ProgressRecorded',
            data: { step, observedAt: '2026-06-10T10:00:00+08:00', evidence: proof },
          },
        }) as const;
      const passed = (agency: 'nrb' | 'agri') =>
        ({
          machine: 'remediation',
          event: { type: 'AcceptanceRecorded', data: { agency, passed: true, note: 'fit for cultivation' } },
        }) as const;
      // The remediation opened when the decision was taken; demolition first if it was ordered.
      return [
        { machine: 'remediation', exists: true },
        ...(decision?.measures.includes('demolish') ? [step('demolished')] : []),
        step('recultivated'),
        passed('nrb'),
        passed('agri'),
      ];
    },
  },
  CaseClosed: {
    kind: 'route',
    request: ({ data }, s) => post(enforcement(s, 'closure'), 'nrb', { summary: data.summary }),
  },
  // Any agency may record an interference; the police stand for the others here.
  InterferenceRecorded: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'interference'), 'gov', {
        interferer: data.interferer,
        conduct: data.conduct,
        occurredAt: data.occurredAt,
        evidence: data.evidence,
      }),
  },
  // The model's nrb token carries the head's role, which approves the extension.
  DecisionPeriodExtended: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'decision-extension'), 'nrb', {
        extendedUntil: data.extendedUntil,
        reason: data.reason,
      }),
  },
  CourtRulingAppealed: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'court-appeal'), 'nrb', {
        appealedAt: data.appealedAt,
        ...(data.courtRef === undefined ? {} : { courtRef: data.courtRef }),
      }),
  },
  DefenceStated: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'defence'), 'nrb', {
        statement: data.statement,
        receivedAt: data.receivedAt,
        ...(data.documentRef === undefined ? {} : { documentRef: data.documentRef }),
      }),
  },
  ServiceRefusalNoticesSent: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'service-refusal'), 'gov', {
        recipients: data.recipients,
        documentRef: data.documentRef,
        sentAt: data.sentAt,
      }),
  },
  IllegalApprovalRecorded: {
    kind: 'route',
    request: ({ data }, s) =>
      post(enforcement(s, 'illegal-approval'), 'nrb', {
        approvalRef: data.approvalRef,
        approvingAuthority: data.approvingAuthority,
        ...optional('approvingOfficial', data.approvingOfficial),
        areaMu: data.areaMu,
        landClass: data.landClass,
        ...optional('finding', data.finding),
      }),
  },
};

export const REFERRAL_ROUTES: Table<ReferralMachineEvent> = {
  // By hand; the rules also draft one by themselves on CaseFiled (id `<caseId>.<to>`).
  ReferralDrafted: {
    kind: 'route',
    request: ({ data }, s) =>
      post('/referral/referrals', 'nrb', {
        caseId: need(s, 'caseId'),
        to: data.to,
        reason: data.reason,
        documents: data.documents,
        divisionCode: data.divisionCode,
      }),
    learn: (reply) => ({ ...optional('referralId', reply.id), ...optional('caseId', reply.caseId) }),
    before: ({ data }, s) => openedCase(data.divisionCode, s),
  },
  ReferralApprovalDecided: {
    kind: 'route',
    request: ({ data }, s) =>
      post(referral(s, 'approval'), 'nrb', { approved: data.approved, note: data.note }),
  },
  // The same bytes as the model's event names by hash (modelDocumentText).
  ReferralDocumentAttached: {
    kind: 'route',
    request: ({ data }, s) =>
      post(referral(s, 'documents'), 'nrb', {
        name: data.name,
        kind: data.kind,
        mediaType: data.mediaType,
        content: Buffer.from(modelDocumentText(data.kind), 'utf8').toString('base64'),
      }),
  },
  ReferralDispatched: { kind: 'route', request: (_e, s) => post(referral(s, 'dispatch'), 'nrb') },
  ReferralReceived: {
    kind: 'route',
    request: ({ data }, s) => post(referral(s, 'receipt'), 'psb', { documents: data.documents ?? [] }),
  },
  ReferralDecided: {
    kind: 'route',
    request: ({ data }, s) =>
      post(referral(s, 'decision'), 'psb', {
        accepted: data.accepted,
        reason: data.reason,
        ...optional('filingNo', data.filingNo),
      }),
  },
  ReconsiderationRequested: {
    kind: 'route',
    request: ({ data }, s) => post(referral(s, 'reconsideration'), 'nrb', { reason: data.reason }),
  },
  SupplementRequested: {
    kind: 'route',
    request: ({ data }, s) => post(referral(s, 'supplement-request'), 'psb', { what: data.what }),
  },
  SupplementProvided: {
    kind: 'route',
    request: ({ data }, s) => post(referral(s, 'supplement'), 'nrb', { documents: data.documents }),
  },
  FeedbackGiven: {
    kind: 'route',
    request: ({ data }, s) =>
      post(referral(s, 'feedback'), 'psb', { outcome: data.outcome, documents: data.documents }),
  },
  ReferralReturned: {
    kind: 'route',
    request: ({ data }, s) => post(referral(s, 'return'), 'psb', { reason: data.reason }),
  },
};

export const REMEDIATION_ROUTES: Table<RemediationMachineEvent> = {
  RemediationOpened: {
    kind: 'reaction',
    reactsTo: 'PenaltyDecided ordering demolition or restoration',
    causes: ({ data }) => {
      const ongoing = false;
      const fined = data.measures.includes('fine');
      const enforcement = (event: ModelEvent): Cause => ({ machine: 'enforcementCase', event });
      return [
        enforcement({
          type: 'CaseOpened',
          data: {
            divisionCode: data.divisionCode,
            landClass: data.landClass,
            areaMu: data.areaMu,
            party: { name: 'Li Ming', kind: 'person' },
            ongoing,
            clueSource: 'patrol',
            discoveredAt: '2026-03-02T09:00:00+08:00',
          },
        }),
        enforcement({
          type: 'CaseFiled',
          data: { filingNo: 'FY-LA-2026-040', filedAt: '2026-03-06T10:00:00+08:00' },
        }),
        enforcement({
          type: 'PenaltyNoticeServed',
          data: { measures: data.measures, noticeRef: 'FY-NOTICE-2026-040' },
        }),
        enforcement({ type: 'HearingRecorded', data: { requested: false } }),
        // 6.5 mu of PBF is a major case: both reviews before the decision.
        enforcement({
          type: 'LegalReviewCompleted',
          data: {
            reviewer: '法规科',
            conclusion: 'approved',
            opinion: '同意',
            completedAt: '2026-03-20T10:00:00+08:00',
          },
        }),
        enforcement({
          type: 'CollectiveReviewHeld',
          data: { members: ['局长'], conclusion: 'approved', heldAt: '2026-03-23T10:00:00+08:00' },
        }),
        enforcement({
          type: 'PenaltyDecided',
          data: {
            measures: data.measures,
            ...(fined ? { fineYuan: 50_000 } : {}),
            complyBy: data.dueBy,
            decisionRef: 'FY-DECISION-2026-040',
            ...MODEL_DECISION_CONTENTS,
          },
        }),
        // Executed before the land is accepted, so the restoration that the joint acceptance
        // confirms finds the case ready for it.
        enforcement({
          type: 'ComplianceRecorded',
          data: { complied: true, observedAt: '2026-05-20T10:00:00+08:00' },
        }),
      ];
    },
  },
  ProgressRecorded: {
    kind: 'route',
    request: ({ data }, s) =>
      post(remediation(s, 'progress'), 'gov', {
        step: data.step,
        observedAt: data.observedAt,
        evidence: data.evidence,
      }),
  },
  // The acceptance is the accepting agency's own: its token says who speaks.
  AcceptanceRecorded: {
    kind: 'route',
    request: ({ data }, s) =>
      post(remediation(s, 'acceptance'), data.agency as Agency, { passed: data.passed, note: data.note }),
  },
  RemediationAccepted: { kind: 'companion', appendedWith: 'AcceptanceRecorded (the second pass of a round)' },
  // Decided by the bureau's head (the model's nrb token carries the role).
  QuotaDeducted: {
    kind: 'route',
    request: ({ data }, s) => post(remediation(s, 'quota-deduction'), 'nrb', { year: data.year }),
  },
  PbfRedesignationRequired: { kind: 'companion', appendedWith: 'QuotaDeducted of PBF' },
  PbfRedesignated: {
    kind: 'route',
    request: ({ data }, s) => post(remediation(s, 'pbf-redesignation'), 'nrb', { parcelRef: data.parcelRef }),
  },
};

export const RECOMMENDATION_ROUTES: Table<RecommendationMachineEvent> = {
  // Served now: the model leaves issuedAt to the service, so no reply period passes while it runs.
  RecommendationIssued: {
    kind: 'route',
    request: ({ data }, s) =>
      post('/referral/recommendations', 'proc', {
        caseId: need(s, 'caseId'),
        to: data.to,
        divisionCode: data.divisionCode,
        content: data.content,
        harmGrowing: data.harmGrowing,
        documents: data.documents,
      }),
    learn: (reply) => ({ ...optional('recommendationId', reply.id), ...optional('caseId', reply.caseId) }),
    before: ({ data }, s) => openedCase(data.divisionCode, s),
  },
  RecommendationReplied: {
    kind: 'route',
    request: ({ data }, s) =>
      post(`/referral/recommendations/${need(s, 'recommendationId')}/reply`, 'nrb', {
        measures: data.measures,
        documents: data.documents,
      }),
  },
};

export const ROUTES: Record<MachineName, Record<string, Production<never>>> = {
  clue: CLUE_ROUTES,
  enforcementCase: ENFORCEMENT_ROUTES,
  referral: REFERRAL_ROUTES,
  recommendation: RECOMMENDATION_ROUTES,
  remediation: REMEDIATION_ROUTES,
};

/** How the model produces `event` of `machine`. */
export function productionOf(machine: MachineName, event: { type: string }): Production<ModelEvent> {
  if (SCHEDULER_EVENTS.includes(event.type)) return { kind: 'scheduler' };
  const production = ROUTES[machine][event.type];
  if (!production) throw new Error(`${machine}: no production for ${event.type}`);
  return production as Production<ModelEvent>;
}

/** Where the service shows the aggregate the machine governs. */
export function aggregatePath(machine: MachineName, subject: Subject): string {
  switch (machine) {
    case 'clue':
      return `/detection/clues/${need(subject, 'caseId')}`;
    case 'enforcementCase':
      return `/enforcement/cases/${need(subject, 'caseId')}`;
    case 'referral':
      return `/referral/referrals/${need(subject, 'referralId')}`;
    case 'recommendation':
      return `/referral/recommendations/${need(subject, 'recommendationId')}`;
    case 'remediation':
      return `/remediation/cases/${need(subject, 'caseId')}`;
  }
}
