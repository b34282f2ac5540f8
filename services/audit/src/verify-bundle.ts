import { CHAIN_ALGORITHM, type Verification, verifyChain } from './chain.ts';

/** What `GET /audit/cases/{caseId}/export` returns and `landcase verify` reads back. */
export interface AuditBundle {
  caseId: string;
  exportedAt: string;
  algorithm: typeof CHAIN_ALGORITHM;
  events: unknown[];
}

/**
 * Checks an exported case offline: recomputes every hash from the entries themselves, so it
 * needs nothing but the bundle. Pure; never throws, whatever the file holds.
 */
export function verifyBundle(bundle: unknown): Verification {
  if (!bundle || typeof bundle !== 'object')
    return { valid: false, checked: 0, reason: 'not an audit bundle' };
  const b = bundle as Partial<AuditBundle>;
  if (b.algorithm !== CHAIN_ALGORITHM)
    return { valid: false, checked: 0, reason: `unknown algorithm ${JSON.stringify(b.algorithm)}` };
  if (typeof b.caseId !== 'string' || !Array.isArray(b.events))
    return { valid: false, checked: 0, reason: 'bundle lacks caseId or events' };
  return verifyChain(b.events, b.caseId);
}
