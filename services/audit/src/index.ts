import type { ServiceContext, ServiceModule } from '@landcase/service-kit';
import { ensureLedgerIndexes } from './ledger.ts';
import { ledgerProjection } from './projections/ledger.ts';
import { exportRoute } from './slices/export.ts';
import { stateAtRoute } from './slices/state-at.ts';
import { timelineRoute } from './slices/timeline.ts';
import { verificationRoute } from './slices/verification.ts';

export { canonicalJson } from './canonical-json.ts';
export {
  CHAIN_ALGORITHM,
  type ChainLink,
  GENESIS_HASH,
  linkHash,
  type Verification,
  verifyChain,
} from './chain.ts';
export { appendToLedger, caseEntries } from './ledger.ts';
export { LEDGER_COLLECTION, type LedgerDoc, type TimelineEntry } from './ledger-entry.ts';
export { type CaseStateAt, caseStateAt, type ServiceState } from './state-at.ts';
export { type AuditBundle, verifyBundle } from './verify-bundle.ts';

export const auditModule: ServiceModule = {
  name: 'audit',
  routes: async (app, { ctx }: { ctx: ServiceContext }) => {
    await timelineRoute(app, ctx);
    await verificationRoute(app, ctx);
    await stateAtRoute(app, ctx);
    await exportRoute(app, ctx);
  },
  async start(ctx) {
    await ensureLedgerIndexes(ctx.readModels);
    return ledgerProjection(ctx);
  },
};
