import { type CloudEvent, parseType, TOPICS } from '@landcase/contracts';
import {
  clueMachine,
  RULE_SET,
  type RuleSet,
  stateString,
  timeNodeClassOf,
  timeNodesOf,
} from '@landcase/lifecycle';
import type { ReadModelStore } from '@landcase/readmodels';
import { loadAggregate, nullIfNotFound, project, type ServiceContext } from '@landcase/service-kit';
import { clueStreamId } from '../clue.ts';
import { requireClue } from '../clue-view.ts';

// The ledger of historical cases (台账, seed 004 §(六)2 逐宗建立台账): one entry per clue verified
// historical, with its time-node class under the service's rule set (根据时间节点明确政策界限) and
// where its batch stands. Like the clue list, each event re-reads the clue's stream and writes the
// entry at the stream's revision, so a redelivered or stale event writes nothing.

export const HISTORICAL_LEDGER_COLLECTION = 'historical-ledger';

export interface LedgerEntry {
  [field: string]: unknown;
  id: string;
  caseId: string;
  state: string;
  divisionCode: string;
  landClass: string;
  areaMu: number;
  /** The day the occupation began, and the class of policy it falls under. */
  occupiedSince: string | null;
  timeNode: string | null;
  parcel: unknown;
  party: unknown;
  verifiedAt: string;
  batchId: string | null;
  disposition: string | null;
  dueBy: string | null;
  settledAt: string | null;
  revision: number;
}

export function projectHistoricalLedger(ctx: ServiceContext, ruleSet: RuleSet = RULE_SET) {
  const nodes = timeNodesOf(ruleSet);
  return project(ctx, {
    name: 'historical-ledger',
    topics: [TOPICS.detection],
    apply: async (event: CloudEvent, readModels: ReadModelStore) => {
      const name = parseType(event.type)?.name;
      if (name !== 'ClueVerified' && name !== 'HistoricalBatched' && name !== 'HistoricalSettled') return;
      const caseId = event.subject;
      const aggregate = await nullIfNotFound(
        loadAggregate(ctx, { streamId: clueStreamId(caseId), machine: clueMachine }),
      );
      if (!aggregate) return;
      const { snapshot, revision, events } = aggregate;
      const clue = requireClue(caseId, events);
      const verification = clue.verification;
      if (verification?.verdict !== 'historical') return;
      const occupiedSince = verification.occupiedSince ?? null;
      const entry: LedgerEntry = {
        id: caseId,
        caseId,
        state: stateString(snapshot),
        divisionCode: clue.divisionCode,
        landClass: verification.landClass,
        areaMu: verification.areaMu,
        occupiedSince,
        // A verdict recorded before the date was required has no class until it is re-verified.
        timeNode: occupiedSince ? timeNodeClassOf(occupiedSince, nodes) : null,
        parcel: clue.parcel,
        party: verification.party ?? null,
        verifiedAt: verification.verifiedAt,
        batchId: clue.historical?.batchId ?? null,
        disposition: clue.historical?.disposition ?? null,
        dueBy: clue.historical?.dueBy ?? null,
        settledAt: clue.historical?.settled?.settledAt ?? null,
        revision,
      };
      await readModels.collection<LedgerEntry>(HISTORICAL_LEDGER_COLLECTION).upsert(entry, revision);
    },
  });
}
