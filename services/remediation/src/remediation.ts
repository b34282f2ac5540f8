import { type RemediationEvent, type RemediationEventData, streamName } from '@landcase/contracts';
import { JOINT_ACCEPTORS, REMEDIATION_ISSUERS } from '@landcase/lifecycle';
import type { StreamEvent } from '@landcase/service-kit';

// The remediation of a case as the API shows it. The state comes from the lifecycle machine;
// the fields are folded here from the event data.

export const remediationStreamId = (caseId: string): string =>
  streamName('remediation', 'remediation', caseId);

/** The bureau and agriculture jointly accept restored land (seed 002); both must pass. */
export const ACCEPTING_AGENCIES = JOINT_ACCEPTORS;
/** Who records demolition and re-cultivation: the government organises it, the bureau supervises. */
export const PROGRESS_AGENCIES = REMEDIATION_ISSUERS.ProgressRecorded;

type Opened = RemediationEventData['RemediationOpened'];
type Progress = RemediationEventData['ProgressRecorded'];
type Acceptance = RemediationEventData['AcceptanceRecorded'];
type Missed = RemediationEventData['DeadlineMissed'];
type Deduction = RemediationEventData['QuotaDeducted'];
type Redesignation = RemediationEventData['PbfRedesignated'];

export interface AcceptanceEntry extends Omit<Acceptance, 'caseId'> {
  recordedAt: string | null;
}

export type RemediationFields = Omit<Opened, 'caseId'> & {
  openedAt: string | null;
  progress: (Omit<Progress, 'caseId'> & { recordedAt: string | null })[];
  acceptances: AcceptanceEntry[];
  /**
   * Acceptances since the land was last reported re-cultivated: a failed acceptance sends the
   * land back for rework, and the next re-cultivation starts a new round in which each
   * accepting agency speaks once.
   */
  acceptanceRound: AcceptanceEntry[];
  acceptedAt: string | null;
  deadlinesMissed: Omit<Missed, 'caseId'>[];
  /** The reserve quota deducted for land not restored within the year (seed 003 §三). */
  quotaDeduction: Omit<Deduction, 'caseId'> | null;
  /** PBF re-designation owed after the deduction: by when, and once done, where and when. */
  pbfRedesignation: { dueBy: string; redesignated: Omit<Redesignation, 'caseId'> | null } | null;
};

/** Folds a remediation's events into its fields; null before it was opened. */
export function remediationFields(events: readonly StreamEvent[]): RemediationFields | null {
  return events.reduce<RemediationFields | null>(evolveRemediation, null);
}

/** One event applied to the fields (null before it was opened). */
export function evolveRemediation(
  prior: RemediationFields | null,
  raw: StreamEvent,
): RemediationFields | null {
  let f = prior;
  const event = raw as unknown as RemediationEvent;
  const at = raw.recordedAt;
  if (event.type === 'RemediationOpened') {
    const { caseId: _, ...opened } = event.data;
    f = {
      ...opened,
      openedAt: at,
      progress: [],
      acceptances: [],
      acceptanceRound: [],
      acceptedAt: null,
      deadlinesMissed: [],
      quotaDeduction: null,
      pbfRedesignation: null,
    };
    return f;
  }
  if (!f) return f;
  switch (event.type) {
    case 'ProgressRecorded': {
      const { caseId: _, ...progress } = event.data;
      f = {
        ...f,
        progress: [...f.progress, { ...progress, recordedAt: at }],
        acceptanceRound: progress.step === 'recultivated' ? [] : f.acceptanceRound,
      };
      break;
    }
    case 'AcceptanceRecorded': {
      const { caseId: _, ...acceptance } = event.data;
      const entry = { ...acceptance, recordedAt: at };
      f = { ...f, acceptances: [...f.acceptances, entry], acceptanceRound: [...f.acceptanceRound, entry] };
      break;
    }
    case 'RemediationAccepted':
      f = { ...f, acceptedAt: event.data.acceptedAt };
      break;
    case 'QuotaDeducted': {
      const { caseId: _, ...deduction } = event.data;
      f = { ...f, quotaDeduction: deduction };
      break;
    }
    case 'PbfRedesignationRequired':
      f = { ...f, pbfRedesignation: { dueBy: event.data.dueBy, redesignated: null } };
      break;
    case 'PbfRedesignated': {
      const { caseId: _, ...redesignated } = event.data;
      if (f.pbfRedesignation) f = { ...f, pbfRedesignation: { ...f.pbfRedesignation, redesignated } };
      break;
    }
    case 'DeadlineMissed': {
      const { caseId: _, ...missed } = event.data;
      f = { ...f, deadlinesMissed: [...f.deadlinesMissed, missed] };
      break;
    }
  }
  return f;
}
