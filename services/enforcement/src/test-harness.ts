// This service's test fixtures; the embedded HTTP harness itself is the kit's.
import { randomUUID } from 'node:crypto';
import { type CloudEvent, type ServiceName, sourceOf, topicOf, typeOf } from '@landcase/contracts';
import { type Harness, NOW } from '@landcase/service-kit/testing';

export {
  eventually,
  type Harness,
  harness,
  NOW,
  pathsOf,
  type Response,
} from '@landcase/service-kit/testing';

export const caseStream = (caseId: string): string => `enforcement.case-${caseId}`;

export const PARTY = { name: 'Fenyang Brick Works Ltd', kind: 'organization' as const };

/** The data of a ClueVerified that finds the occupation illegal: the clue the happy path opens. */
export const clueVerified = (caseId: string, overrides: Record<string, unknown> = {}) => ({
  caseId,
  verdict: 'illegal',
  divisionCode: '141181',
  areaMu: 6.2,
  landClass: 'pbf',
  ongoing: true,
  party: PARTY,
  source: 'satellite',
  observedAt: '2026-03-02T09:00:00+08:00',
  verifiedAt: '2026-03-04T09:00:00+08:00',
  ...overrides,
});

/** A case's history along the happy path, one event per step; `seedCase` stores a prefix of it. */
export function happyHistory(caseId: string, opened: Record<string, unknown> = {}) {
  return [
    {
      type: 'CaseOpened',
      data: {
        caseId,
        divisionCode: '141181',
        landClass: 'pbf',
        areaMu: 6.2,
        party: PARTY,
        ongoing: true,
        clueSource: 'satellite',
        discoveredAt: '2026-03-02T09:00:00+08:00',
        ruleSetVersion: '2026.1',
        ...opened,
      },
    },
    {
      type: 'StopOrderServed',
      data: { caseId, servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'FY-STOP-017' },
    },
    { type: 'StopConfirmed', data: { caseId, stopped: true, observedAt: '2026-03-04T10:00:00+08:00' } },
    {
      type: 'CaseFiled',
      data: {
        caseId,
        filingNo: 'FY-LA-031',
        filedAt: '2026-03-06T10:00:00+08:00',
        divisionCode: '141181',
        landClass: 'pbf',
        areaMu: 6.2,
        party: PARTY,
      },
    },
    {
      type: 'PenaltyNoticeServed',
      data: { caseId, measures: ['demolish', 'restore'], noticeRef: 'FY-NOTICE-031' },
    },
    { type: 'HearingRecorded', data: { caseId, requested: false } },
    {
      type: 'PenaltyDecided',
      data: {
        caseId,
        measures: ['demolish', 'restore'],
        complyBy: '2026-06-30T18:00:00+08:00',
        decisionRef: 'FY-DECISION-031',
        servedAt: '2026-03-25T10:00:00+08:00',
        divisionCode: '141181',
        landClass: 'pbf',
        areaMu: 6.2,
      },
    },
    { type: 'ComplianceRecorded', data: { caseId, complied: true, observedAt: '2026-05-20T10:00:00+08:00' } },
    { type: 'RestorationConfirmed', data: { caseId, acceptedAt: '2026-06-12T10:00:00+08:00' } },
    { type: 'CaseClosed', data: { caseId, summary: 'restored', closedAt: '2026-06-15T10:00:00+08:00' } },
  ];
}

/** What a penalty decision document states beside its measures (Administrative Penalty Law art. 59). */
export const DECISION_CONTENTS = {
  partyAddress: '汾阳市杨家庄镇 1 号',
  facts: '未经批准占用永久基本农田 6.2 亩建设砖厂',
  evidence: ['现场勘测图', '现场照片 12 张', '询问笔录'],
  legalBasis: ['《中华人民共和国土地管理法》第七十七条'],
  complianceMethod: '自行拆除新建建筑物和其他设施，恢复土地原状；罚款缴入指定银行账户',
  appeal: {
    reconsideration: { authority: '汾阳市人民政府', period: '收到本决定书之日起 60 日内' },
    lawsuit: { court: '汾阳市人民法院', period: '收到本决定书之日起 15 日内' },
  },
  decidingOrgan: '汾阳市自然资源局',
  decidedAt: '2026-03-24T10:00:00+08:00',
};

/** The legal and the collective review a major case holds before its decision, both approving. */
export const reviewsOf = (caseId: string) => [
  {
    type: 'LegalReviewCompleted',
    data: {
      caseId,
      reviewer: 'Li Ming (legal section)',
      conclusion: 'approved',
      opinion: 'facts clear, evidence sufficient, basis correct',
      completedAt: '2026-03-20T10:00:00+08:00',
    },
  },
  {
    type: 'CollectiveReviewHeld',
    data: {
      caseId,
      members: ['Zhang Wei (head)', 'Wang Fang (deputy head)', 'Zhao Lei (deputy head)'],
      conclusion: 'approved',
      heldAt: '2026-03-23T10:00:00+08:00',
    },
  },
];

/** Stores a case's history directly (as earlier commands would have), bypassing the routes. */
export async function seedCase(
  h: Harness,
  caseId: string,
  events: { type: string; data: Record<string, unknown> }[],
): Promise<void> {
  await h.store.append(
    caseStream(caseId),
    events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: e.data,
      metadata: { caseId, actor: 'nrb:seed', division: '141181', correlationId: caseId, causationId: caseId },
    })),
    'no_stream',
  );
}

/** A CloudEvent as another service's relay would publish it. */
export function cloudEvent(
  service: ServiceName,
  type: string,
  caseId: string,
  data: Record<string, unknown>,
): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: sourceOf(service),
    type: typeOf(service, type),
    subject: caseId,
    time: NOW.toISOString(),
    datacontenttype: 'application/json',
    data,
    actor: `nrb:${service}-user`,
    division: '141181',
    correlationid: `corr-${caseId}`,
    causationid: `cause-${caseId}`,
  };
}

export async function publish(h: Harness, event: CloudEvent): Promise<void> {
  const service = event.source.split('/').at(-1) as ServiceName;
  await h.bus.publish(topicOf(service), [{ key: event.subject, event }]);
}
