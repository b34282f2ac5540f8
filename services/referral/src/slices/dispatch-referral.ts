import type { ReferralEvent } from '@landcase/contracts';
import { checkReferralDocuments } from '@landcase/lifecycle';
import { RuleViolation, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// An approved referral is sent within 24 hours (State Council Order 310 art. 5), carrying its
// documents (art. 6): refused (422, `referral.documents.<to>`, naming the kinds missing) until a
// document of each kind the rule requires of the receiving agency is attached.

const dispatched = (referral: ReferralFields, now: Date): ReferralEvent => ({
  type: 'ReferralDispatched',
  data: { caseId: referral.caseId, referralId: referral.referralId, dispatchedAt: now.toISOString() },
});

export function decideDispatch(referral: ReferralFields, now: Date): ReferralEvent[] {
  const attachedKinds = referral.documents.filter((d) => d.sha256 && d.attachedAt).map((d) => d.kind);
  const refusal = checkReferralDocuments({ to: referral.to, attachedKinds });
  if (refusal) {
    const { missingKinds, ...rule } = refusal;
    throw new RuleViolation(rule, {
      missingKinds,
      errors: missingKinds.map((kind) => ({ path: '/documents', reason: `no ${kind} attached` })),
    });
  }
  return [dispatched(referral, now)];
}

export function dispatchReferralRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return referralCommandRoute(app, ctx, {
    path: 'dispatch',
    summary: 'Send an approved referral to the receiving agency (its required documents attached)',
    // Where the machine refuses a dispatch anyway (a draft, one sent already), it says so (409)
    // rather than the documents rule.
    decide: (referral, _body, now, _actor, snapshot) =>
      snapshot.can(dispatched(referral, now) as never)
        ? decideDispatch(referral, now)
        : [dispatched(referral, now)],
  });
}
