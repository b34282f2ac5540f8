import { loadConfig, type ServiceContext, type ServiceModule } from '@landcase/service-kit';
import type { AuditContext } from './audit-context.ts';
import { ensureLedgerIndexes, recoverLedger } from './ledger.ts';
import { ledgerEntriesGauge } from './ledger-metrics.ts';
import { ledgerTreeOf } from './ledger-tree.ts';
import { ledgerProjection } from './projections/ledger.ts';
import { loadSigningKey, type SigningKey } from './signing-key.ts';
import { accessLogRoute } from './slices/access-log.ts';
import { deadLetterRoutes } from './slices/dead-letters.ts';
import { exportRoute } from './slices/export.ts';
import { stateAtRoute } from './slices/state-at.ts';
import { timelineRoute } from './slices/timeline.ts';
import { treeHeadRoutes } from './slices/tree-head.ts';
import { verificationRoute } from './slices/verification.ts';

export {
  ACCESS_EVENT,
  type AccessLogEntry,
  type AuditView,
  accessChainOf,
  accessStreamOf,
} from './access.ts';
export { canonicalJson } from './canonical-json.ts';
export {
  CHAIN_ALGORITHM,
  type ChainLink,
  GENESIS_HASH,
  linkHash,
  type Verification,
  verifyChain,
} from './chain.ts';
export {
  documentManifest,
  type ManifestDocument,
  type ManifestReceipt,
  manifestLines,
  type ReferralDocuments,
} from './document-manifest.ts';
export type { DocumentReference, MissedDeadline } from './entry-details.ts';
export { appendToLedger, caseEntries, ensureLedgerIndexes, ledgerSize, recoverLedger } from './ledger.ts';
export { LEDGER_COLLECTION, type LedgerDoc, type TimelineEntry, timelineEntry } from './ledger-entry.ts';
export { LEAF_ALGORITHM, LedgerDamaged, LedgerTree, leafOf, ledgerTreeOf } from './ledger-tree.ts';
export * as merkle from './merkle/index.ts';
export { MerkleLog } from './merkle-log.ts';
export { type LedgerProjectionOptions, ledgerProjection } from './projections/ledger.ts';
export { ensureSigningKeyFile, loadSigningKey, type SigningKey, SigningKeyError } from './signing-key.ts';
export { DEAD_LETTER_CHAIN, DEAD_LETTER_STREAM } from './slices/dead-letters.ts';
export { type CaseStateAt, caseStateAt, type ServiceState } from './state-at.ts';
export {
  type AuditBundle,
  BUNDLE_FORMAT,
  type BundleEntry,
  type BundleVerification,
  type VerifyBundleOptions,
  verifyBundle,
} from './verify-bundle.ts';
export {
  LEDGER_BUNDLE_FORMAT,
  type LedgerBundle,
  type LedgerBundleVerification,
  ledgerBundleOf,
  verifyLedgerBundle,
  verifyWholeLedger,
  WholeLedgerCheck,
  type WholeLedgerVerification,
} from './verify-ledger.ts';

export interface AuditModuleOptions {
  /**
   * The tree head signing key (PEM, path of a PEM, or a loaded key). Default: the configuration's
   * LANDCASE_AUDIT_SIGNING_KEY, read from the process environment.
   */
  signingKey?: string | SigningKey;
}

/** The audit service; `auditModule` is the one configured from the environment. */
export function createAuditModule(options: AuditModuleOptions = {}): ServiceModule {
  let key: SigningKey | undefined;
  const signingKeyFor = (ctx: ServiceContext): SigningKey => {
    if (key) return key;
    if (options.signingKey !== undefined && typeof options.signingKey !== 'string') {
      key = options.signingKey;
      return key;
    }
    // The warning about the development JWT secret was given when the process started.
    const config = loadConfig(process.env, ctx.log.child({}, { level: 'silent' }));
    key = loadSigningKey(options.signingKey ?? config.auditSigningKey, {
      nodeEnv: config.nodeEnv,
      log: ctx.log,
    });
    return key;
  };
  const auditOf = (ctx: ServiceContext): AuditContext => ({
    ctx,
    tree: ledgerTreeOf(ctx.readModels),
    signingKey: signingKeyFor(ctx),
  });

  return {
    name: 'audit',
    routes: async (app, { ctx }: { ctx: ServiceContext }) => {
      const audit = auditOf(ctx);
      await timelineRoute(app, audit);
      await verificationRoute(app, audit);
      await stateAtRoute(app, audit);
      await exportRoute(app, audit);
      await accessLogRoute(app, audit);
      await treeHeadRoutes(app, audit);
    },
    // `/ops/dlq`: the audit service records what operators do to dead letters, so it serves them.
    opsRoutes: deadLetterRoutes,
    // `landcase_ledger_entries`: the ledger's size, set on each append.
    registerMetrics: (registry, ctx) => registry.registerMetric(ledgerEntriesGauge(ctx.readModels)),
    async start(ctx) {
      signingKeyFor(ctx);
      await ensureLedgerIndexes(ctx.readModels);
      await recoverLedger(ctx.readModels);
      return ledgerProjection(ctx);
    },
  };
}

export const auditModule: ServiceModule = createAuditModule();
