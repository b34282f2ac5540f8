import { assertEvent, assign, setup } from 'xstate';
import { type DeadlineRecord, deadlineHandling, onDeadlines } from '../deadline-handling.ts';
import { deadline, type StateMeta } from '../deadlines.ts';
import type { Agency, DocumentRef, RecommendationAddressee, RecommendationMachineEvent } from '../events.ts';

/**
 * A procuratorial recommendation (检察建议) sent by the procuratorate to an agency, and the
 * agency's written reply (domain.md, Referral table row `proc`).
 *
 * States (stateString):
 *   none → awaitingReply → replied (final)          reply due within 2 calendar months
 *   none → awaitingUrgentReply → replied (final)    harm growing: reply due within 15 days
 *
 * Events: RecommendationIssued, RecommendationReplied, DeadlineMissed, EscalationRaised.
 *
 * The period runs from `issuedAt`, the instant the recommendation was served on the addressee
 * (the statute counts from receipt, 收到之日起), so there is no separate acknowledgement: a receipt
 * would repeat the service date and could not stop the count. A missed reply is recorded and
 * climbs the escalation ladder while the reply is outstanding; a late reply is still taken (the
 * duty to reply does not lapse), and the missed deadline stays on the record. Every event after
 * the issue must name the same recommendationId; so must DeadlineMissed and EscalationRaised.
 */
export interface RecommendationContext extends DeadlineRecord {
  caseId: string | null;
  recommendationId: string | null;
  from: Agency | null;
  to: RecommendationAddressee | null;
  divisionCode: string | null;
  content: string | null;
  harmGrowing: boolean | null;
  documents: DocumentRef[];
  issuedAt: string | null;
  reply: { measures: string; documents: DocumentRef[]; repliedAt: string } | null;
}

const INITIAL_CONTEXT: RecommendationContext = {
  caseId: null,
  recommendationId: null,
  from: null,
  to: null,
  divisionCode: null,
  content: null,
  harmGrowing: null,
  documents: [],
  issuedAt: null,
  reply: null,
  missedDeadlines: [],
  escalations: [],
};

const replyDeadline = deadline('deadline.recommendation.reply', 'RecommendationIssued', { from: 'issuedAt' });
const urgentReplyDeadline = deadline('deadline.recommendation.reply-urgent', 'RecommendationIssued', {
  from: 'issuedAt',
});

/** The events of this recommendation: a scheduler event may name none, never another one. */
const isThis = (context: RecommendationContext, event: RecommendationMachineEvent): boolean =>
  event.type === 'DeadlineMissed' || event.type === 'EscalationRaised'
    ? event.data.recommendationId === undefined || event.data.recommendationId === context.recommendationId
    : event.data.recommendationId === context.recommendationId;

const reply = { target: 'replied', guard: 'isThisRecommendation', actions: 'recordReply' } as const;
const deadlines = deadlineHandling<RecommendationContext, RecommendationMachineEvent>(isThis);

export const recommendationMachine = setup({
  types: {
    context: {} as RecommendationContext,
    events: {} as RecommendationMachineEvent,
    meta: {} as StateMeta,
  },
  guards: {
    isThisRecommendation: ({ context, event }) => isThis(context, event),
    harmGrowing: ({ event }) => event.type === 'RecommendationIssued' && event.data.harmGrowing,
    ...deadlines.guards,
  },
  actions: {
    recordIssue: assign(({ event }) => {
      assertEvent(event, 'RecommendationIssued');
      const d = event.data;
      return {
        caseId: d.caseId,
        recommendationId: d.recommendationId,
        from: d.from,
        to: d.to,
        divisionCode: d.divisionCode,
        content: d.content,
        harmGrowing: d.harmGrowing,
        documents: d.documents,
        issuedAt: d.issuedAt,
      };
    }),
    recordReply: assign(({ event }) => {
      assertEvent(event, 'RecommendationReplied');
      const { measures, documents, repliedAt } = event.data;
      return { reply: { measures, documents, repliedAt } };
    }),
    ...deadlines.actions,
  },
}).createMachine({
  id: 'recommendation',
  initial: 'none',
  context: INITIAL_CONTEXT,
  states: {
    none: {
      on: {
        RecommendationIssued: [
          { target: 'awaitingUrgentReply', guard: 'harmGrowing', actions: 'recordIssue' },
          { target: 'awaitingReply', actions: 'recordIssue' },
        ],
      },
    },
    awaitingReply: {
      meta: { deadline: replyDeadline },
      on: {
        RecommendationReplied: reply,
        ...onDeadlines(replyDeadline),
      },
    },
    awaitingUrgentReply: {
      meta: { deadline: urgentReplyDeadline },
      on: {
        RecommendationReplied: reply,
        ...onDeadlines(urgentReplyDeadline),
      },
    },
    replied: { type: 'final' },
  },
});

export type RecommendationMachine = typeof recommendationMachine;
