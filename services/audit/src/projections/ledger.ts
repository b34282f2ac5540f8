import { SERVICES, topicOf } from '@landcase/contracts';
import { project, type ServiceContext } from '@landcase/service-kit';
import { appendToLedger } from '../ledger.ts';

/** Every service's topic, in the audit service's own consumer group, into the ledger. */
export function ledgerProjection(ctx: ServiceContext) {
  return project(ctx, {
    name: 'ledger',
    topics: SERVICES.map((s) => topicOf(s)),
    apply: async (event) => {
      await appendToLedger(ctx.readModels, event, ctx.clock.now());
    },
  });
}
