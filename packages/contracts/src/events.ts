import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { ServiceName } from './enums.ts';
import {
  AgencyCode,
  AreaMu,
  CaseId,
  ChinaDate,
  ClueSourceField,
  DivisionAreaMu,
  DivisionCode,
  DocumentRef,
  Evidence,
  HistoricalDispositionField,
  LandClassField,
  MeasureField,
  MediaType,
  NonEmpty,
  Official,
  Party,
  PartyKindField,
  RecommendationAddresseeField,
  ReferralDocumentKindField,
  ReferralTargetField,
  RemediationStepField,
  Sha256,
  Timestamp,
  TotalAreaMu,
  VerdictField,
} from './fields.ts';
import { Parcel } from './geo.ts';

// The event catalogue. An event, once published, never changes: a new shape is a new version
// (a new entry with `version: 2`) plus an upcaster. Every event carries `caseId`.

const ev = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ caseId: CaseId, ...props }, { additionalProperties: false });

// A deadline that passed: appended by a service's scheduler, once per deadline.
const deadlineMissedFields = {
  deadlineId: NonEmpty(),
  state: NonEmpty('state that carried the deadline'),
  dueAt: Timestamp,
  rule: NonEmpty('rule id that set the deadline'),
  source: NonEmpty('legal source of the rule'),
};
const DeadlineMissed = ev(deadlineMissedFields);

// The rungs an overdue step climbs, in order (seeds 000, 003, 004): a reminder (催办), supervision by
// the superior level (督办), listed supervision (挂牌督办), a summons of the officials responsible (约谈),
// a public notice (通报).
export const ESCALATION_RUNGS = [
  'reminder',
  'supervision',
  'listed_supervision',
  'summons',
  'public_notice',
] as const;
export type EscalationRung = (typeof ESCALATION_RUNGS)[number];
const EscalationRungField = Type.Unsafe<EscalationRung>(
  Type.Union(
    ESCALATION_RUNGS.map((rung) => Type.Literal(rung)),
    { description: 'rung of the escalation ladder' },
  ),
);

// The services a utility or agency refuses the illegal site (seed 002 §三: water, power, gas and
// loans refused; licences, registrations and approvals withheld).
export const REFUSED_SERVICES = [
  'power',
  'water',
  'gas',
  'telecom',
  'registration',
  'finance',
  'other',
] as const;
export type RefusedService = (typeof REFUSED_SERVICES)[number];
export const RefusedServiceField = Type.Unsafe<RefusedService>(
  Type.Union(
    REFUSED_SERVICES.map((service) => Type.Literal(service)),
    { description: 'the service refused to the illegal site' },
  ),
);
export const ServiceRefusalRecipient = Type.Object(
  { name: NonEmpty('the utility or agency notified'), service: RefusedServiceField },
  { additionalProperties: false },
);

// A rung of the escalation ladder after a DeadlineMissed: appended by the same scheduler, once per
// deadline and rung, in order, while the case stays where it missed the deadline.
const escalationRaisedFields = {
  deadlineId: NonEmpty('the missed deadline'),
  rung: EscalationRungField,
  raisedAt: Timestamp,
  divisionCode: DivisionCode,
  escalatedToDivisionCode: DivisionCode,
  rule: NonEmpty('rule id that sets when the rung comes'),
  source: NonEmpty('source of the rung'),
  // A public notice (通报) names who issues it and to whom it goes, as the rule set says; absent on
  // the other rungs (and on rungs recorded before the notice was a rung).
  issuedBy: Type.Optional(
    Type.Array(NonEmpty('agency code'), { minItems: 1, description: 'the agencies that issue the notice' }),
  ),
  notified: Type.Optional(
    Type.Array(NonEmpty('agency code'), {
      minItems: 1,
      description: 'the agencies the notice is addressed to',
    }),
  ),
};
const EscalationRaised = ev(escalationRaisedFields);

// The referral service keeps several aggregates per case (referrals, recommendations), so its
// scheduler's events name the one they concern, under the id field that aggregate's other events
// carry. Optional: those recorded before they named it stay valid.
const referralServiceAggregate = {
  referralId: Type.Optional(NonEmpty('the referral the deadline belongs to')),
  recommendationId: Type.Optional(NonEmpty('the recommendation the deadline belongs to')),
};

// How a referral drafted by rule added up repeated occupations (法释〔2000〕14号 art. 9), so that a
// court can see why the threshold was met: the sum, each earlier case in it, and the bureau's
// confirmations it rests on where the parties matched by name only.
const SamePartyConfirmation = Type.Object(
  {
    matchId: NonEmpty('the possible same party confirmed'),
    caseIds: Type.Array(CaseId, { minItems: 2, maxItems: 2 }),
    confirmedBy: NonEmpty('the officer, as <agency>:<user>'),
    confirmedAt: Timestamp,
  },
  { additionalProperties: false },
);
const ReferralAccumulation = Type.Object(
  {
    areaMu: { ...AreaMu, description: "this case's area and the earlier ones added to it" },
    priorCases: Type.Array(
      Type.Object({ caseId: CaseId, areaMu: AreaMu, filedAt: Timestamp }, { additionalProperties: false }),
      { minItems: 1, description: 'the earlier cases added, oldest first' },
    ),
    ruleId: NonEmpty(),
    source: NonEmpty(),
    confirmations: Type.Array(SamePartyConfirmation, {
      description: "the bureau's confirmations the sum rests on; [] where identifiers alone show the party",
    }),
  },
  { additionalProperties: false },
);

// A case as a possible same party names it: enough for either case's view and the audit.
const MatchedCase = Type.Object(
  {
    caseId: CaseId,
    divisionCode: DivisionCode,
    filingNo: NonEmpty(),
    filedAt: Timestamp,
    landClass: LandClassField,
    areaMu: AreaMu,
    party: Party,
  },
  { additionalProperties: false },
);
const PairOfCases = Type.Array(CaseId, { minItems: 2, maxItems: 2 });

export const DetectionEvents = {
  ClueReported: ev({
    source: ClueSourceField,
    externalRef: Type.Optional(NonEmpty()),
    divisionCode: DivisionCode,
    landClass: LandClassField,
    parcel: Parcel,
    areaMu: AreaMu,
    observedAt: Timestamp,
    evidence: Type.Array(Evidence),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
  }),
  ClueDispatched: ev({
    fromDivisionCode: DivisionCode,
    toDivisionCode: DivisionCode,
    dispatchedAt: Timestamp,
  }),
  ClueVerified: ev({
    verdict: VerdictField,
    divisionCode: DivisionCode,
    areaMu: AreaMu,
    landClass: LandClassField,
    ongoing: Type.Boolean(),
    party: Type.Optional(Party),
    approvalRef: Type.Optional(NonEmpty()),
    // Historical verdicts: the day the occupation began, which places it between time nodes.
    occupiedSince: Type.Optional(ChinaDate),
    source: ClueSourceField,
    observedAt: Timestamp,
    verifiedAt: Timestamp,
  }),
  // Historical cases handled in batches (seed 004 §(六)2 分期分批整治): a clue taken into a batch,
  // and settled once the batch's disposition was carried out for it.
  HistoricalBatched: ev({
    batchId: NonEmpty(),
    disposition: HistoricalDispositionField,
    dueBy: Timestamp,
    divisionCode: DivisionCode,
    landClass: LandClassField,
    areaMu: AreaMu,
    batchedAt: Timestamp,
  }),
  HistoricalSettled: ev({
    batchId: NonEmpty(),
    disposition: HistoricalDispositionField,
    note: Type.String({ minLength: 1, maxLength: 4000 }),
    documentRef: Type.Optional(NonEmpty('e.g. the approval of the formalities completed')),
    settledAt: Timestamp,
  }),
  // The batch is its own aggregate; its events' caseId is the batch id.
  HistoricalBatchOpened: ev({
    batchId: NonEmpty(),
    divisionCode: DivisionCode,
    timeNode: Type.Optional(NonEmpty('time-node class the clues were drawn from')),
    clueIds: Type.Array(NonEmpty(), { minItems: 1, maxItems: 1000 }),
    disposition: HistoricalDispositionField,
    dueBy: Timestamp,
    openedAt: Timestamp,
  }),
  HistoricalBatchClueSettled: ev({ batchId: NonEmpty(), clueId: NonEmpty(), settledAt: Timestamp }),
  HistoricalBatchClueWithdrawn: ev({
    batchId: NonEmpty(),
    clueId: NonEmpty(),
    reason: NonEmpty(),
    withdrawnAt: Timestamp,
  }),
  HistoricalBatchCompleted: ev({ batchId: NonEmpty(), completedAt: Timestamp }),
  DeadlineMissed,
  EscalationRaised,
};

// The conclusion of a review before the decision: approved (通过), or not (未通过: the decision
// waits for a review that approves it).
export const REVIEW_CONCLUSIONS = ['approved', 'not_approved'] as const;
export type ReviewConclusion = (typeof REVIEW_CONCLUSIONS)[number];
const ReviewConclusionField = Type.Unsafe<ReviewConclusion>(
  Type.Union(
    REVIEW_CONCLUSIONS.map((c) => Type.Literal(c)),
    { description: 'approved, or not_approved' },
  ),
);

const Text = (description: string) => Type.String({ minLength: 1, maxLength: 4000, description });

// The contents of a penalty decision document (Administrative Penalty Law art. 59), each optional
// in the schema: the rule `penalty.decision.contents` names the ones a decision lacks (422).
// Each part optional, as the rest of the contents: the rule names the parts missing.
export const AppealRoute = Type.Object(
  {
    reconsideration: Type.Optional(
      Type.Object(
        {
          authority: Type.Optional(NonEmpty('where to apply for reconsideration')),
          period: Type.Optional(NonEmpty('within how long, e.g. 60 days of receiving the decision')),
        },
        { additionalProperties: false },
      ),
    ),
    lawsuit: Type.Optional(
      Type.Object(
        {
          court: Type.Optional(NonEmpty('the court to sue in')),
          period: Type.Optional(
            NonEmpty('within how long, e.g. 6 months, or 15 days against a demolition order'),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'how, where and within what period the party may appeal or sue',
  },
);
export const DecisionContentsFields = {
  partyAddress: Type.Optional(NonEmpty("the party's address")),
  facts: Type.Optional(Text('the facts of the violation')),
  evidence: Type.Optional(Type.Array(NonEmpty('an item of evidence the facts rest on'), { maxItems: 200 })),
  legalBasis: Type.Optional(
    Type.Array(NonEmpty('a provision the penalty rests on, e.g. 《土地管理法》第七十七条'), { maxItems: 50 }),
  ),
  complianceMethod: Type.Optional(
    Text('how to comply (the measures carried out, where the fine is paid); the deadline is complyBy'),
  ),
  appeal: Type.Optional(AppealRoute),
  decidingOrgan: Type.Optional(NonEmpty('the authority that decides, as it seals the decision')),
  decidedAt: Type.Optional(Timestamp),
};

export const EnforcementEvents = {
  CaseOpened: ev({
    divisionCode: DivisionCode,
    landClass: LandClassField,
    areaMu: AreaMu,
    party: Party,
    ongoing: Type.Boolean(),
    clueSource: ClueSourceField,
    discoveredAt: Timestamp,
    ruleSetVersion: NonEmpty(),
  }),
  StopOrderServed: ev({ servedAt: Timestamp, documentRef: NonEmpty() }),
  StopConfirmed: ev({ stopped: Type.Boolean(), observedAt: Timestamp }),
  CaseFiled: ev({
    filingNo: NonEmpty(),
    filedAt: Timestamp,
    divisionCode: DivisionCode,
    landClass: LandClassField,
    areaMu: AreaMu,
    party: Party,
    // When a continuing violation ended, or the day an act that did not continue was done: the
    // 2-year limitation runs from it (Administrative Penalty Law art. 36). Absent while it goes on.
    violationEndedAt: Type.Optional(Timestamp),
  }),
  PenaltyNoticeServed: ev({ measures: Type.Array(MeasureField, { minItems: 1 }), noticeRef: NonEmpty() }),
  HearingRecorded: ev({ requested: Type.Boolean(), heldAt: Type.Optional(Timestamp) }),
  PenaltyDecided: ev({
    measures: Type.Array(MeasureField, { minItems: 1 }),
    fineYuan: Type.Optional(Type.Number({ minimum: 0 })),
    complyBy: Timestamp,
    decisionRef: NonEmpty(),
    // When the decision was served on the party; the periods to ask for reconsideration or to sue
    // run from it. Absent from decisions recorded before it was kept.
    servedAt: Type.Optional(Timestamp),
    divisionCode: DivisionCode,
    landClass: LandClassField,
    areaMu: AreaMu,
    // What the decision document states (Administrative Penalty Law art. 59). Absent from
    // decisions recorded before the contents were kept.
    ...DecisionContentsFields,
  }),
  // Before the decision of a major case: the collective review by the bureau's leadership
  // (重大案件会审, seed 003 §四; Administrative Penalty Law art. 57) and the legal review (法制审核,
  // art. 58). Only an approving conclusion lets the decision be taken.
  CollectiveReviewHeld: ev({
    members: Type.Array(NonEmpty('a member of the leadership who took part'), { minItems: 1, maxItems: 50 }),
    conclusion: ReviewConclusionField,
    heldAt: Timestamp,
  }),
  LegalReviewCompleted: ev({
    reviewer: NonEmpty("the bureau's legal reviewer (法制审核人员)"),
    conclusion: ReviewConclusionField,
    opinion: Type.String({ minLength: 1, maxLength: 4000, description: 'the review opinion' }),
    completedAt: Timestamp,
  }),
  // The party's remedies against the decision, as the bureau records them: administrative
  // reconsideration (行政复议) and a lawsuit (行政诉讼). While one is pending the bureau may not apply
  // to the court for compulsory enforcement (Administrative Compulsion Law art. 53).
  ReconsiderationApplied: ev({
    appliedAt: Timestamp,
    authority: NonEmpty('the reconsideration authority the party applied to'),
  }),
  ReconsiderationDecided: ev({
    decidedAt: Timestamp,
    upheld: Type.Boolean({ description: 'false when the decision was annulled or changed' }),
    decisionRef: NonEmpty('number of the reconsideration decision'),
  }),
  LawsuitFiled: ev({ filedAt: Timestamp, court: NonEmpty('the court the party sued in') }),
  LawsuitDecided: ev({
    decidedAt: Timestamp,
    upheld: Type.Boolean({ description: 'false when the decision was annulled or changed' }),
    judgmentRef: NonEmpty('number of the judgment'),
  }),
  ComplianceRecorded: ev({ complied: Type.Boolean(), observedAt: Timestamp }),
  CourtApplicationFiled: ev({ reminderServedAt: Timestamp, appliedAt: Timestamp }),
  CourtRuled: ev({ granted: Type.Boolean(), rulingRef: NonEmpty() }),
  // The bureau asked the court at the next level to reconsider (复议) a refusal to accept or to
  // enforce its application (Administrative Compulsion Law art. 58).
  CourtRulingAppealed: ev({
    appealedAt: Timestamp,
    courtRef: Type.Optional(NonEmpty("the higher court's docket number, once known")),
  }),
  RestorationConfirmed: ev({ acceptedAt: Timestamp }),
  CaseClosed: ev({ summary: NonEmpty(), closedAt: Timestamp }),
  // An official or insider tried to interfere with the case (seed 003 §四): recorded wherever the
  // case stands, reported to the discipline commission. `divisionCode` is the case's.
  InterferenceRecorded: ev({
    interferenceNo: Type.Integer({ minimum: 1, description: "1 for the case's first record, then 2, ..." }),
    interferer: Official,
    conduct: NonEmpty('what was attempted'),
    occurredAt: Timestamp,
    evidence: Type.Array(Evidence),
    recordedBy: AgencyCode,
    recordedAt: Timestamp,
    divisionCode: DivisionCode,
  }),
  // The decision period of 90 days extended by the bureau's head (Administrative Penalty Law art. 60).
  DecisionPeriodExtended: ev({
    extendedUntil: Timestamp,
    reason: NonEmpty('why the case needs longer'),
    approvedBy: NonEmpty("the head's actor id"),
    approvedAt: Timestamp,
  }),
  // The party's statement and defence (陈述、申辩) against the notice of intended penalty
  // (Administrative Penalty Law arts. 45, 64; MNR Measures arts. 33-34), as the bureau received it.
  DefenceStated: ev({
    statement: NonEmpty('summary of what the party stated'),
    receivedAt: Timestamp,
    documentRef: Type.Optional(NonEmpty('the written defence or the record of the oral one')),
  }),
  // The government notified utilities and agencies to refuse service to the illegal site (seed 002).
  ServiceRefusalNoticesSent: ev({
    recipients: Type.Array(ServiceRefusalRecipient, { minItems: 1 }),
    documentRef: NonEmpty('number of the notice'),
    sentAt: Timestamp,
  }),
  // An approval behind the occupation found illegal (法释〔2000〕14号 art. 4).
  IllegalApprovalRecorded: ev({
    approvalNo: Type.Integer({ minimum: 1, description: "1 for the case's first record, then 2, ..." }),
    approvalRef: NonEmpty('number of the approval document'),
    approvingAuthority: NonEmpty('the body that approved'),
    approvingOfficial: Type.Optional(Official),
    areaMu: AreaMu,
    landClass: LandClassField,
    finding: Type.Optional(NonEmpty('why the approval is illegal')),
    recordedAt: Timestamp,
    divisionCode: DivisionCode,
  }),
  // The annual share of a division's farmland illegally occupied (Order 15 of 2008 art. 3). Not a
  // case: `caseId` is the assessment's own id, `assessment-<divisionCode>-<year>`, one stream per
  // division and year; a corrected survey figure is a new AssessmentRecorded on the same stream.
  AssessmentRecorded: ev({
    divisionCode: DivisionCode,
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    newConstructionFarmlandMu: DivisionAreaMu,
    surveyRef: Type.Optional(NonEmpty('the land-use change survey the figure comes from')),
    illegalFarmlandMu: TotalAreaMu,
    illegalAreaMuByLandClass: Type.Object(
      { pbf: TotalAreaMu, farmland: TotalAreaMu },
      { additionalProperties: false, description: 'the figures added up to illegalFarmlandMu' },
    ),
    basis: NonEmpty('where the illegal figures were read, so the decision can be audited'),
    share: Type.Number({ minimum: 0 }),
    threshold: Type.Number({ minimum: 0 }),
    accountable: Type.Boolean(),
    ruleId: NonEmpty(),
    source: NonEmpty(),
    ruleSetVersion: NonEmpty(),
    assessedAt: Timestamp,
    // Who assessed, from which division: the division above the one assessed (Order 15 art. 3).
    // Absent on assessments recorded before it was kept; the view then reads the event's actor.
    assessedBy: Type.Optional(NonEmpty("the assessing head's actor id")),
    assessorDivisionCode: Type.Optional(DivisionCode),
  }),
  DeadlineMissed,
  EscalationRaised,
};

export const ReferralEvents = {
  ReferralDrafted: ev({
    referralId: NonEmpty(),
    from: AgencyCode,
    to: ReferralTargetField,
    divisionCode: DivisionCode,
    reason: NonEmpty(),
    documents: Type.Array(DocumentRef),
    ruleId: Type.Optional(NonEmpty('rule that drafted it, when drafted by itself')),
    ruleSetVersion: Type.Optional(NonEmpty()),
    accumulated: Type.Optional(ReferralAccumulation),
  }),
  ReferralApprovalDecided: ev({
    referralId: NonEmpty(),
    approved: Type.Boolean(),
    note: Type.String({ maxLength: 4000 }),
  }),
  // A document's bytes kept in the document store under their SHA-256, attached by the sender
  // before dispatch (State Council Order 310 art. 6: what a referral must carry).
  ReferralDocumentAttached: ev({
    referralId: NonEmpty(),
    name: Type.String({ minLength: 1, maxLength: 255, description: 'file name, e.g. 移送书.pdf' }),
    kind: ReferralDocumentKindField,
    mediaType: MediaType,
    size: Type.Integer({ minimum: 0, description: 'bytes' }),
    sha256: Sha256,
    attachedAt: Timestamp,
  }),
  ReferralDispatched: ev({ referralId: NonEmpty(), dispatchedAt: Timestamp }),
  // The receipt (回执): what the receiver signed for, each document by its hash, and who signed.
  // Absent on receipts recorded before they named them.
  ReferralReceived: ev({
    referralId: NonEmpty(),
    receivedAt: Timestamp,
    documents: Type.Optional(
      Type.Array(Sha256, { maxItems: 200, description: 'SHA-256 of each document received' }),
    ),
    receivedBy: Type.Optional(NonEmpty("the receiving officer's actor id, <agency>:<user>")),
  }),
  // Stop-the-clock: the receiver asks for supplementary material (补充材料), and its decision period
  // stands still until the sender supplies it, naming the documents (attached to the referral).
  SupplementRequested: ev({
    referralId: NonEmpty(),
    what: NonEmpty('the supplementary material asked for, and why'),
    requestedAt: Timestamp,
  }),
  SupplementProvided: ev({
    referralId: NonEmpty(),
    documents: Type.Array(Sha256, {
      minItems: 1,
      maxItems: 200,
      description: 'SHA-256 of each document supplied, attached to the referral',
    }),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    providedAt: Timestamp,
  }),
  ReferralDecided: ev({
    referralId: NonEmpty(),
    accepted: Type.Boolean(),
    reason: NonEmpty(),
    filingNo: Type.Optional(NonEmpty()),
  }),
  ReconsiderationRequested: ev({ referralId: NonEmpty(), reason: NonEmpty() }),
  FeedbackGiven: ev({ referralId: NonEmpty(), outcome: NonEmpty(), documents: Type.Array(DocumentRef) }),
  // The receiving agency sends the case back: only an administrative penalty is due (Order 310 art. 13).
  ReferralReturned: ev({ referralId: NonEmpty(), reason: NonEmpty(), returnedAt: Timestamp }),
  // A procuratorial recommendation (检察建议) to an agency, and its written reply: due within
  // 2 months of service, or 15 days where the harm is growing (domain.md, row `proc`).
  RecommendationIssued: ev({
    recommendationId: NonEmpty(),
    from: AgencyCode,
    to: RecommendationAddresseeField,
    divisionCode: DivisionCode,
    content: NonEmpty('what the procuratorate found and recommends'),
    harmGrowing: Type.Boolean(),
    documents: Type.Array(DocumentRef),
    issuedAt: Timestamp,
  }),
  RecommendationReplied: ev({
    recommendationId: NonEmpty(),
    measures: NonEmpty('what the agency did'),
    documents: Type.Array(DocumentRef),
    repliedAt: Timestamp,
  }),
  // A possible same party (疑似同一当事人): two cases whose parties carry the same kind and name in
  // one county within the accumulation window, without identifiers that settle it. Its own
  // aggregate; `caseId` is the later of the two cases, whose filing raised it.
  PartyMatchSuspected: ev({
    matchId: NonEmpty('<caseId>~<caseId>, the pair in code-point order'),
    cases: Type.Array(MatchedCase, { minItems: 2, maxItems: 2, description: 'the earlier filed first' }),
    kind: PartyKindField,
    name: NonEmpty('the name both parties carry, as compared (normalised)'),
    countyCode: Type.String({
      pattern: '^[0-9]{2,12}$',
      description: 'the leading digits both divisions share (rule party.match.county: 6, the county)',
    }),
    ruleId: NonEmpty(),
    source: NonEmpty(),
    ruleSetVersion: NonEmpty(),
    raisedAt: Timestamp,
  }),
  PartyMatchConfirmed: ev({
    matchId: NonEmpty(),
    caseIds: PairOfCases,
    basis: NonEmpty('what the officer relied on to hold the two parties one'),
    confirmedBy: NonEmpty('the officer, as <agency>:<user>'),
    confirmedAt: Timestamp,
  }),
  PartyMatchRejected: ev({
    matchId: NonEmpty(),
    caseIds: PairOfCases,
    reason: NonEmpty('why the two parties are not one'),
    rejectedBy: NonEmpty('the officer, as <agency>:<user>'),
    rejectedAt: Timestamp,
  }),
  DeadlineMissed: ev({ ...deadlineMissedFields, ...referralServiceAggregate }),
  EscalationRaised: ev({ ...escalationRaisedFields, ...referralServiceAggregate }),
};

export const RemediationEvents = {
  RemediationOpened: ev({
    divisionCode: DivisionCode,
    landClass: LandClassField,
    areaMu: AreaMu,
    measures: Type.Array(MeasureField, { minItems: 1 }),
    dueBy: Timestamp,
  }),
  ProgressRecorded: ev({ step: RemediationStepField, observedAt: Timestamp, evidence: Type.Array(Evidence) }),
  AcceptanceRecorded: ev({
    agency: AgencyCode,
    passed: Type.Boolean(),
    note: Type.String({ maxLength: 4000 }),
  }),
  RemediationAccepted: ev({ acceptedAt: Timestamp }),
  // Not restored within the year: the division's reserve supplementary-farmland quota is deducted
  // by equal quantity and quality; PBF must also be re-designated by a deadline (seed 003 §三).
  QuotaDeducted: ev({
    divisionCode: DivisionCode,
    areaMu: AreaMu,
    landClass: LandClassField,
    deductedAt: Timestamp,
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  }),
  PbfRedesignationRequired: ev({ divisionCode: DivisionCode, areaMu: AreaMu, dueBy: Timestamp }),
  PbfRedesignated: ev({ parcelRef: NonEmpty(), redesignatedAt: Timestamp }),
  DeadlineMissed,
  EscalationRaised,
};

// The audit service's records of what operators did to dead letters. `caseId` is the case of the
// dead-lettered event (its subject, or its key when it was no CloudEvent); the events travel in a
// chain of their own (`ops:dead-letters`), not in the case's. Dry runs are not recorded.
const deadLetterFields = {
  deadLetterId: NonEmpty('`<dlqTopic>:<partition>:<offset>`'),
  topic: NonEmpty('the topic it was dead-lettered from'),
  eventId: Type.Optional(NonEmpty('the dead-lettered CloudEvent id')),
  eventType: Type.Optional(NonEmpty('the dead-lettered CloudEvent type')),
  group: Type.Optional(NonEmpty('the consumer group that gave up on it')),
  error: Type.Optional(Type.String({ maxLength: 2000, description: 'why it failed' })),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: "the operator's reason" })),
};
export const AuditEvents = {
  DeadLetterRedriven: ev({
    ...deadLetterFields,
    redrives: Type.Integer({ minimum: 1, description: 'the redrive count the copy carries' }),
    redrivenAt: Timestamp,
  }),
  DeadLetterDiscarded: ev({ ...deadLetterFields, discardedAt: Timestamp }),
};

export const EVENT_CATALOGUE = {
  detection: DetectionEvents,
  enforcement: EnforcementEvents,
  referral: ReferralEvents,
  remediation: RemediationEvents,
  audit: AuditEvents,
} satisfies Record<ServiceName, Record<string, TSchema>>;

type DataOf<T extends Record<string, TSchema>> = { [K in keyof T]: Static<T[K]> };
export type DetectionEventData = DataOf<typeof DetectionEvents>;
export type EnforcementEventData = DataOf<typeof EnforcementEvents>;
export type ReferralEventData = DataOf<typeof ReferralEvents>;
export type RemediationEventData = DataOf<typeof RemediationEvents>;

/** A domain event as a tagged union: `{ type, data }`. */
export type DomainEvent<M extends Record<string, unknown>> = {
  [K in keyof M & string]: { type: K; data: M[K] };
}[keyof M & string];

export type DetectionEvent = DomainEvent<DetectionEventData>;
export type EnforcementEvent = DomainEvent<EnforcementEventData>;
export type ReferralEvent = DomainEvent<ReferralEventData>;
export type RemediationEvent = DomainEvent<RemediationEventData>;

export function schemaOf(service: ServiceName, eventName: string): TSchema | undefined {
  return (EVENT_CATALOGUE[service] as Record<string, TSchema>)[eventName];
}
