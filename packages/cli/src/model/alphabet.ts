import { decisionDueAt } from '@landcase/enforcement';
import {
  accepts,
  appealPeriodsEnd,
  type BusinessCalendar,
  type ClueContext,
  type ClueMachineEvent,
  checkCourtApplicationTiming,
  checkDecisionReviews,
  clueMachine,
  type EnforcementCaseContext,
  type EnforcementCaseMachineEvent,
  enforcementCaseMachine,
  loadCalendar,
  ordersRestoration,
  type RecommendationContext,
  type RecommendationMachineEvent,
  type ReferralContext,
  type ReferralDocumentKind,
  type ReferralMachineEvent,
  type RemediationContext,
  type RemediationMachineEvent,
  recommendationMachine,
  referralMachine,
  remediationMachine,
  requiredReferralDocuments,
  stateString,
} from '@landcase/lifecycle';
import { sha256Of } from '@landcase/service-kit';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { squareParcel } from '../happy-path.ts';
import { caseHappenings, notBefore, remediationHappenings } from './guided-time.ts';

// The concrete events the model offers each machine in a given state: one or a few valid payloads
// per event type and branch, shaped as the services would record them (a dispatch leaves from the
// division the clue is at, every referral event names the draft's referralId). Graph traversal and
// the guided steps of the property test both draw from here.
//
// DeadlineMissed and EscalationRaised are left out: only the deadline scheduler appends them, when
// time passes, and no route produces them (see the exclusions in paths.ts).

export type MachineName = 'clue' | 'enforcementCase' | 'referral' | 'recommendation' | 'remediation';

export const MACHINES: Record<MachineName, AnyStateMachine> = {
  clue: clueMachine,
  enforcementCase: enforcementCaseMachine,
  referral: referralMachine,
  recommendation: recommendationMachine,
  remediation: remediationMachine,
};

export const MACHINE_NAMES = Object.keys(MACHINES) as MachineName[];

/** `{ type, data }` as the machines and the event store hold it, payload untyped. */
export interface ModelEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Stand-ins until the service gives the real ids; the routes never send them. */
export const MODEL_CASE_ID = 'LC-model-case';
export const MODEL_REFERRAL_ID = 'LC-model-case.referral';
export const MODEL_BATCH_ID = 'HB-model-batch';
export const MODEL_RECOMMENDATION_ID = 'LC-model-case.recommendation';

const party = { name: 'Fenyang Brick Works Ltd', kind: 'organization' as const };
/** Province → city → county: the way satellite problem lists travel down. */
const DOWN_THE_HIERARCHY: Record<string, string> = { '140000': '141100', '141100': '141181' };

function clueEvents(context: ClueContext): ClueMachineEvent[] {
  const caseId = context.caseId ?? MODEL_CASE_ID;
  const verified = (data: Partial<Extract<ClueMachineEvent, { type: 'ClueVerified' }>['data']>) => ({
    type: 'ClueVerified' as const,
    data: {
      caseId,
      verdict: 'illegal' as const,
      divisionCode: context.divisionCode ?? '141181',
      areaMu: 6.5,
      landClass: 'pbf' as const,
      ongoing: true,
      source: 'satellite' as const,
      observedAt: '2026-03-02T09:00:00+08:00',
      verifiedAt: '2026-03-05T10:00:00+08:00',
      ...data,
    },
  });
  const down = context.divisionCode ? DOWN_THE_HIERARCHY[context.divisionCode] : undefined;
  return [
    {
      type: 'ClueReported',
      data: {
        caseId,
        source: 'satellite',
        divisionCode: '140000',
        landClass: 'pbf',
        parcel: squareParcel(),
        areaMu: 6.2,
        observedAt: '2026-03-02T09:00:00+08:00',
        evidence: [],
      },
    },
    ...(context.divisionCode && down
      ? [
          {
            type: 'ClueDispatched' as const,
            data: {
              caseId,
              fromDivisionCode: context.divisionCode,
              toDivisionCode: down,
              dispatchedAt: '2026-03-03T09:00:00+08:00',
            },
          },
        ]
      : []),
    verified({ party }),
    verified({ verdict: 'legal', approvalRef: 'SX-GOV-LAND-2025-9', ongoing: false }),
    verified({ verdict: 'no_change', ongoing: false }),
    verified({ verdict: 'historical', ongoing: false, occupiedSince: '1995-06-01' }),
    // A batch of historical cases takes the clue; its disposition is then carried out for it.
    {
      type: 'HistoricalBatched',
      data: {
        caseId,
        batchId: MODEL_BATCH_ID,
        disposition: 'regularise',
        dueBy: '2099-12-31T10:00:00.000Z',
        divisionCode: context.divisionCode ?? '141181',
        landClass: 'farmland',
        areaMu: 6.5,
        batchedAt: '2026-03-06T10:00:00+08:00',
      },
    },
    {
      type: 'HistoricalSettled',
      data: {
        caseId,
        batchId: context.batch?.batchId ?? MODEL_BATCH_ID,
        disposition: 'regularise',
        note: 'land-use formalities completed',
        documentRef: 'SX-GOV-LAND-2026-31',
        settledAt: '2026-09-01T10:00:00+08:00',
      },
    },
  ];
}

const MEASURES = ['demolish', 'restore', 'fine'] as const;

/** What the model's decisions state beside their measures (Administrative Penalty Law art. 59). */
export const MODEL_DECISION_CONTENTS = {
  partyAddress: '汾阳市杨家庄镇1号',
  facts: '未经批准占用耕地建设厂房',
  evidence: ['现场勘测图', '现场照片'],
  legalBasis: ['《中华人民共和国土地管理法》第七十七条'],
  complianceMethod: '自行拆除并恢复土地原状；罚款缴入指定账户',
  appeal: {
    reconsideration: { authority: '汾阳市人民政府', period: '60日' },
    lawsuit: { court: '汾阳市人民法院', period: '15日' },
  },
  decidingOrgan: '汾阳市自然资源局',
  decidedAt: '2026-03-24T10:00:00+08:00',
};

/**
 * The reviews a decision of the case still needs (rules penalty.major.*, penalty.legal-review.measures):
 * the machine takes a decision without them, the service does not, so in `investigation.heard` the
 * model records the legal review, then the collective one, as each is needed, and offers the
 * decision only once none is missing.
 */
function reviewsMissing(
  context: EnforcementCaseContext,
  decision: { measures: readonly string[]; fineYuan?: number },
): string[] {
  if (context.landClass === null || context.areaMu === null) return [];
  const refusal = checkDecisionReviews({
    landClass: context.landClass,
    areaMu: context.areaMu,
    measures: decision.measures as never,
    ...(decision.fineYuan === undefined ? {} : { fineYuan: decision.fineYuan }),
    collectiveReviewed: context.collectiveReviews.at(-1)?.conclusion === 'approved',
    legalReviewed: context.legalReviews.at(-1)?.conclusion === 'approved',
  });
  return refusal?.missing ?? [];
}

let theCalendar: BusinessCalendar | undefined;
const calendar = (): BusinessCalendar => {
  theCalendar ??= loadCalendar();
  return theCalendar;
};

/**
 * The court application the service would file: the example's 16 days after the reminder (the law
 * asks 10 working days), moved after the party's periods to ask for reconsideration or to sue; none
 * when it would fall after the 3 months that follow them (Administrative Compulsion Law art. 53),
 * which the service refuses. Pending or overturning remedies are the machine's to refuse.
 */
function courtApplication(
  context: EnforcementCaseContext,
  caseId: string,
  reminder: string,
): EnforcementCaseMachineEvent[] {
  const example = notBefore('2026-08-05T10:00:00+08:00', [reminder], 16);
  const servedAt = context.decision?.servedAt;
  let appliedAt = example;
  if (context.decision && servedAt) {
    const facts = { decision: { measures: context.decision.measures, servedAt }, remedies: context.remedies };
    const periods = appealPeriodsEnd(facts, calendar());
    if ('end' in periods) {
      appliedAt = notBefore(example, [periods.end.toISOString()]);
      const refusal = checkCourtApplicationTiming(
        { ...facts, reminderServedAt: reminder, appliedAt },
        calendar(),
      );
      if (refusal) return [];
    }
  }
  return [{ type: 'CourtApplicationFiled', data: { caseId, reminderServedAt: reminder, appliedAt } }];
}

function caseEvents(context: EnforcementCaseContext): EnforcementCaseMachineEvent[] {
  const caseId = context.caseId ?? MODEL_CASE_ID;
  // Each date after what the case recorded; the example when it already is (guided-time.ts).
  const happenings = caseHappenings(context);
  const at = (example: string, days = 1) => notBefore(example, happenings, days);
  // The decision's due instant by the rule and calendar the service checks an extension against.
  const due = decisionDueAt(context, calendar());
  const reminder = at('2026-07-20T10:00:00+08:00');
  const opened = (ongoing: boolean) => ({
    type: 'CaseOpened' as const,
    data: {
      caseId,
      divisionCode: '141181',
      landClass: 'pbf' as const,
      areaMu: 6.5,
      party,
      ongoing,
      clueSource: 'satellite' as const,
      discoveredAt: '2026-03-02T09:00:00+08:00',
      ruleSetVersion: '2026.1',
    },
  });
  const where = {
    divisionCode: context.divisionCode ?? '141181',
    landClass: context.landClass ?? 'pbf',
    areaMu: context.areaMu ?? 6.5,
  };
  const decisions: EnforcementCaseMachineEvent[] = [
    {
      type: 'PenaltyDecided',
      data: {
        caseId,
        measures: [...MEASURES],
        fineYuan: 124_000,
        complyBy: at('2026-06-30T18:00:00+08:00', 30),
        decisionRef: 'FY-DECISION-2026-031',
        servedAt: at('2026-03-25T10:00:00+08:00'),
        ...where,
        ...MODEL_DECISION_CONTENTS,
      },
    },
    // Buildings that fit the plan are confiscated: nothing to restore, the case closes once
    // executed. Offered only where nothing was going on, which covers its states and transitions
    // without doubling the paths of every stop branch.
    ...(context.ongoing === false
      ? [
          {
            type: 'PenaltyDecided' as const,
            data: {
              caseId,
              measures: ['confiscate' as const, 'fine' as const],
              fineYuan: 124_000,
              complyBy: at('2026-06-30T18:00:00+08:00', 30),
              decisionRef: 'FY-DECISION-2026-032',
              servedAt: at('2026-03-25T10:00:00+08:00'),
              ...where,
              ...MODEL_DECISION_CONTENTS,
            },
          },
        ]
      : []),
  ];
  return [
    opened(true),
    opened(false),
    {
      type: 'StopOrderServed',
      data: { caseId, servedAt: at('2026-03-03T10:00:00+08:00'), documentRef: 'FY-STOP-2026-017' },
    },
    { type: 'StopConfirmed', data: { caseId, stopped: true, observedAt: at('2026-03-04T10:00:00+08:00') } },
    { type: 'StopConfirmed', data: { caseId, stopped: false, observedAt: at('2026-03-04T11:00:00+08:00') } },
    {
      type: 'CaseFiled',
      data: {
        caseId,
        filingNo: 'FY-LA-2026-031',
        filedAt: at('2026-03-06T10:00:00+08:00'),
        party: context.party ?? party,
        ...where,
      },
    },
    {
      type: 'PenaltyNoticeServed',
      data: { caseId, measures: [...MEASURES], noticeRef: 'FY-NOTICE-2026-031' },
    },
    { type: 'HearingRecorded', data: { caseId, requested: false } },
    { type: 'HearingRecorded', data: { caseId, requested: true, heldAt: at('2026-03-20T09:00:00+08:00') } },
    ...reviewEvents(context, caseId, at),
    ...decisions.filter(
      (decision) => reviewsMissing(context, decision.data as { measures: readonly string[] }).length === 0,
    ),
    {
      type: 'ComplianceRecorded',
      data: { caseId, complied: true, observedAt: at('2026-06-20T10:00:00+08:00') },
    },
    {
      type: 'ComplianceRecorded',
      data: { caseId, complied: false, observedAt: at('2026-07-01T10:00:00+08:00') },
    },
    ...courtApplication(context, caseId, reminder),
    {
      type: 'ReconsiderationApplied',
      data: { caseId, appliedAt: at('2026-04-01T10:00:00+08:00'), authority: '阳城县人民政府' },
    },
    {
      type: 'ReconsiderationDecided',
      data: {
        caseId,
        decidedAt: at('2026-05-10T10:00:00+08:00'),
        upheld: true,
        decisionRef: '阳政复决〔2026〕3号',
      },
    },
    {
      type: 'LawsuitFiled',
      data: { caseId, filedAt: at('2026-04-05T10:00:00+08:00'), court: '阳城县人民法院' },
    },
    {
      type: 'LawsuitDecided',
      data: {
        caseId,
        decidedAt: at('2026-05-20T10:00:00+08:00'),
        upheld: true,
        judgmentRef: '(2026)晋1181行初5号',
      },
    },
    { type: 'CourtRuled', data: { caseId, granted: true, rulingRef: '(2026)晋1181行审12号' } },
    { type: 'CourtRuled', data: { caseId, granted: false, rulingRef: '(2026)晋1181行审13号' } },
    {
      type: 'CourtRulingAppealed',
      data: { caseId, appealedAt: at('2026-08-25T10:00:00+08:00'), courtRef: '(2026)晋11行审复3号' },
    },
    { type: 'RestorationConfirmed', data: { caseId, acceptedAt: at('2026-09-30T10:00:00+08:00') } },
    {
      type: 'CaseClosed',
      data: { caseId, summary: 'executed and restored', closedAt: at('2026-10-08T10:00:00+08:00') },
    },
    // Numbered and placed by the service, as it records them.
    {
      type: 'InterferenceRecorded',
      data: {
        caseId,
        interferenceNo: context.interferences.length + 1,
        interferer: {
          name: 'Wang Qiang',
          position: 'deputy township head',
          organization: 'Yangjiazhuang township',
        },
        conduct: 'asked the officer to drop the filing',
        occurredAt: at('2026-03-05T10:00:00+08:00'),
        evidence: [],
        recordedBy: 'gov',
        recordedAt: at('2026-03-05T15:00:00+08:00'),
        divisionCode: where.divisionCode,
      },
    },
    // After the decision's due instant (the 90 days, or the last extension); approver and time are
    // the service's.
    {
      type: 'DecisionPeriodExtended',
      data: {
        caseId,
        extendedUntil: notBefore('2026-07-31T18:00:00+08:00', [due?.toISOString()]),
        reason: 'appraisal of the buildings not yet returned',
        approvedBy: 'nrb:nrb-user',
        approvedAt: '2026-05-20T10:00:00+08:00',
      },
    },
    {
      type: 'DefenceStated',
      data: {
        caseId,
        statement: 'the shed is temporary and was built for the harvest',
        receivedAt: at('2026-03-18T10:00:00+08:00'),
        documentRef: 'FY-DEFENCE-2026-031',
      },
    },
    {
      type: 'ServiceRefusalNoticesSent',
      data: {
        caseId,
        recipients: [
          { name: 'State Grid Fenyang power supply company', service: 'power' },
          { name: 'Fenyang water company', service: 'water' },
        ],
        documentRef: 'FY-GOV-NOTICE-2026-9',
        sentAt: at('2026-03-10T10:00:00+08:00'),
      },
    },
    {
      type: 'IllegalApprovalRecorded',
      data: {
        caseId,
        approvalNo: context.illegalApprovals.length + 1,
        approvalRef: 'YJZ-GOV-2025-17',
        approvingAuthority: 'Yangjiazhuang township government',
        areaMu: 6.5,
        landClass: 'pbf',
        recordedAt: at('2026-03-20T10:00:00+08:00'),
        divisionCode: where.divisionCode,
      },
    },
  ];
}

function recommendationEvents(context: RecommendationContext): RecommendationMachineEvent[] {
  const ids = {
    caseId: context.caseId ?? MODEL_CASE_ID,
    recommendationId: context.recommendationId ?? MODEL_RECOMMENDATION_ID,
  };
  const issued = (harmGrowing: boolean) => ({
    type: 'RecommendationIssued' as const,
    data: {
      ...ids,
      from: 'proc' as const,
      to: 'nrb' as const,
      divisionCode: '141181',
      content: 'demolish the buildings and restore the farmland',
      harmGrowing,
      documents: [{ kind: 'procuratorial-recommendation', ref: 'FY-JJ-2026-5' }],
      issuedAt: '2026-04-01T10:00:00+08:00',
    },
  });
  return [
    issued(false),
    issued(true),
    {
      type: 'RecommendationReplied',
      data: {
        ...ids,
        measures: 'demolition ordered, restoration under way',
        documents: [{ kind: 'reply', ref: 'FY-ZRZY-2026-41' }],
        repliedAt: '2026-05-20T10:00:00+08:00',
      },
    },
  ];
}

/** The text of the model's document of each kind: the same bytes, so the same hash, on every path. */
export const modelDocumentText = (kind: string): string => `model ${kind}: 涉嫌犯罪案件材料`;
const modelDocumentHash = (kind: string) => sha256Of(Buffer.from(modelDocumentText(kind), 'utf8'));

/**
 * The documents a referral still needs before the service dispatches it (rule
 * `referral.documents.<to>`): the machine takes a dispatch without them, the service does not, so
 * the model attaches them, one kind after the other once approved, and offers the dispatch only then.
 */
const missingKinds = (context: ReferralContext): string[] => {
  const attached = new Set(context.attached.map((d) => d.kind));
  return requiredReferralDocuments(context.to ?? 'psb').kinds.filter((kind) => !attached.has(kind));
};

function referralEvents(context: ReferralContext): ReferralMachineEvent[] {
  const ids = {
    caseId: context.caseId ?? MODEL_CASE_ID,
    referralId: context.referralId ?? MODEL_REFERRAL_ID,
  };
  const missing = missingKinds(context);
  const nextKind = missing[0] as ReferralDocumentKind | undefined;
  const documents: ReferralMachineEvent[] =
    context.approval?.approved && nextKind
      ? [
          {
            type: 'ReferralDocumentAttached',
            data: {
              ...ids,
              name: `${nextKind}.txt`,
              kind: nextKind,
              mediaType: 'text/plain; charset=utf-8',
              size: Buffer.byteLength(modelDocumentText(nextKind)),
              sha256: modelDocumentHash(nextKind),
              attachedAt: '2026-03-08T09:00:00+08:00',
            },
          },
        ]
      : [];
  const dispatch: ReferralMachineEvent[] =
    missing.length === 0
      ? [{ type: 'ReferralDispatched', data: { ...ids, dispatchedAt: '2026-03-08T10:00:00+08:00' } }]
      : [];
  return [
    ...documents,
    {
      type: 'ReferralDrafted',
      data: {
        ...ids,
        from: 'nrb',
        to: 'psb',
        divisionCode: '141181',
        reason: 'PBF occupied: 6.5 mu ≥ 5 mu',
        documents: [{ kind: 'referral-letter', ref: 'FY-YS-2026-3' }],
      },
    },
    { type: 'ReferralApprovalDecided', data: { ...ids, approved: true, note: 'refer to the police' } },
    { type: 'ReferralApprovalDecided', data: { ...ids, approved: false, note: 'evidence incomplete' } },
    ...dispatch,
    {
      type: 'ReferralReceived',
      data: {
        ...ids,
        receivedAt: '2026-03-08T15:00:00+08:00',
        documents: context.attached.map((d) => d.sha256),
      },
    },
    {
      type: 'ReferralDecided',
      data: { ...ids, accepted: true, reason: 'meets art. 342', filingNo: 'FY-GA-2026-88' },
    },
    { type: 'ReferralDecided', data: { ...ids, accepted: false, reason: 'no crime established' } },
    { type: 'ReconsiderationRequested', data: { ...ids, reason: 'area re-measured at 6.5 mu' } },
    {
      type: 'SupplementRequested',
      data: { ...ids, what: '补充现场勘测定界图', requestedAt: '2026-03-09T10:00:00+08:00' },
    },
    // The material supplied: a document attached to the referral (the model's first).
    ...(context.attached[0]
      ? [
          {
            type: 'SupplementProvided' as const,
            data: {
              ...ids,
              documents: [context.attached[0].sha256],
              providedAt: '2026-03-10T10:00:00+08:00',
            },
          },
        ]
      : []),
    {
      type: 'FeedbackGiven',
      data: { ...ids, outcome: 'prosecuted', documents: [{ kind: 'judgment', ref: 'FY-XS-2026-12' }] },
    },
    {
      type: 'ReferralReturned',
      data: {
        ...ids,
        reason: 'only an administrative penalty is due',
        returnedAt: '2026-03-10T10:00:00+08:00',
      },
    },
  ];
}

function remediationEvents(context: RemediationContext): RemediationMachineEvent[] {
  const caseId = context.caseId ?? MODEL_CASE_ID;
  const at = (example: string) => notBefore(example, remediationHappenings(context));
  // The service appends RemediationAccepted in the same command as the second pass, so once
  // both passed nothing else can come between.
  const bothPassed = context.passedBy.includes('nrb') && context.passedBy.includes('agri');
  if (bothPassed)
    return [{ type: 'RemediationAccepted', data: { caseId, acceptedAt: '2026-09-30T10:00:00+08:00' } }];
  // Likewise the service requires PBF re-designation in the same command as the quota deduction.
  const deducted = context.quotaDeduction;
  if (deducted && context.landClass === 'pbf' && !context.pbfRedesignation)
    return [
      {
        type: 'PbfRedesignationRequired',
        data: { caseId, divisionCode: '141181', areaMu: deducted.areaMu, dueBy: '2027-04-05T10:00:00+08:00' },
      },
    ];
  const opened = (measures: ('demolish' | 'restore' | 'fine')[]) => ({
    type: 'RemediationOpened' as const,
    data: {
      caseId,
      divisionCode: '141181',
      landClass: 'pbf' as const,
      areaMu: 6.5,
      measures,
      dueBy: '2026-06-30T18:00:00+08:00',
    },
  });
  const proof = [{ uri: 'https://field.example/photo-1.jpg', sha256: 'b'.repeat(64) }];
  const acceptance = (agency: 'nrb' | 'agri', passed: boolean) => ({
    type: 'AcceptanceRecorded' as const,
    data: { caseId, agency, passed, note: passed ? 'fit for cultivation' : 'topsoil too thin' },
  });
  return [
    opened(['demolish', 'restore', 'fine']),
    opened(['restore', 'fine']),
    {
      type: 'ProgressRecorded',
      data: { caseId, step: 'demolished', observedAt: at('2026-05-21T10:00:00+08:00'), evidence: proof },
    },
    {
      type: 'ProgressRecorded',
      data: { caseId, step: 'recultivated', observedAt: at('2026-06-10T10:00:00+08:00'), evidence: proof },
    },
    acceptance('nrb', true),
    acceptance('agri', true),
    acceptance('nrb', false),
    acceptance('agri', false),
    // Deducted only before any progress: the machine takes it in every state of the work, but
    // offering it everywhere multiplies the replayed paths tenfold for the same transitions.
    ...(context.progress.length > 0
      ? []
      : [
          {
            type: 'QuotaDeducted' as const,
            data: {
              caseId,
              divisionCode: '141181',
              areaMu: 6.5,
              landClass: 'pbf' as const,
              deductedAt: '2027-01-05T10:00:00+08:00',
              year: 2026,
            },
          },
        ]),
    {
      type: 'PbfRedesignated',
      data: { caseId, parcelRef: 'PBF-141181-2027-001', redesignatedAt: '2027-03-01T10:00:00+08:00' },
    },
  ];
}

/**
 * The reviews still missing for the model's decisions, one at a time, legal first (the legal
 * review prepares what the leadership discusses), offered only once heard: the state where the
 * decision waits for them.
 */
function reviewEvents(
  context: EnforcementCaseContext,
  caseId: string,
  at: (example: string, days?: number) => string,
): EnforcementCaseMachineEvent[] {
  if (context.hearing === null || context.decision !== null || context.filing === null) return [];
  const missing = new Set(
    [{ measures: [...MEASURES], fineYuan: 124_000 }].flatMap((d) => reviewsMissing(context, d)),
  );
  if (missing.has('legal-review')) {
    return [
      {
        type: 'LegalReviewCompleted',
        data: {
          caseId,
          reviewer: '法规科 李明',
          conclusion: 'approved',
          opinion: '事实清楚，证据确凿，适用依据正确',
          completedAt: at('2026-03-20T10:00:00+08:00'),
        },
      },
    ];
  }
  if (missing.has('collective-review')) {
    return [
      {
        type: 'CollectiveReviewHeld',
        data: {
          caseId,
          members: ['局长 张伟', '副局长 王芳'],
          conclusion: 'approved',
          heldAt: at('2026-03-23T10:00:00+08:00'),
        },
      },
    ];
  }
  return [];
}

const ALPHABETS: Record<MachineName, (context: never) => { type: string; data: unknown }[]> = {
  clue: clueEvents,
  enforcementCase: caseEvents,
  referral: referralEvents,
  recommendation: recommendationEvents,
  remediation: remediationEvents,
};

/** The model's events that the machine takes where the snapshot stands (guards evaluated). */
export function alphabet(machine: MachineName, snapshot: AnyMachineSnapshot): ModelEvent[] {
  return (ALPHABETS[machine](snapshot.context as never) as ModelEvent[]).filter((event) =>
    accepts(snapshot, event),
  );
}

/**
 * What tells two model states apart for the traversal: the state, plus the context that changes
 * what may follow (where a clue is, whether works were ongoing, who passed the land this round,
 * whether demolition was ordered). With `loops`, also how often a loop was taken (capped at 2),
 * so that paths may go round a second stop refusal, court application or acceptance round. With
 * `facts`, also whether a case has an interference, an illegal approval, an extension of the
 * decision period, notices to refuse service and a defence on record: they change no state, so
 * only a traversal that tells them apart takes them.
 */
export function serializeModelState(
  machine: MachineName,
  snapshot: AnyMachineSnapshot,
  { loops = false, facts = false, pending = false } = {},
): string {
  const state = stateString(snapshot);
  const times = (n: number) => (loops ? ` x${Math.min(n, 2)}` : '');
  switch (machine) {
    case 'clue':
      return `${state} @${(snapshot.context as ClueContext).divisionCode}`;
    case 'enforcementCase': {
      const c = snapshot.context as EnforcementCaseContext;
      // Whether the decision left land to restore decides how the case closes.
      const restore = c.decision ? ` restore=${ordersRestoration(c.decision.measures)}` : '';
      const onRecord = facts
        ? ` facts=${c.interferences.length > 0}+${c.illegalApprovals.length > 0}+${c.decisionExtended}+${c.serviceRefusals.length > 0}+${c.defenceStatements.length > 0}`
        : '';
      // With `pending`, a reconsideration or lawsuit pending (which holds the court application
      // back) is a state of its own: for the shortest paths only, which then reach a state that
      // takes its outcome; the simple paths would multiply by it.
      const last = c.remedies.at(-1);
      const remedy = pending && last && last.outcome === undefined ? ` pending=${last.kind}` : '';
      // The reviews before the decision tell the heard states apart: the decision waits for them.
      const reviewed = c.decision
        ? ''
        : ` reviews=${c.legalReviews.length > 0 ? 'legal' : ''}+${c.collectiveReviews.length > 0 ? 'collective' : ''}`;
      return `${state} ongoing=${c.ongoing}${restore}${reviewed}${times(c.stopRefusals.length)}${times(c.courtApplications.length)}${remedy}${onRecord}`;
    }
    case 'referral':
      // Each document attached before dispatch moves the referral on towards it.
      return `${state} docs=${(snapshot.context as ReferralContext).attached.length}`;
    case 'recommendation':
      return state;
    case 'remediation': {
      const c = snapshot.context as RemediationContext;
      const failed = c.acceptances.filter((a) => !a.passed).length;
      // After a quota deduction the same states may follow again, and re-designation returns to
      // the state it left: both tell model states apart.
      const pbf = c.pbfRedesignation
        ? c.pbfRedesignation.redesignatedAt
          ? 'done'
          : `owed>${c.resumeTo}`
        : 'none';
      return `${state} passed=${[...c.passedBy].sort().join('+')} demolish=${c.measures.includes('demolish')} quota=${c.quotaDeduction !== null} pbf=${pbf}${times(failed)}`;
    }
  }
}
