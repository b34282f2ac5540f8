import { NonEmpty, type ReferralEvent, Sha256 } from '@landcase/contracts';
import { RULE_SET, ruleOf } from '@landcase/lifecycle';
import { RuleViolation, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// Stop-the-clock (State Council Order 310 art. 8): the receiving agency asks for supplementary
// material (补充材料) and its decision period stands still (deadline.referral.decide pauses) until
// the sender supplies it: documents it attaches to the referral meanwhile, named here by SHA-256.

export const SupplementRequestBody = Type.Object(
  { what: NonEmpty('the supplementary material asked for, and why') },
  { additionalProperties: false },
);
export type SupplementRequestBody = Static<typeof SupplementRequestBody>;

export const SupplementBody = Type.Object(
  {
    documents: Type.Array(Sha256, {
      minItems: 1,
      maxItems: 200,
      uniqueItems: true,
      description: 'the SHA-256 of each document supplied, attached to the referral',
    }),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type SupplementBody = Static<typeof SupplementBody>;

const SUPPLEMENT_RULE = 'referral.supplement.attached';

export function decideSupplementRequest(
  referral: ReferralFields,
  body: SupplementRequestBody,
  now: Date,
): ReferralEvent[] {
  return [
    {
      type: 'SupplementRequested',
      data: {
        caseId: referral.caseId,
        referralId: referral.referralId,
        what: body.what,
        requestedAt: now.toISOString(),
      },
    },
  ];
}

export function decideSupplement(referral: ReferralFields, body: SupplementBody, now: Date): ReferralEvent[] {
  const attached = new Set(referral.documents.filter((d) => d.attachedAt).map((d) => d.sha256));
  const errors = body.documents.flatMap((sha256, i) =>
    attached.has(sha256)
      ? []
      : [{ path: `/documents/${i}`, reason: `${sha256} is not a document attached to this referral` }],
  );
  if (errors.length > 0) {
    throw new RuleViolation(
      {
        ruleId: SUPPLEMENT_RULE,
        source: ruleOf(RULE_SET, SUPPLEMENT_RULE).source,
        detail: `a supplement names only documents attached to referral ${referral.referralId}: attach them first`,
      },
      { errors },
    );
  }
  return supplied(referral, body, now);
}

export async function supplementRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await referralCommandRoute(app, ctx, {
    path: 'supplement-request',
    summary: 'The receiving agency asks for supplementary material; its decision period stands still',
    body: SupplementRequestBody,
    decide: (referral, body, now) => decideSupplementRequest(referral, body, now),
  });
  await referralCommandRoute(app, ctx, {
    path: 'supplement',
    summary: 'The sender supplies the material asked for (documents attached meanwhile, by SHA-256)',
    body: SupplementBody,
    // Where the machine refuses it anyway (nothing asked for), it says so (409) before the rule.
    decide: (referral, body, now, _actor, snapshot) => {
      const events = supplied(referral, body, now);
      return snapshot.can(events[0] as never) ? decideSupplement(referral, body, now) : events;
    },
  });
}

/** The supply, unchecked. */
function supplied(referral: ReferralFields, body: SupplementBody, now: Date): ReferralEvent[] {
  return [
    {
      type: 'SupplementProvided',
      data: {
        caseId: referral.caseId,
        referralId: referral.referralId,
        documents: body.documents,
        ...(body.note !== undefined ? { note: body.note } : {}),
        providedAt: now.toISOString(),
      },
    },
  ];
}
