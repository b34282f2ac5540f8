import type { LedgerDoc } from './ledger-entry.ts';

/**
 * Ledger documents for the state-at tests, numbered in the order they are made; the hashes are
 * zeros because folding state never reads them.
 */
export function ledgerDocs() {
  let sequence = 0;
  return (
    service: string,
    caseId: string,
    name: string,
    data: Record<string, unknown>,
    time: string,
  ): LedgerDoc => {
    sequence += 1;
    return {
      id: `event-${sequence}`,
      caseId,
      source: `/landcase/${service}`,
      type: `landcase.${service}.${name}.v1`,
      time,
      actor: 'nrb:nrb-user',
      division: '141181',
      correlationId: 'c',
      causationId: 'c',
      data: { caseId, ...data },
      service,
      name,
      agency: 'nrb',
      producerSequence: sequence,
      ledgeredAt: time,
      position: sequence,
      sequence,
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    } as LedgerDoc;
  };
}
