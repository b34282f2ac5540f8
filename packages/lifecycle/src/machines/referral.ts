import { assertEvent, assign, setup } from 'xstate';
import { type DeadlineRecord, deadlineHandling, onDeadlines } from '../deadline-handling.ts';
import { deadline, type StateMeta } from '../deadlines.ts';
import type { Agency, DocumentRef, ReferralMachineEvent, ReferralTarget } from '../events.ts';

/**
 * A referral (移送) from the bureau to another agency, with the receipt, the decision and the
 * feedback.
 *
 * States (stateString):
 *   none → drafted → approved → dispatched → received → accepted → concluded (final)
 *   drafted → rejected (final: the head did not approve)
 *   received → refused → reconsideration → accepted | refusalUpheld (final: what is left is the
 *   procuratorate's filing supervision, a new referral)
 *   received | accepted → returned (final: the receiving agency sends the case back, as only an
 *   administrative penalty is due, Order 310 art. 13; the bureau's case goes on without it)
 *   received → awaitingSupplement → received (stop-the-clock, Order 310 art. 8: the receiver asks for
 *   supplementary material; its decision period stands still until the sender supplies it, which
 *   may attach documents meanwhile; `pauses` in the deadline's meta)
 *
 * Events: ReferralDrafted, ReferralDocumentAttached, ReferralApprovalDecided, ReferralDispatched,
 * ReferralReceived, SupplementRequested, SupplementProvided,
 * ReferralDecided, ReconsiderationRequested, FeedbackGiven, ReferralReturned, DeadlineMissed,
 * EscalationRaised.
 *
 * Documents are attached while drafted or approved, never once dispatched: the receipt names what
 * was sent. The machine takes a dispatch without them (referrals dispatched before documents were
 * attached must still fold); the service refuses one missing a kind its rule requires
 * (`referral.documents.<to>`, checkReferralDocuments), as it checks that a receipt names only
 * documents attached.
 *
 * Every event after the draft must name the same referralId; so must DeadlineMissed and
 * EscalationRaised when they name one (older ones do not). Reconsideration is asked once.
 * The Order 310 deadlines (head decides within 3 days, send within 24 hours, police decide filing
 * within 3 days, reconsideration asked and answered within 3 days each) apply to referrals to
 * `psb` only (`when: { to: ['psb'] }` in the state meta).
 */
export interface ReferralContext extends DeadlineRecord {
  caseId: string | null;
  referralId: string | null;
  from: Agency | null;
  to: ReferralTarget | null;
  divisionCode: string | null;
  reason: string | null;
  documents: DocumentRef[];
  /** The documents attached (their bytes in the document store), in order. */
  attached: { kind: string; sha256: string }[];
  /** The SHA-256 of each document the receiver signed for. */
  received: string[];
  /** The rule that drafted it, when drafted by rule. */
  ruleId: string | null;
  ruleSetVersion: string | null;
  approval: { approved: boolean; note: string } | null;
  dispatchedAt: string | null;
  receivedAt: string | null;
  decisions: { accepted: boolean; reason: string; filingNo: string | null }[];
  filingNo: string | null;
  reconsiderationReason: string | null;
  feedback: { outcome: string; documents: DocumentRef[] } | null;
  /** Why the receiving agency sent the case back (Order 310 art. 13). */
  returnReason: string | null;
  /** Each request for supplementary material, with the documents supplied for it (null while awaited). */
  supplements: { what: string; provided: string[] | null }[];
}

const INITIAL_CONTEXT: ReferralContext = {
  caseId: null,
  referralId: null,
  from: null,
  to: null,
  divisionCode: null,
  reason: null,
  documents: [],
  attached: [],
  received: [],
  ruleId: null,
  ruleSetVersion: null,
  approval: null,
  dispatchedAt: null,
  receivedAt: null,
  decisions: [],
  filingNo: null,
  reconsiderationReason: null,
  feedback: null,
  returnReason: null,
  supplements: [],
  missedDeadlines: [],
  escalations: [],
};

const toPolice = { when: { to: ['psb'] } } as const;
const approveDeadline = deadline('deadline.referral.approve', 'ReferralDrafted', toPolice);
const sendDeadline = deadline('deadline.referral.send', 'ReferralApprovalDecided', toPolice);
const decideDeadline = deadline('deadline.referral.decide', 'ReferralReceived', {
  from: 'receivedAt',
  ...toPolice,
  // Stop-the-clock while supplementary material is awaited (Order 310 art. 8).
  pauses: {
    on: 'SupplementRequested',
    onField: 'requestedAt',
    resumesOn: 'SupplementProvided',
    resumesField: 'providedAt',
  },
});
const reconsiderationRequestDeadline = deadline(
  'deadline.referral.reconsideration-request',
  'ReferralDecided',
  toPolice,
);
const reconsiderationAnswerDeadline = deadline(
  'deadline.referral.reconsideration-answer',
  'ReconsiderationRequested',
  toPolice,
);

const attach = { guard: 'isThisReferral', actions: 'recordAttachment' } as const;

// Police may send a case back on receipt or after filing it (Order 310 art. 13).
const returnCase = { target: 'returned', guard: 'isThisReferral', actions: 'recordReturn' } as const;

const isThis = (context: ReferralContext, event: ReferralMachineEvent): boolean =>
  event.type !== 'ReferralDrafted' &&
  event.type !== 'DeadlineMissed' &&
  event.type !== 'EscalationRaised' &&
  event.data.referralId === context.referralId;

// The scheduler's events name the referral they concern; those recorded before they did (no
// referralId) are taken as the stream's own, as they always were.
const namesThis = (context: ReferralContext, data: { referralId?: string }): boolean =>
  data.referralId === undefined || data.referralId === context.referralId;

const deadlines = deadlineHandling<ReferralContext, ReferralMachineEvent>((context, event) =>
  namesThis(context, event.data),
);

export const referralMachine = setup({
  types: {
    context: {} as ReferralContext,
    events: {} as ReferralMachineEvent,
    meta: {} as StateMeta,
  },
  guards: {
    isThisReferral: ({ context, event }) => isThis(context, event),
    approved: ({ context, event }) =>
      isThis(context, event) && event.type === 'ReferralApprovalDecided' && event.data.approved,
    notApproved: ({ context, event }) =>
      isThis(context, event) && event.type === 'ReferralApprovalDecided' && !event.data.approved,
    accepted: ({ context, event }) =>
      isThis(context, event) && event.type === 'ReferralDecided' && event.data.accepted,
    refused: ({ context, event }) =>
      isThis(context, event) && event.type === 'ReferralDecided' && !event.data.accepted,
    ...deadlines.guards,
  },
  actions: {
    recordDraft: assign(({ event }) => {
      assertEvent(event, 'ReferralDrafted');
      const d = event.data;
      return {
        caseId: d.caseId,
        referralId: d.referralId,
        from: d.from,
        to: d.to,
        divisionCode: d.divisionCode,
        reason: d.reason,
        documents: d.documents,
        ruleId: d.ruleId ?? null,
        ruleSetVersion: d.ruleSetVersion ?? null,
      };
    }),
    recordAttachment: assign(({ context, event }) => {
      assertEvent(event, 'ReferralDocumentAttached');
      return { attached: [...context.attached, { kind: event.data.kind, sha256: event.data.sha256 }] };
    }),
    recordApproval: assign(({ event }) => {
      assertEvent(event, 'ReferralApprovalDecided');
      return { approval: { approved: event.data.approved, note: event.data.note } };
    }),
    recordDispatch: assign(({ event }) => {
      assertEvent(event, 'ReferralDispatched');
      return { dispatchedAt: event.data.dispatchedAt };
    }),
    recordReceipt: assign(({ event }) => {
      assertEvent(event, 'ReferralReceived');
      return { receivedAt: event.data.receivedAt, received: event.data.documents ?? [] };
    }),
    recordSupplementRequest: assign(({ context, event }) => {
      assertEvent(event, 'SupplementRequested');
      return { supplements: [...context.supplements, { what: event.data.what, provided: null }] };
    }),
    recordSupplement: assign(({ context, event }) => {
      assertEvent(event, 'SupplementProvided');
      const supplements = context.supplements.slice();
      const last = supplements.at(-1);
      if (last) supplements[supplements.length - 1] = { ...last, provided: event.data.documents };
      return { supplements };
    }),
    recordDecision: assign(({ context, event }) => {
      assertEvent(event, 'ReferralDecided');
      const { accepted, reason, filingNo } = event.data;
      return {
        decisions: [...context.decisions, { accepted, reason, filingNo: filingNo ?? null }],
        filingNo: filingNo ?? context.filingNo,
      };
    }),
    recordReconsiderationRequest: assign(({ event }) => {
      assertEvent(event, 'ReconsiderationRequested');
      return { reconsiderationReason: event.data.reason };
    }),
    recordFeedback: assign(({ event }) => {
      assertEvent(event, 'FeedbackGiven');
      return { feedback: { outcome: event.data.outcome, documents: event.data.documents } };
    }),
    recordReturn: assign(({ event }) => {
      assertEvent(event, 'ReferralReturned');
      return { returnReason: event.data.reason };
    }),
    ...deadlines.actions,
  },
}).createMachine({
  id: 'referral',
  initial: 'none',
  context: INITIAL_CONTEXT,
  states: {
    none: {
      on: { ReferralDrafted: { target: 'drafted', actions: 'recordDraft' } },
    },
    drafted: {
      meta: { deadline: approveDeadline },
      on: {
        ReferralApprovalDecided: [
          { target: 'approved', guard: 'approved', actions: 'recordApproval' },
          { target: 'rejected', guard: 'notApproved', actions: 'recordApproval' },
        ],
        ReferralDocumentAttached: attach,
        ...onDeadlines(approveDeadline),
      },
    },
    rejected: { type: 'final' },
    approved: {
      meta: { deadline: sendDeadline },
      on: {
        ReferralDispatched: { target: 'dispatched', guard: 'isThisReferral', actions: 'recordDispatch' },
        ReferralDocumentAttached: attach,
        ...onDeadlines(sendDeadline),
      },
    },
    dispatched: {
      on: {
        ReferralReceived: { target: 'received', guard: 'isThisReferral', actions: 'recordReceipt' },
      },
    },
    received: {
      meta: { deadline: decideDeadline },
      on: {
        ReferralDecided: [
          { target: 'accepted', guard: 'accepted', actions: 'recordDecision' },
          { target: 'refused', guard: 'refused', actions: 'recordDecision' },
        ],
        ReferralReturned: returnCase,
        SupplementRequested: {
          target: 'awaitingSupplement',
          guard: 'isThisReferral',
          actions: 'recordSupplementRequest',
        },
        ...onDeadlines(decideDeadline),
      },
    },
    // The decision period stands still here (the `pauses` of decideDeadline); no deadline runs.
    awaitingSupplement: {
      on: {
        ReferralDocumentAttached: attach,
        SupplementProvided: { target: 'received', guard: 'isThisReferral', actions: 'recordSupplement' },
        ReferralReturned: returnCase,
      },
    },
    refused: {
      meta: { deadline: reconsiderationRequestDeadline },
      on: {
        ReconsiderationRequested: {
          target: 'reconsideration',
          guard: 'isThisReferral',
          actions: 'recordReconsiderationRequest',
        },
        ...onDeadlines(reconsiderationRequestDeadline),
      },
    },
    reconsideration: {
      meta: { deadline: reconsiderationAnswerDeadline },
      on: {
        ReferralDecided: [
          { target: 'accepted', guard: 'accepted', actions: 'recordDecision' },
          { target: 'refusalUpheld', guard: 'refused', actions: 'recordDecision' },
        ],
        ...onDeadlines(reconsiderationAnswerDeadline),
      },
    },
    refusalUpheld: { type: 'final' },
    accepted: {
      on: {
        FeedbackGiven: { target: 'concluded', guard: 'isThisReferral', actions: 'recordFeedback' },
        ReferralReturned: returnCase,
      },
    },
    concluded: { type: 'final' },
    returned: { type: 'final' },
  },
});

export type ReferralMachine = typeof referralMachine;
