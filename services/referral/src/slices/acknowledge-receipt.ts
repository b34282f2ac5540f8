import { type Actor, formatActor, type ReferralEvent, Sha256 } from '@landcase/contracts';
import { RULE_SET, ruleOf } from '@landcase/lifecycle';
import { RuleViolation, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// The receiving agency signs for the referral (State Council Order 310 art. 7: the police sign the
// receipt, 回执), naming each document received by its SHA-256, so that what was received can be
// checked against what was sent. Only documents attached to the referral may be named (422,
// `referral.receipt.attached`).

export const ReceiptBody = Type.Object(
  {
    documents: Type.Array(Sha256, {
      maxItems: 200,
      uniqueItems: true,
      description: 'the SHA-256 of each document received, as the referral lists them',
    }),
  },
  { additionalProperties: false },
);
export type ReceiptBody = Static<typeof ReceiptBody>;

const RECEIPT_RULE = 'referral.receipt.attached';

export function decideReceipt(
  referral: ReferralFields,
  body: ReceiptBody,
  now: Date,
  receiver: Pick<Actor, 'agency' | 'sub'>,
): ReferralEvent[] {
  const attached = new Set(referral.documents.filter((d) => d.attachedAt).map((d) => d.sha256));
  const errors = body.documents.flatMap((sha256, i) =>
    attached.has(sha256)
      ? []
      : [{ path: `/documents/${i}`, reason: `${sha256} is not a document attached to this referral` }],
  );
  if (errors.length > 0) {
    throw new RuleViolation(
      {
        ruleId: RECEIPT_RULE,
        source: ruleOf(RULE_SET, RECEIPT_RULE).source,
        detail: `a receipt names only documents attached to referral ${referral.referralId}`,
      },
      { errors },
    );
  }
  return [
    {
      type: 'ReferralReceived',
      data: {
        caseId: referral.caseId,
        referralId: referral.referralId,
        receivedAt: now.toISOString(),
        documents: body.documents,
        receivedBy: formatActor(receiver),
      },
    },
  ];
}

export function acknowledgeReceiptRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return referralCommandRoute(app, ctx, {
    path: 'receipt',
    summary: 'The receiving agency signs for the referral and the documents it received (by SHA-256)',
    body: ReceiptBody,
    decide: (referral, body, now, actor) => decideReceipt(referral, body, now, actor),
  });
}
