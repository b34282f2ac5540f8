// What the console reads, typed by the API's own types: the services' fields and documents, the
// list standing, the audit entries and states, the ops report's TypeBox schema. Type imports only:
// nothing of the server reaches the bundle.

import type { AccessLogEntry, AuditBundle, CaseStateAt, ServiceState, TimelineEntry } from '@landcase/audit';
import type { Agency, Role } from '@landcase/contracts';
import type { ClueFields } from '@landcase/detection';
import type { CaseFields } from '@landcase/enforcement';
import type { ListStanding } from '@landcase/lifecycle';
import type { DeadLetter } from '@landcase/messaging';
import type {
  RecommendationDoc,
  RecommendationFields,
  ReferralDoc,
  ReferralFields,
} from '@landcase/referral';
import type { RemediationDoc, RemediationFields } from '@landcase/remediation';
import type { DeadlineRun, Due, ListPage, ListQuery, StreamsReport } from '@landcase/service-kit';
import type { Static } from '@sinclair/typebox';

export type { Agency, AuditBundle, CaseStateAt, DeadlineRun, Due, Role, ServiceState, TimelineEntry };

/**
 * What `replyAggregate` adds to an aggregate's fields on a single read: its next deadline as of the
 * read, and the command routes the reader may issue now (paths as the OpenAPI document spells them).
 */
export interface Read {
  id: string;
  caseId: string;
  state: string;
  revision: number;
  due: Due | null;
  commandsAllowed: string[];
}

export type Clue = Read & ClueFields;
export type EnforcementCase = Read & CaseFields;
/** Documents of the read models, as the list and read routes answer them. */
export type Referral = ReferralDoc;
export type Remediation = RemediationDoc;
/** A referral as its read answers it: with its clock, every deadline it ran. */
export type ReferralRead = Read & ReferralFields & { deadlines: DeadlineRun[] };
export type RecommendationRead = Read & RecommendationFields;
export type { RecommendationDoc };
export type RemediationRead = Read & RemediationFields;

/** One item of a list route: its service's fields, the list standing, its due date. */
export type Listed<F> = F & ListStanding & { caseId: string; state: string; due: Due | null };

export interface Page<F> extends Omit<ListPage, 'items'> {
  items: Listed<F>[];
}

export type ListFilter = Pick<
  ListQuery,
  'state' | 'withinDivision' | 'limit' | 'offset' | 'overdue' | 'dueSoon'
>;

export interface Timeline {
  caseId: string;
  deadlinesMissed: number;
  events: TimelineEntry[];
}

/** `GET /audit/cases/{id}/access-log`: who read the case's audit data, each read once chained with its position. */
export interface AccessLog {
  caseId: string;
  chain: string;
  reads: (AccessLogEntry & { position?: number; hash?: string })[];
}

export interface Verification {
  valid: boolean;
  checked: number;
  firstBadPosition?: number;
  reason?: string;
  treeSize: number;
}

export type Streams = Static<typeof StreamsReport>;

/** A dead letter as `GET /ops/dlq` lists it: the failure and the event's identity, not its data. */
export type DeadLetterSummary = Omit<DeadLetter, 'event' | 'headers' | 'raw' | 'resolution'> & {
  eventId?: string;
  eventType?: string;
  subject?: string;
  resolvedAt?: string;
  resolvedBy?: string;
};

export interface DeadLetters {
  total: number;
  items: DeadLetterSummary[];
}

/** `GET /ops/at-risk`: the open deadlines the streams' lag puts at risk (service-kit's AtRiskReport). */
export interface AtRisk {
  now: string;
  marginSeconds: number;
  lagging: { name: string; service?: string; waitSeconds: number }[];
  total: number;
  items: {
    caseId: string;
    streamId: string;
    service: string;
    deadlineId: string;
    rule: string;
    state: string;
    dueAt: string;
    endangeredBy: string[];
  }[];
}

/** The claims of the token in use, as the token says them (for display: the API decides access). */
export interface Claims {
  sub: string;
  agency: Agency;
  division: string;
  roles: Role[];
  exp?: number;
}
