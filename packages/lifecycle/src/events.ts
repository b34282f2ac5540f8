// The domain events as the machines see them: `{ type, data }`, with the same names and payloads
// as the event catalogue in @landcase/contracts. They are restated here (rather than imported) so
// this package depends on nothing but xstate. Every contracts event is assignable to the matching
// type below; fields the machines never read are typed loosely (`parcel: unknown`).

export type Agency = 'nrb' | 'gov' | 'grid' | 'psb' | 'proc' | 'disc' | 'court' | 'agri' | 'audit';
export type LandClass =
  | 'pbf'
  | 'farmland'
  | 'other_agricultural'
  | 'forest'
  | 'grassland'
  | 'construction'
  | 'unused';
export type ClueSource =
  | 'satellite'
  | 'drone'
  | 'video'
  | 'patrol'
  | 'report'
  | 'petition'
  | 'media'
  | 'online'
  | 'inspection';
export type Verdict = 'illegal' | 'legal' | 'no_change' | 'historical';
export type PenaltyMeasure = 'demolish' | 'confiscate' | 'restore' | 'fine';
export type RefusedService = 'power' | 'water' | 'gas' | 'telecom' | 'registration' | 'finance' | 'other';
export type ReviewConclusion = 'approved' | 'not_approved';
/** What a penalty decision document states (Administrative Penalty Law art. 59). */
export interface DecisionContents {
  partyAddress: string;
  facts: string;
  evidence: string[];
  legalBasis: string[];
  /** How to comply; the deadline is the decision's complyBy. */
  complianceMethod: string;
  appeal: {
    reconsideration?: { authority?: string; period?: string };
    lawsuit?: { court?: string; period?: string };
  };
  decidingOrgan: string;
  decidedAt: string;
}
export type ReferralTarget = 'psb' | 'proc' | 'disc' | 'court';
/** The documents a referral carries (State Council Order 310 art. 6), as files kept by their SHA-256. */
export type ReferralDocumentKind =
  | 'referral-letter'
  | 'investigation-report'
  | 'evidence-list'
  | 'survey'
  | 'photos';
export type RemediationStep = 'demolished' | 'recultivated';
/**
 * How a batch of historical cases is handled (seed 004 §(六)2 依法依规分类处置; the measures of Land
 * Management Law art. 77): formalities completed after the fact (补办手续), buildings confiscated,
 * or demolished and the land restored.
 */
export type HistoricalDisposition = 'regularise' | 'confiscate' | 'demolish_restore';

export interface Party {
  name: string;
  kind: 'person' | 'organization';
  idNumber?: string;
}
export interface Evidence {
  uri: string;
  sha256: string;
}
/** A public official or insider named in a record: who, in which post, of which body. */
export interface Official {
  name: string;
  position: string;
  organization: string;
}
export interface DocumentRef {
  kind: string;
  ref: string;
  sha256?: string;
}

/** A deadline that passed, appended by a service's scheduler once per deadline. */
export interface DeadlineMissedData {
  caseId: string;
  deadlineId: string;
  /** The state that carried the deadline. */
  state: string;
  dueAt: string;
  /** Rule id that set the deadline. */
  rule: string;
  source: string;
}

/** The rungs of the escalation ladder after a missed deadline, in the order they are climbed. */
export type EscalationRung = 'reminder' | 'supervision' | 'listed_supervision' | 'summons' | 'public_notice';

/** A rung of the escalation ladder, appended by a service's scheduler once per deadline and rung. */
export interface EscalationRaisedData {
  caseId: string;
  /** The missed deadline that is escalated. */
  deadlineId: string;
  rung: EscalationRung;
  /** The instant the rung fell due. */
  raisedAt: string;
  /** The division the case is in. */
  divisionCode: string;
  /** The division the rung is reported to: the superior of `divisionCode`. */
  escalatedToDivisionCode: string;
  /** Rule id that sets when the rung comes, and its source. */
  rule: string;
  source: string;
  /** A public notice only: the agencies that issue it and those it is addressed to (rule set). */
  issuedBy?: string[];
  notified?: string[];
}

export interface ClueEventData {
  ClueReported: {
    caseId: string;
    source: ClueSource;
    externalRef?: string;
    divisionCode: string;
    landClass: LandClass;
    parcel: unknown;
    areaMu: number;
    observedAt: string;
    evidence: Evidence[];
    description?: string;
  };
  ClueDispatched: { caseId: string; fromDivisionCode: string; toDivisionCode: string; dispatchedAt: string };
  ClueVerified: {
    caseId: string;
    verdict: Verdict;
    divisionCode: string;
    areaMu: number;
    landClass: LandClass;
    ongoing: boolean;
    party?: Party;
    approvalRef?: string;
    /** Historical verdict: the China date (`YYYY-MM-DD`) the occupation began, which sets its time node. */
    occupiedSince?: string;
    source: ClueSource;
    observedAt: string;
    verifiedAt: string;
  };
  /** A historical clue taken into a batch (appended by the service when the batch opens). */
  HistoricalBatched: {
    caseId: string;
    batchId: string;
    disposition: HistoricalDisposition;
    dueBy: string;
    divisionCode: string;
    landClass: LandClass;
    areaMu: number;
    batchedAt: string;
  };
  /** The batch's disposition carried out for this clue. */
  HistoricalSettled: {
    caseId: string;
    batchId: string;
    disposition: HistoricalDisposition;
    note: string;
    documentRef?: string;
    settledAt: string;
  };
  DeadlineMissed: DeadlineMissedData;
  EscalationRaised: EscalationRaisedData;
}

/**
 * A batch of historical cases (分期分批整治, seed 004 §(六)2). Its stream's `caseId` is the batch id:
 * a batch is its own aggregate, and every event names the aggregate it belongs to.
 */
export interface HistoricalBatchEventData {
  HistoricalBatchOpened: {
    caseId: string;
    batchId: string;
    divisionCode: string;
    /** The time-node class the batch was drawn from, when it was chosen that way. */
    timeNode?: string;
    /** The clues (their case ids) the batch handles. */
    clueIds: string[];
    disposition: HistoricalDisposition;
    dueBy: string;
    openedAt: string;
  };
  HistoricalBatchClueSettled: { caseId: string; batchId: string; clueId: string; settledAt: string };
  /** A clue another batch took first (the two opened at once): this batch no longer waits for it. */
  HistoricalBatchClueWithdrawn: {
    caseId: string;
    batchId: string;
    clueId: string;
    reason: string;
    withdrawnAt: string;
  };
  HistoricalBatchCompleted: { caseId: string; batchId: string; completedAt: string };
  DeadlineMissed: DeadlineMissedData;
  EscalationRaised: EscalationRaisedData;
}

export interface EnforcementCaseEventData {
  CaseOpened: {
    caseId: string;
    divisionCode: string;
    landClass: LandClass;
    areaMu: number;
    party: Party;
    ongoing: boolean;
    clueSource: ClueSource;
    discoveredAt: string;
    ruleSetVersion: string;
  };
  StopOrderServed: { caseId: string; servedAt: string; documentRef: string };
  StopConfirmed: { caseId: string; stopped: boolean; observedAt: string };
  CaseFiled: {
    caseId: string;
    filingNo: string;
    filedAt: string;
    divisionCode: string;
    landClass: LandClass;
    areaMu: number;
    party: Party;
    /** When a continuing violation ended (Administrative Penalty Law art. 36); absent while it goes on. */
    violationEndedAt?: string;
  };
  PenaltyNoticeServed: { caseId: string; measures: PenaltyMeasure[]; noticeRef: string };
  HearingRecorded: { caseId: string; requested: boolean; heldAt?: string };
  PenaltyDecided: {
    caseId: string;
    measures: PenaltyMeasure[];
    fineYuan?: number;
    complyBy: string;
    decisionRef: string;
    /**
     * When the decision was served on the party: the periods to ask for reconsideration or to sue
     * run from it. Absent from decisions recorded before it was kept.
     */
    servedAt?: string;
    divisionCode: string;
    landClass: LandClass;
    areaMu: number;
  } & Partial<DecisionContents>;
  /** The leadership's collective review of a major case (重大案件会审); the state stays. */
  CollectiveReviewHeld: {
    caseId: string;
    members: string[];
    conclusion: ReviewConclusion;
    heldAt: string;
  };
  /** The legal review before the decision (法制审核, Administrative Penalty Law art. 58); the state stays. */
  LegalReviewCompleted: {
    caseId: string;
    reviewer: string;
    conclusion: ReviewConclusion;
    opinion: string;
    completedAt: string;
  };
  /**
   * The party asked for administrative reconsideration (行政复议) of the decision, as the bureau
   * learnt of it; an application to the court waits for its outcome.
   */
  ReconsiderationApplied: { caseId: string; appliedAt: string; authority: string };
  /** The reconsideration authority decided: `upheld` false when it annulled or changed the decision. */
  ReconsiderationDecided: { caseId: string; decidedAt: string; upheld: boolean; decisionRef: string };
  /** The party sued (行政诉讼) against the decision; an application to the court waits for the judgment. */
  LawsuitFiled: { caseId: string; filedAt: string; court: string };
  /** The court judged the lawsuit: `upheld` false when it annulled or changed the decision. */
  LawsuitDecided: { caseId: string; decidedAt: string; upheld: boolean; judgmentRef: string };
  ComplianceRecorded: { caseId: string; complied: boolean; observedAt: string };
  CourtApplicationFiled: { caseId: string; reminderServedAt: string; appliedAt: string };
  CourtRuled: { caseId: string; granted: boolean; rulingRef: string };
  /** The bureau asked the court at the next level to reconsider a refusal (Administrative Compulsion Law art. 58). */
  CourtRulingAppealed: { caseId: string; appealedAt: string; courtRef?: string };
  RestorationConfirmed: { caseId: string; acceptedAt: string };
  CaseClosed: { caseId: string; summary: string; closedAt: string };
  /** An official or insider tried to interfere with the case (seed 003 §四); the state stays. */
  InterferenceRecorded: {
    caseId: string;
    /** 1 for the case's first record, then 2, ...: names the referral it calls for. */
    interferenceNo: number;
    interferer: Official;
    conduct: string;
    occurredAt: string;
    evidence: Evidence[];
    recordedBy: Agency;
    recordedAt: string;
    divisionCode: string;
  };
  /** The head extended the decision period (Administrative Penalty Law art. 60); the state stays. */
  DecisionPeriodExtended: {
    caseId: string;
    /** The new due instant of the decision: later than the one it replaces. */
    extendedUntil: string;
    reason: string;
    /** The head's actor id. */
    approvedBy: string;
    approvedAt: string;
  };
  /** The government notified utilities and agencies to refuse service to the site (seed 002). */
  /**
   * The party stated a defence against the intended penalty (Administrative Penalty Law art. 45);
   * the state stays: the bureau must hear it and may not raise the penalty for it.
   */
  DefenceStated: {
    caseId: string;
    /** A summary of what the party stated. */
    statement: string;
    receivedAt: string;
    /** The written defence, or the record of an oral one. */
    documentRef?: string;
  };
  ServiceRefusalNoticesSent: {
    caseId: string;
    recipients: { name: string; service: RefusedService }[];
    documentRef: string;
    sentAt: string;
  };
  /** An approval behind the occupation was found illegal (法释〔2000〕14号 art. 4); the state stays. */
  IllegalApprovalRecorded: {
    caseId: string;
    approvalNo: number;
    approvalRef: string;
    approvingAuthority: string;
    approvingOfficial?: Official;
    areaMu: number;
    landClass: LandClass;
    finding?: string;
    recordedAt: string;
    divisionCode: string;
  };
  DeadlineMissed: DeadlineMissedData;
  EscalationRaised: EscalationRaisedData;
}

export interface ReferralEventData {
  ReferralDrafted: {
    caseId: string;
    referralId: string;
    from: Agency;
    to: ReferralTarget;
    divisionCode: string;
    reason: string;
    documents: DocumentRef[];
    ruleId?: string;
    ruleSetVersion?: string;
    accumulated?: ReferralAccumulation;
  };
  ReferralApprovalDecided: { caseId: string; referralId: string; approved: boolean; note: string };
  /** A document kept in the document store by its SHA-256, attached by the sender before dispatch. */
  ReferralDocumentAttached: {
    caseId: string;
    referralId: string;
    name: string;
    kind: ReferralDocumentKind;
    mediaType: string;
    size: number;
    sha256: string;
    attachedAt: string;
  };
  ReferralDispatched: { caseId: string; referralId: string; dispatchedAt: string };
  /** `documents`: the SHA-256 of each document signed for (absent on receipts that named none). */
  ReferralReceived: {
    caseId: string;
    referralId: string;
    receivedAt: string;
    documents?: string[];
    receivedBy?: string;
  };
  /** The receiver asks for supplementary material: its decision period stands still meanwhile. */
  SupplementRequested: { caseId: string; referralId: string; what: string; requestedAt: string };
  /** The sender supplies it, naming the documents (attached to the referral) by SHA-256. */
  SupplementProvided: {
    caseId: string;
    referralId: string;
    documents: string[];
    note?: string;
    providedAt: string;
  };
  ReferralDecided: {
    caseId: string;
    referralId: string;
    accepted: boolean;
    reason: string;
    filingNo?: string;
  };
  ReconsiderationRequested: { caseId: string; referralId: string; reason: string };
  FeedbackGiven: { caseId: string; referralId: string; outcome: string; documents: DocumentRef[] };
  ReferralReturned: { caseId: string; referralId: string; reason: string; returnedAt: string };
  /** `referralId` names the referral (a case has several); events recorded before it had none. */
  DeadlineMissed: DeadlineMissedData & { referralId?: string };
  EscalationRaised: EscalationRaisedData & { referralId?: string };
}

/**
 * How a referral drafted by rule came to add up occupations (法释〔2000〕14号 art. 9): the sum, the
 * earlier cases in it and the bureau's confirmations it rests on where the parties are the same by
 * name only. Absent on referrals that add nothing up, and on those drafted before it was recorded.
 */
export interface ReferralAccumulation {
  /** This case's area and the earlier ones added to it. */
  areaMu: number;
  /** The earlier cases added, oldest first, each with its area and when it was filed. */
  priorCases: { caseId: string; areaMu: number; filedAt: string }[];
  /** The rule that adds them up, and its source. */
  ruleId: string;
  source: string;
  /** The bureau's confirmations that the parties are the same; [] where their identifiers show it. */
  confirmations: SamePartyConfirmation[];
}

/** A bureau officer's confirmation that the parties of two cases, named alike, are one party. */
export interface SamePartyConfirmation {
  matchId: string;
  caseIds: string[];
  /** The officer, as `<agency>:<user>`. */
  confirmedBy: string;
  confirmedAt: string;
}

/** The agencies a procuratorial recommendation is addressed to. */
export type RecommendationAddressee = 'nrb' | 'gov' | 'agri';

export interface RecommendationEventData {
  RecommendationIssued: {
    caseId: string;
    recommendationId: string;
    from: Agency;
    to: RecommendationAddressee;
    divisionCode: string;
    content: string;
    /** The harm is growing: the reply is due within 15 days instead of 2 months. */
    harmGrowing: boolean;
    documents: DocumentRef[];
    /** When the recommendation was served on the addressee: the reply period counts from it. */
    issuedAt: string;
  };
  RecommendationReplied: {
    caseId: string;
    recommendationId: string;
    measures: string;
    documents: DocumentRef[];
    repliedAt: string;
  };
  DeadlineMissed: DeadlineMissedData & { recommendationId?: string };
  EscalationRaised: EscalationRaisedData & { recommendationId?: string };
}

/** A case as a party match names it: enough to tell the two cases and their parties apart. */
export interface MatchedCase {
  caseId: string;
  divisionCode: string;
  filingNo: string;
  filedAt: string;
  landClass: LandClass;
  areaMu: number;
  party: Party;
}

/**
 * A possible same party (疑似同一当事人): two cases whose parties carry the same kind and name in
 * one county within the accumulation window, without identifiers that settle it. Its own aggregate
 * in the referral service; `caseId` is the later of the two cases (the one whose filing raised it).
 */
export interface PartyMatchEventData {
  PartyMatchSuspected: {
    caseId: string;
    matchId: string;
    /** The two cases, the earlier filed first. */
    cases: MatchedCase[];
    /** The party's kind and name as compared (normalised), and the county both cases are in. */
    kind: Party['kind'];
    name: string;
    countyCode: string;
    ruleId: string;
    source: string;
    ruleSetVersion: string;
    raisedAt: string;
  };
  /** A bureau officer holds the two parties to be one: their occupations add up. */
  PartyMatchConfirmed: {
    caseId: string;
    matchId: string;
    caseIds: string[];
    /** What the officer relied on (a household register check, the party's own statement, ...). */
    basis: string;
    confirmedBy: string;
    confirmedAt: string;
  };
  /** A bureau officer holds them to be two parties: never asked again for this pair. */
  PartyMatchRejected: {
    caseId: string;
    matchId: string;
    caseIds: string[];
    reason: string;
    rejectedBy: string;
    rejectedAt: string;
  };
}

export interface RemediationEventData {
  RemediationOpened: {
    caseId: string;
    divisionCode: string;
    landClass: LandClass;
    areaMu: number;
    measures: PenaltyMeasure[];
    dueBy: string;
  };
  ProgressRecorded: { caseId: string; step: RemediationStep; observedAt: string; evidence: Evidence[] };
  AcceptanceRecorded: { caseId: string; agency: Agency; passed: boolean; note: string };
  RemediationAccepted: { caseId: string; acceptedAt: string };
  QuotaDeducted: {
    caseId: string;
    divisionCode: string;
    areaMu: number;
    landClass: LandClass;
    deductedAt: string;
    year: number;
  };
  PbfRedesignationRequired: { caseId: string; divisionCode: string; areaMu: number; dueBy: string };
  PbfRedesignated: { caseId: string; parcelRef: string; redesignatedAt: string };
  DeadlineMissed: DeadlineMissedData;
  EscalationRaised: EscalationRaisedData;
}

/** `{ type, data }` for each entry of a payload map. */
export type EventOf<M> = { [K in keyof M & string]: { type: K; data: M[K] } }[keyof M & string];

export type ClueMachineEvent = EventOf<ClueEventData>;
export type HistoricalBatchMachineEvent = EventOf<HistoricalBatchEventData>;
export type EnforcementCaseMachineEvent = EventOf<EnforcementCaseEventData>;
export type ReferralMachineEvent = EventOf<ReferralEventData>;
export type RecommendationMachineEvent = EventOf<RecommendationEventData>;
export type PartyMatchMachineEvent = EventOf<PartyMatchEventData>;
export type RemediationMachineEvent = EventOf<RemediationEventData>;

/** What a stored event looks like before the machine has checked it. */
export interface DomainEventLike {
  type: string;
  data?: unknown;
}
