import type {
  ClueEventData,
  DeadlineMissedData,
  EnforcementCaseEventData,
  EscalationRaisedData,
  HistoricalBatchEventData,
  MatchedCase,
  PartyMatchEventData,
  RecommendationEventData,
  ReferralEventData,
  RemediationEventData,
} from './events.ts';

// Event builders for the specifications: valid defaults, overridden per test.

const CASE_ID = 'LC-141181-20260301-0a1b2c3d';
const REFERRAL_ID = `${CASE_ID}.psb`;

function builder<Data>() {
  return <K extends keyof Data & string>(type: K, defaults: Data[K]) =>
    (overrides: Partial<Data[K]> = {}) => ({ type, data: { ...defaults, ...overrides } });
}

const missed = (defaults: Omit<DeadlineMissedData, 'caseId'>) => ({ caseId: CASE_ID, ...defaults });
const party = { name: '张三', kind: 'person' as const };
/** The first rung for `deadlineId`; tests override rung and raisedAt. */
const rung = (deadlineId: string, rule: string): EscalationRaisedData => ({
  caseId: CASE_ID,
  deadlineId,
  rung: 'reminder',
  raisedAt: '2026-07-01T00:00:00+08:00',
  divisionCode: '141181',
  escalatedToDivisionCode: '141100',
  rule,
  source: 'seed 000 §(四)',
});

const clue = builder<ClueEventData>();
export const clueEvents = {
  reported: clue('ClueReported', {
    caseId: CASE_ID,
    source: 'satellite',
    divisionCode: '140000',
    landClass: 'pbf',
    parcel: {
      type: 'Polygon',
      coordinates: [
        [
          [111.5, 37.5],
          [111.51, 37.5],
          [111.51, 37.51],
          [111.5, 37.5],
        ],
      ],
    },
    areaMu: 6.2,
    observedAt: '2026-03-01T08:00:00+08:00',
    evidence: [],
  }),
  dispatched: clue('ClueDispatched', {
    caseId: CASE_ID,
    fromDivisionCode: '140000',
    toDivisionCode: '141100',
    dispatchedAt: '2026-03-02T09:00:00+08:00',
  }),
  verified: clue('ClueVerified', {
    caseId: CASE_ID,
    verdict: 'illegal',
    divisionCode: '141181',
    areaMu: 6.5,
    landClass: 'pbf',
    ongoing: true,
    party,
    source: 'satellite',
    observedAt: '2026-03-01T08:00:00+08:00',
    verifiedAt: '2026-03-10T10:00:00+08:00',
  }),
  deadlineMissed: clue(
    'DeadlineMissed',
    missed({
      deadlineId: 'clue-verify',
      state: 'reported',
      dueAt: '2026-03-31T08:00:00+08:00',
      rule: 'deadline.clue.verify',
      source: 'seed 000 §(四)',
    }),
  ),
  escalated: clue('EscalationRaised', rung('clue-verify', 'escalation.reminder')),
  historicalBatched: clue('HistoricalBatched', {
    caseId: CASE_ID,
    batchId: 'HB-141181-0001',
    disposition: 'regularise',
    dueBy: '2026-12-31T23:59:59+08:00',
    divisionCode: '141181',
    landClass: 'farmland',
    areaMu: 3.2,
    batchedAt: '2026-04-01T10:00:00+08:00',
  }),
  historicalSettled: clue('HistoricalSettled', {
    caseId: CASE_ID,
    batchId: 'HB-141181-0001',
    disposition: 'regularise',
    note: 'formalities completed',
    documentRef: '晋政地〔2026〕31号',
    settledAt: '2026-09-01T10:00:00+08:00',
  }),
};

const batch = builder<HistoricalBatchEventData>();
const BATCH_ID = 'HB-141181-0001';
export const historicalBatchEvents = {
  opened: batch('HistoricalBatchOpened', {
    caseId: BATCH_ID,
    batchId: BATCH_ID,
    divisionCode: '141181',
    timeNode: 'before-1987-01-01',
    clueIds: ['LC-141181-20260301-00000001', 'LC-141181-20260301-00000002'],
    disposition: 'regularise',
    dueBy: '2026-12-31T23:59:59+08:00',
    openedAt: '2026-04-01T10:00:00+08:00',
  }),
  clueSettled: batch('HistoricalBatchClueSettled', {
    caseId: BATCH_ID,
    batchId: BATCH_ID,
    clueId: 'LC-141181-20260301-00000001',
    settledAt: '2026-09-01T10:00:00+08:00',
  }),
  withdrawn: batch('HistoricalBatchClueWithdrawn', {
    caseId: BATCH_ID,
    batchId: BATCH_ID,
    clueId: 'LC-141181-20260301-00000002',
    reason: 'taken by batch HB-141181-0000',
    withdrawnAt: '2026-04-01T10:00:01+08:00',
  }),
  completed: batch('HistoricalBatchCompleted', {
    caseId: BATCH_ID,
    batchId: BATCH_ID,
    completedAt: '2026-09-02T10:00:00+08:00',
  }),
  deadlineMissed: batch('DeadlineMissed', {
    caseId: BATCH_ID,
    deadlineId: 'deadline.historical.batch@0',
    state: 'open',
    dueAt: '2026-12-31T23:59:59+08:00',
    rule: 'deadline.historical.batch',
    source: 'seed 004 §(六)2',
  }),
  escalated: batch('EscalationRaised', {
    ...rung('deadline.historical.batch@0', 'escalation.reminder'),
    caseId: BATCH_ID,
  }),
};

const enf = builder<EnforcementCaseEventData>();
export const caseEvents = {
  opened: enf('CaseOpened', {
    caseId: CASE_ID,
    divisionCode: '141181',
    landClass: 'pbf',
    areaMu: 6.5,
    party,
    ongoing: true,
    clueSource: 'satellite',
    discoveredAt: '2026-03-10T10:00:00+08:00',
    ruleSetVersion: '2026.1',
  }),
  stopOrderServed: enf('StopOrderServed', {
    caseId: CASE_ID,
    servedAt: '2026-03-10T15:00:00+08:00',
    documentRef: '责停〔2026〕12号',
  }),
  stopConfirmed: enf('StopConfirmed', {
    caseId: CASE_ID,
    stopped: true,
    observedAt: '2026-03-11T09:00:00+08:00',
  }),
  filed: enf('CaseFiled', {
    caseId: CASE_ID,
    filingNo: '立〔2026〕34号',
    filedAt: '2026-03-16T09:00:00+08:00',
    divisionCode: '141181',
    landClass: 'pbf',
    areaMu: 6.5,
    party,
  }),
  noticeServed: enf('PenaltyNoticeServed', {
    caseId: CASE_ID,
    measures: ['demolish', 'restore', 'fine'],
    noticeRef: '告〔2026〕5号',
  }),
  hearing: enf('HearingRecorded', { caseId: CASE_ID, requested: false }),
  decided: enf('PenaltyDecided', {
    caseId: CASE_ID,
    measures: ['demolish', 'restore', 'fine'],
    fineYuan: 65_000,
    complyBy: '2026-06-30T00:00:00+08:00',
    decisionRef: '罚〔2026〕7号',
    servedAt: '2026-03-25T10:00:00+08:00',
    divisionCode: '141181',
    landClass: 'pbf',
    areaMu: 6.5,
  }),
  compliance: enf('ComplianceRecorded', {
    caseId: CASE_ID,
    complied: true,
    observedAt: '2026-06-30T10:00:00+08:00',
  }),
  reconsiderationApplied: enf('ReconsiderationApplied', {
    caseId: CASE_ID,
    appliedAt: '2026-04-01T10:00:00+08:00',
    authority: '阳城县人民政府',
  }),
  reconsiderationDecided: enf('ReconsiderationDecided', {
    caseId: CASE_ID,
    decidedAt: '2026-05-30T10:00:00+08:00',
    upheld: true,
    decisionRef: '阳政复决〔2026〕3号',
  }),
  lawsuitFiled: enf('LawsuitFiled', {
    caseId: CASE_ID,
    filedAt: '2026-04-05T10:00:00+08:00',
    court: '阳城县人民法院',
  }),
  lawsuitDecided: enf('LawsuitDecided', {
    caseId: CASE_ID,
    decidedAt: '2026-06-20T10:00:00+08:00',
    upheld: true,
    judgmentRef: '(2026)晋1181行初5号',
  }),
  courtApplied: enf('CourtApplicationFiled', {
    caseId: CASE_ID,
    reminderServedAt: '2026-07-20T10:00:00+08:00',
    appliedAt: '2026-08-05T10:00:00+08:00',
  }),
  courtRuled: enf('CourtRuled', { caseId: CASE_ID, granted: true, rulingRef: '(2026)晋1181行审12号' }),
  courtAppealed: enf('CourtRulingAppealed', {
    caseId: CASE_ID,
    appealedAt: '2026-08-25T10:00:00+08:00',
    courtRef: '(2026)晋11行审复3号',
  }),
  restored: enf('RestorationConfirmed', { caseId: CASE_ID, acceptedAt: '2026-10-01T10:00:00+08:00' }),
  closed: enf('CaseClosed', {
    caseId: CASE_ID,
    summary: 'demolished and re-cultivated',
    closedAt: '2026-10-08T10:00:00+08:00',
  }),
  deadlineMissed: enf(
    'DeadlineMissed',
    missed({
      deadlineId: 'case-decide',
      state: 'investigation',
      dueAt: '2026-06-14T09:00:00+08:00',
      rule: 'deadline.case.decide',
      source: 'Administrative Penalty Law art. 60',
    }),
  ),
  escalated: enf('EscalationRaised', rung('case-decide', 'escalation.reminder')),
  interference: enf('InterferenceRecorded', {
    caseId: CASE_ID,
    interferenceNo: 1,
    interferer: { name: '李四', position: 'deputy township head', organization: '某镇人民政府' },
    conduct: 'asked the officer to drop the filing',
    occurredAt: '2026-03-12T10:00:00+08:00',
    evidence: [],
    recordedBy: 'nrb',
    recordedAt: '2026-03-12T15:00:00+08:00',
    divisionCode: '141181',
  }),
  decisionExtended: enf('DecisionPeriodExtended', {
    caseId: CASE_ID,
    extendedUntil: '2026-07-31T18:00:00+08:00',
    reason: 'appraisal of the buildings not yet returned',
    approvedBy: 'nrb:nrb-head',
    approvedAt: '2026-05-20T10:00:00+08:00',
  }),
  defenceStated: enf('DefenceStated', {
    caseId: CASE_ID,
    statement: 'the shed is temporary and was built for the harvest',
    receivedAt: '2026-03-24T10:00:00+08:00',
    documentRef: '申辩书〔2026〕1号',
  }),
  collectiveReviewed: enf('CollectiveReviewHeld', {
    caseId: CASE_ID,
    members: ['张伟（局长）', '王芳（副局长）', '赵磊（副局长）'],
    conclusion: 'approved',
    heldAt: '2026-03-23T10:00:00+08:00',
  }),
  legalReviewed: enf('LegalReviewCompleted', {
    caseId: CASE_ID,
    reviewer: '李明（法规科）',
    conclusion: 'approved',
    opinion: '事实清楚，证据确凿，适用依据正确',
    completedAt: '2026-03-20T10:00:00+08:00',
  }),
  serviceRefusal: enf('ServiceRefusalNoticesSent', {
    caseId: CASE_ID,
    recipients: [{ name: '国网汾阳市供电公司', service: 'power' }],
    documentRef: '汾政函〔2026〕9号',
    sentAt: '2026-03-10T10:00:00+08:00',
  }),
  illegalApproval: enf('IllegalApprovalRecorded', {
    caseId: CASE_ID,
    approvalNo: 1,
    approvalRef: '某政地〔2025〕3号',
    approvingAuthority: '某镇人民政府',
    areaMu: 6.5,
    landClass: 'pbf',
    recordedAt: '2026-03-20T10:00:00+08:00',
    divisionCode: '141181',
  }),
};

const ref = builder<ReferralEventData>();
const referral = { caseId: CASE_ID, referralId: REFERRAL_ID };
export const referralEvents = {
  drafted: ref('ReferralDrafted', {
    ...referral,
    from: 'nrb',
    to: 'psb',
    divisionCode: '141181',
    reason: 'pbf occupied: 6.5 mu ≥ 5 mu',
    documents: [{ kind: 'letter', ref: '移〔2026〕3号' }],
    ruleId: 'referral.psb.pbf',
    ruleSetVersion: '2026.1',
  }),
  approvalDecided: ref('ReferralApprovalDecided', { ...referral, approved: true, note: '同意移送' }),
  documentAttached: ref('ReferralDocumentAttached', {
    ...referral,
    name: '涉嫌犯罪案件移送书.pdf',
    kind: 'referral-letter',
    mediaType: 'application/pdf',
    size: 20_480,
    sha256: 'd'.repeat(64),
    attachedAt: '2026-03-18T09:00:00+08:00',
  }),
  dispatched: ref('ReferralDispatched', { ...referral, dispatchedAt: '2026-03-18T10:00:00+08:00' }),
  received: ref('ReferralReceived', { ...referral, receivedAt: '2026-03-18T15:00:00+08:00' }),
  decided: ref('ReferralDecided', {
    ...referral,
    accepted: true,
    reason: '符合立案标准',
    filingNo: '公立〔2026〕88号',
  }),
  supplementRequested: ref('SupplementRequested', {
    ...referral,
    what: '补充勘测定界图',
    requestedAt: '2026-03-19T10:00:00+08:00',
  }),
  supplementProvided: ref('SupplementProvided', {
    ...referral,
    documents: ['d'.repeat(64)],
    providedAt: '2026-03-20T10:00:00+08:00',
  }),
  reconsideration: ref('ReconsiderationRequested', { ...referral, reason: 'area re-measured at 6.5 mu' }),
  feedback: ref('FeedbackGiven', { ...referral, outcome: 'prosecuted', documents: [] }),
  returned: ref('ReferralReturned', {
    ...referral,
    reason: '不构成犯罪，仅需行政处罚',
    returnedAt: '2026-03-20T10:00:00+08:00',
  }),
  deadlineMissed: ref(
    'DeadlineMissed',
    missed({
      deadlineId: 'referral-approve',
      state: 'drafted',
      dueAt: '2026-03-20T10:00:00+08:00',
      rule: 'deadline.referral.approve',
      source: 'State Council Order 310 (rev. 2020) art. 5',
    }),
  ),
  escalated: ref('EscalationRaised', rung('referral-approve', 'escalation.reminder')),
};

const rec = builder<RecommendationEventData>();
const recommendation = { caseId: CASE_ID, recommendationId: `${CASE_ID}.proc-1` };
export const recommendationEvents = {
  issued: rec('RecommendationIssued', {
    ...recommendation,
    from: 'proc',
    to: 'nrb',
    divisionCode: '141181',
    content: '依法拆除违法建筑、恢复耕地种植条件',
    harmGrowing: false,
    documents: [{ kind: 'procuratorial-recommendation', ref: '汾检行公建〔2026〕5号' }],
    issuedAt: '2026-04-01T10:00:00+08:00',
  }),
  replied: rec('RecommendationReplied', {
    ...recommendation,
    measures: '已下达限期拆除决定，组织复垦',
    documents: [{ kind: 'reply', ref: '汾自然资函〔2026〕41号' }],
    repliedAt: '2026-05-20T10:00:00+08:00',
  }),
  deadlineMissed: rec('DeadlineMissed', {
    ...missed({
      deadlineId: 'deadline.recommendation.reply@0',
      state: 'awaitingReply',
      dueAt: '2026-06-01T23:59:59.999+08:00',
      rule: 'deadline.recommendation.reply',
      source: '最高人民检察院《人民检察院检察建议工作规定》(2019) art. 18; 法释〔2018〕6号 art. 21',
    }),
    recommendationId: recommendation.recommendationId,
  }),
  escalated: rec('EscalationRaised', {
    ...rung('deadline.recommendation.reply@0', 'escalation.reminder'),
    recommendationId: recommendation.recommendationId,
  }),
};

const rem = builder<RemediationEventData>();
export const remediationEvents = {
  opened: rem('RemediationOpened', {
    caseId: CASE_ID,
    divisionCode: '141181',
    landClass: 'pbf',
    areaMu: 6.5,
    measures: ['demolish', 'restore'],
    dueBy: '2026-12-31T00:00:00+08:00',
  }),
  progress: rem('ProgressRecorded', {
    caseId: CASE_ID,
    step: 'demolished',
    observedAt: '2026-07-01T10:00:00+08:00',
    evidence: [],
  }),
  acceptance: rem('AcceptanceRecorded', { caseId: CASE_ID, agency: 'nrb', passed: true, note: '' }),
  accepted: rem('RemediationAccepted', { caseId: CASE_ID, acceptedAt: '2026-09-30T10:00:00+08:00' }),
  quotaDeducted: rem('QuotaDeducted', {
    caseId: CASE_ID,
    divisionCode: '141181',
    areaMu: 6.5,
    landClass: 'pbf',
    deductedAt: '2027-01-05T10:00:00+08:00',
    year: 2026,
  }),
  pbfRedesignationRequired: rem('PbfRedesignationRequired', {
    caseId: CASE_ID,
    divisionCode: '141181',
    areaMu: 6.5,
    dueBy: '2027-04-05T10:00:00+08:00',
  }),
  pbfRedesignated: rem('PbfRedesignated', {
    caseId: CASE_ID,
    parcelRef: 'PBF-141181-2027-001',
    redesignatedAt: '2027-03-01T10:00:00+08:00',
  }),
  deadlineMissed: rem(
    'DeadlineMissed',
    missed({
      deadlineId: 'remediation-due',
      state: 'opened',
      dueAt: '2026-12-31T00:00:00+08:00',
      rule: 'deadline.remediation.due',
      source: 'Land Management Law art. 77',
    }),
  ),
  escalated: rem('EscalationRaised', rung('remediation-due', 'escalation.reminder')),
};

const EARLIER_CASE = 'LC-141181-20260201-9f8e7d6c';
const matchedCase = (caseId: string, filedAt: string): MatchedCase => ({
  caseId,
  divisionCode: '141181',
  filingNo: `FY-LA-${caseId.slice(-4)}`,
  filedAt,
  landClass: 'farmland',
  areaMu: 6,
  party,
});
const match = { caseId: CASE_ID, matchId: `${EARLIER_CASE}~${CASE_ID}` };
const pm = builder<PartyMatchEventData>();
export const partyMatchEvents = {
  suspected: pm('PartyMatchSuspected', {
    ...match,
    cases: [
      matchedCase(EARLIER_CASE, '2026-02-06T10:00:00+08:00'),
      matchedCase(CASE_ID, '2026-03-06T10:00:00+08:00'),
    ],
    kind: 'person',
    name: '张三',
    countyCode: '141181',
    ruleId: 'party.match.county',
    source: '法释〔2000〕14号 art. 9',
    ruleSetVersion: '2026.1',
    raisedAt: '2026-03-06T10:00:01+08:00',
  }),
  confirmed: pm('PartyMatchConfirmed', {
    ...match,
    caseIds: [EARLIER_CASE, CASE_ID],
    basis: '户籍核查：同一身份证号码',
    confirmedBy: 'nrb:officer-1',
    confirmedAt: '2026-03-09T10:00:00+08:00',
  }),
  rejected: pm('PartyMatchRejected', {
    ...match,
    caseIds: [EARLIER_CASE, CASE_ID],
    reason: '两人住址、年龄均不同',
    rejectedBy: 'nrb:officer-1',
    rejectedAt: '2026-03-09T10:00:00+08:00',
  }),
};
