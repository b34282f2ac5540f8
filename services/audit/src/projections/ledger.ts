import { SERVICES, topicOf } from '@landcase/contracts';
import { project, type ServiceContext } from '@landcase/service-kit';
import { appendToLedger } from '../ledger.ts';

export interface LedgerProjectionOptions {
  /** Default: every service's topic, including the audit service's own (the access log). */
  topics?: string[];
  /** Consumer group `audit.<name>`; default `ledger`. */
  name?: string;
}

/** Every service's topic, in the audit service's own consumer group, into the ledger. */
export function ledgerProjection(ctx: ServiceContext, options: LedgerProjectionOptions = {}) {
  return project(ctx, {
    name: options.name ?? 'ledger',
    topics: options.topics ?? SERVICES.map((s) => topicOf(s)),
    apply: async (event) => {
      await appendToLedger(ctx.readModels, event, ctx.clock.now());
    },
  });
}
