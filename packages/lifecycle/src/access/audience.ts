import type { Agency } from '../events.ts';

// Who may see a resource, besides the division rule (policy.ts): the agencies that have a part in
// it. The bureau and the auditor see every case of their divisions; a partner agency only what
// was addressed to it, from the moment it was (need-to-know).

/** What an access decision needs to know of a resource. */
export interface ResourceFacts {
  /** The division the resource belongs to (a case's, a referral's, an assessed division). */
  divisionCode: string;
  /** The agencies that may see it (within their divisions). */
  audience: readonly Agency[];
  /** A referral's or recommendation's sender and addressee. */
  sender?: Agency;
  receiver?: Agency;
}

const unique = (agencies: readonly (Agency | undefined | false)[]): Agency[] => [
  ...new Set(agencies.filter((a): a is Agency => typeof a === 'string')),
];

/** A clue: the bureau, the auditor and the agency that reported it. */
export const clueAudience = (reportedBy: Agency | undefined): Agency[] =>
  unique(['nrb', 'audit', reportedBy]);

/** What of an enforcement case gives an agency a part in it. */
export interface CaseParts {
  /** The decision orders the land restored: agriculture accepts the re-cultivation. */
  restorationOrdered: boolean;
  /** An application for compulsory enforcement reached the court. */
  courtApplied: boolean;
  /** Agencies a referral was sent to, and the procuratorate once it issued a recommendation. */
  addressed: readonly Agency[];
}

/**
 * An enforcement case: the bureau, the people's government of its division (which stops the
 * violation on site, refuses it services and organises demolition: seed 002) and the auditor;
 * the others once they have a part in it.
 */
export const caseAudience = (parts: CaseParts): Agency[] =>
  unique([
    'nrb',
    'gov',
    'audit',
    parts.restorationOrdered && 'agri',
    parts.courtApplied && 'court',
    ...parts.addressed,
  ]);

/** The agencies that read the whole case file; the others read what concerns them (CASE_INTERNAL_FIELDS). */
export const CASE_FILE_READERS: readonly Agency[] = ['nrb', 'audit'];

/**
 * The parts of a case file that stay with the bureau and the auditor: who tried to interfere,
 * approvals found illegal, the party's defence, extensions and notices the bureau handled itself.
 */
export const CASE_INTERNAL_FIELDS = [
  'interferences',
  'illegalApprovals',
  'defenceStatements',
  'decisionExtensions',
  'collectiveReviews',
  'legalReviews',
] as const;

/**
 * A referral or recommendation: its sender, the auditor and, once it was sent (a referral's draft
 * stays with the bureau until dispatched, Order 310 art. 5; a recommendation is served when
 * issued), its addressee.
 */
export const partiesAudience = (sender: Agency, receiver: Agency, sent = true): Agency[] =>
  unique([sender, sent && receiver, 'audit']);

/** A case's remediation: the government restores, the bureau and agriculture accept. */
export const REMEDIATION_AUDIENCE: readonly Agency[] = ['nrb', 'gov', 'agri', 'audit'];
/** Sweep imports and historical batches are the bureau's work. */
export const BUREAU_AUDIENCE: readonly Agency[] = ['nrb', 'audit'];
/** A possible same party: the bureau that answers it and the auditor (a suspicion, not a fact of a case). */
export const PARTY_MATCH_AUDIENCE: readonly Agency[] = ['nrb', 'audit'];
/** A division's assessment: the bureau, the government held accountable, discipline, the auditor. */
export const ASSESSMENT_AUDIENCE: readonly Agency[] = ['nrb', 'gov', 'disc', 'audit'];
/** A case's audit record (timeline, state, verification, export). */
export const AUDIT_RECORD_AUDIENCE: readonly Agency[] = ['nrb', 'audit'];
