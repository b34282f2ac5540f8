import { type EnforcementEvent, type EnforcementEventData, streamName } from '@landcase/contracts';

// The enforcement case as the API shows it. The state comes from the lifecycle machine; the
// fields are folded here from the event data, so the view does not depend on the machine's context.

export const caseStreamId = (caseId: string): string => streamName('enforcement', 'case', caseId);

type Data<K extends keyof EnforcementEventData> = Omit<EnforcementEventData[K], 'caseId'>;

export interface CaseFields extends Data<'CaseOpened'> {
  stopOrder?: Data<'StopOrderServed'>;
  stopConfirmations: Data<'StopConfirmed'>[];
  filing?: Pick<Data<'CaseFiled'>, 'filingNo' | 'filedAt' | 'violationEndedAt'>;
  penaltyNotice?: Data<'PenaltyNoticeServed'>;
  hearing?: Data<'HearingRecorded'>;
  decision?: Omit<Data<'PenaltyDecided'>, 'divisionCode' | 'landClass' | 'areaMu'>;
  /**
   * The party's reconsideration and lawsuit against the decision, in order, each with its outcome
   * once decided (Administrative Compulsion Law art. 53: the court waits for them).
   */
  remedies: CaseRemedy[];
  compliance: Data<'ComplianceRecorded'>[];
  courtApplications: Data<'CourtApplicationFiled'>[];
  courtRulings: Data<'CourtRuled'>[];
  /** Reconsiderations of a refusal asked of the court at the next level, in order. */
  courtAppeals: Data<'CourtRulingAppealed'>[];
  restoration?: Data<'RestorationConfirmed'>;
  closure?: Data<'CaseClosed'>;
  /** Attempts of officials or insiders to interfere (seed 003 §四), in order. */
  interferences: Data<'InterferenceRecorded'>[];
  /** Approvals behind the occupation found illegal, in order. */
  illegalApprovals: Data<'IllegalApprovalRecorded'>[];
  /** Extensions of the decision period the head approved, in order; the last one is in force. */
  decisionExtensions: Data<'DecisionPeriodExtended'>[];
  /** Notices sent to utilities and agencies to refuse service to the site (seed 002), in order. */
  serviceRefusals: Data<'ServiceRefusalNoticesSent'>[];
  /** The party's statements and defences against the intended penalty, as received, in order. */
  defenceStatements: Data<'DefenceStated'>[];
  /** The leadership's collective reviews (重大案件会审), in order; the last one counts. */
  collectiveReviews: Data<'CollectiveReviewHeld'>[];
  /** The legal reviews before the decision (法制审核), in order; the last one counts. */
  legalReviews: Data<'LegalReviewCompleted'>[];
  deadlinesMissed: Data<'DeadlineMissed'>[];
}

export interface CaseRemedy {
  kind: 'reconsideration' | 'lawsuit';
  /** When it was applied for (reconsideration) or filed (lawsuit). */
  at: string;
  /** The reconsideration authority or the court. */
  before: string;
  outcome?: { decidedAt: string; upheld: boolean; ref: string };
}

const without = <T extends { caseId: string }>({ caseId: _, ...rest }: T): Omit<T, 'caseId'> => rest;

/** One event applied to the case's fields (null before it was opened). */
export function evolveCase(c: CaseFields | null, raw: { type: string; data: unknown }): CaseFields | null {
  const event = raw as EnforcementEvent;
  if (event.type === 'CaseOpened') {
    return {
      ...without(event.data),
      stopConfirmations: [],
      remedies: [],
      compliance: [],
      courtApplications: [],
      courtRulings: [],
      courtAppeals: [],
      interferences: [],
      illegalApprovals: [],
      decisionExtensions: [],
      serviceRefusals: [],
      defenceStatements: [],
      collectiveReviews: [],
      legalReviews: [],
      deadlinesMissed: [],
    };
  }
  if (!c) return null;
  switch (event.type) {
    case 'StopOrderServed':
      return { ...c, stopOrder: without(event.data) };
    case 'StopConfirmed':
      return { ...c, stopConfirmations: [...c.stopConfirmations, without(event.data)] };
    case 'CaseFiled':
      return {
        ...c,
        filing: {
          filingNo: event.data.filingNo,
          filedAt: event.data.filedAt,
          ...(event.data.violationEndedAt === undefined
            ? {}
            : { violationEndedAt: event.data.violationEndedAt }),
        },
      };
    case 'PenaltyNoticeServed':
      return { ...c, penaltyNotice: without(event.data) };
    case 'HearingRecorded':
      return { ...c, hearing: without(event.data) };
    case 'PenaltyDecided': {
      const { caseId: _, divisionCode: _d, landClass: _l, areaMu: _a, servedAt, ...decision } = event.data;
      // A decision recorded before its service was kept counts as served when it was recorded.
      const served = servedAt ?? (raw as { recordedAt?: string }).recordedAt;
      return { ...c, decision: { ...decision, ...(served !== undefined ? { servedAt: served } : {}) } };
    }
    case 'ReconsiderationApplied':
    case 'LawsuitFiled': {
      const remedy: CaseRemedy =
        event.type === 'LawsuitFiled'
          ? { kind: 'lawsuit', at: event.data.filedAt, before: event.data.court }
          : { kind: 'reconsideration', at: event.data.appliedAt, before: event.data.authority };
      return { ...c, remedies: [...(c.remedies ?? []), remedy] };
    }
    case 'ReconsiderationDecided':
    case 'LawsuitDecided': {
      const remedies = c.remedies ?? [];
      const last = remedies.at(-1);
      if (!last) return c;
      const ref = event.type === 'LawsuitDecided' ? event.data.judgmentRef : event.data.decisionRef;
      const outcome = { decidedAt: event.data.decidedAt, upheld: event.data.upheld, ref };
      return { ...c, remedies: [...remedies.slice(0, -1), { ...last, outcome }] };
    }
    case 'ComplianceRecorded':
      return { ...c, compliance: [...c.compliance, without(event.data)] };
    case 'CourtApplicationFiled':
      return { ...c, courtApplications: [...c.courtApplications, without(event.data)] };
    case 'CourtRuled':
      return { ...c, courtRulings: [...c.courtRulings, without(event.data)] };
    case 'RestorationConfirmed':
      return { ...c, restoration: without(event.data) };
    case 'CaseClosed':
      return { ...c, closure: without(event.data) };
    // Views folded before these existed lack the lists.
    case 'InterferenceRecorded':
      return { ...c, interferences: [...(c.interferences ?? []), without(event.data)] };
    case 'IllegalApprovalRecorded':
      return { ...c, illegalApprovals: [...(c.illegalApprovals ?? []), without(event.data)] };
    case 'DecisionPeriodExtended':
      return { ...c, decisionExtensions: [...(c.decisionExtensions ?? []), without(event.data)] };
    case 'ServiceRefusalNoticesSent':
      return { ...c, serviceRefusals: [...(c.serviceRefusals ?? []), without(event.data)] };
    case 'CourtRulingAppealed':
      return { ...c, courtAppeals: [...(c.courtAppeals ?? []), without(event.data)] };
    case 'DefenceStated':
      return { ...c, defenceStatements: [...(c.defenceStatements ?? []), without(event.data)] };
    case 'CollectiveReviewHeld':
      return { ...c, collectiveReviews: [...(c.collectiveReviews ?? []), without(event.data)] };
    case 'LegalReviewCompleted':
      return { ...c, legalReviews: [...(c.legalReviews ?? []), without(event.data)] };
    case 'DeadlineMissed':
      return { ...c, deadlinesMissed: [...c.deadlinesMissed, without(event.data)] };
    default:
      return c;
  }
}

/** Folds the case's events into its fields; null before the case was opened. */
export function caseFields(events: readonly { type: string; data: unknown }[]): CaseFields | null {
  return events.reduce<CaseFields | null>(evolveCase, null);
}
