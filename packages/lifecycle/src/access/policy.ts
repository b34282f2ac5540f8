import { CLUE_ISSUERS } from '../awaiting.ts';
import type { Agency } from '../events.ts';

// Who may see and do what: one table, read by every route of every service, by the lists, by the
// authorization-matrix test and by the README's "who may see and do what" section.
//
// Every route names its entry. An entry says what the route touches (`target`), which agencies and
// roles may use it (`who`, `roles`) and where (`scope`: how the caller's division must stand to
// the target's). What a caller may *see* of a resource comes from the resource itself: its
// division and its audience (the agencies with a part in it, see audience.ts), so a partner
// agency sees a case only once something was addressed to it.
//
// Answers, in this order: a resource the caller may not see is 404 (as if it did not exist); one
// it may see but not act on is 403 naming the entry; a case named in a body that the caller may
// not see, or that does not exist, is 422; a division outside the caller's scope is 403.

/** The roles a token may carry: officers act, heads approve, auditors and ops only read. */
export const ROLES = ['officer', 'head', 'auditor', 'ops'] as const;
export type Role = (typeof ROLES)[number];

/** Commands need an officer or a head (a head acts as an officer too) unless the entry says otherwise. */
export const ACTING_ROLES: readonly Role[] = ['officer', 'head'];

/**
 * How the caller's division must stand to the target's: the same division (`own`), the same or a
 * superior one (`own-or-above`: a city reads its counties), strictly superior (`above`: a city
 * assesses its counties), or anywhere (the ledger's tree head, which names no case).
 */
export type Scope = 'own' | 'own-or-above' | 'above' | 'anywhere';

/**
 * What a route touches:
 * - `resource`: an existing aggregate named in the path; hidden (404) from whoever may not see it;
 * - `case`: a case named in the body, kept by another service (a referral drafted for it): 422
 *   when it does not exist or the caller may not see it;
 * - `division`: a division named in the body or query (a clue reported for it, its statistics);
 * - `ledger`: the audit ledger as a whole;
 * - `list`: a list, which holds only what the caller may see;
 * - `operations`: the running system as a whole (its dead letters), for the `ops` role.
 */
export type Target = 'resource' | 'case' | 'division' | 'ledger' | 'list' | 'operations';

/** The kinds of resource, each with its audience (audience.ts). */
export type Resource =
  | 'clue'
  | 'sweep'
  | 'historical-batch'
  | 'case'
  | 'assessment'
  | 'referral'
  | 'recommendation'
  | 'party-match'
  | 'remediation'
  | 'audit-case'
  | 'figures'
  | 'ledger'
  | 'dead-letter'
  | 'streams';

/**
 * Who may use a route: a list of agencies, the resource's sender or receiver (a referral's `from`
 * or `to`), or any agency in the resource's audience.
 */
export type Who = readonly Agency[] | 'sender' | 'receiver' | 'audience';

export interface AccessRule {
  /** `command` writes, `read` answers one resource or figure, `list` a page of resources. */
  kind: 'command' | 'read' | 'list';
  resource: Resource;
  target: Target;
  /** What the route does, as the README's table says it. */
  summary: string;
  who: Who;
  /** Roles of which the caller needs one; any role when absent. */
  roles?: readonly Role[];
  scope: Scope;
}

export const AGENCY_LIST: readonly Agency[] = [
  'nrb',
  'gov',
  'grid',
  'psb',
  'proc',
  'disc',
  'court',
  'agri',
  'audit',
];

/** Any agency but the auditor, who changes nothing anywhere. */
const ACTORS = AGENCY_LIST.filter((a) => a !== 'audit');

const command = (
  resource: Resource,
  summary: string,
  who: Who,
  scope: Scope,
  extra: { roles?: readonly Role[]; target?: Target } = {},
): AccessRule => ({
  kind: 'command',
  resource,
  target: extra.target ?? 'resource',
  summary,
  who,
  roles: extra.roles ?? ACTING_ROLES,
  scope,
});

const read = (
  resource: Resource,
  summary: string,
  extra: { who?: Who; target?: Target; scope?: Scope; roles?: readonly Role[] } = {},
): AccessRule => ({
  kind: 'read',
  resource,
  target: extra.target ?? 'resource',
  summary,
  who: extra.who ?? 'audience',
  scope: extra.scope ?? 'own-or-above',
  ...(extra.roles ? { roles: extra.roles } : {}),
});

const list = (resource: Resource, summary: string): AccessRule => ({
  kind: 'list',
  resource,
  target: 'list',
  summary,
  who: 'audience',
  scope: 'own-or-above',
});

/** Division-wide figures (statistics, escalations, the historical ledger): read by those agencies. */
const figures = (summary: string, who: readonly Agency[]): AccessRule =>
  read('figures', summary, { who, target: 'division' });

const OPS_READ = { who: AGENCY_LIST, target: 'operations', scope: 'anywhere', roles: ['ops'] } as const;
const OPS_WRITE = { target: 'operations', roles: ['ops'] } as const;

const ESCALATION_READERS: readonly Agency[] = ['nrb', 'gov', 'audit'];

export const ACCESS_POLICY = {
  // Detection (早发现): any officer reports what it sees; the bureau holding the clue acts on it.
  'detection.clue.report': command(
    'clue',
    'Report a clue',
    CLUE_ISSUERS.ClueReported.filter((a) => a !== 'audit'),
    'own-or-above',
    { target: 'division' },
  ),
  'detection.clue.list': list('clue', 'List clues'),
  'detection.clue.read': read('clue', 'Read a clue'),
  'detection.clue.dispatch': command('clue', 'Dispatch a clue down the hierarchy', ['nrb'], 'own'),
  'detection.clue.verify': command('clue', 'Record the field verification', ['nrb'], 'own'),
  'detection.clue.historical-outcome': command('clue', "Record a historical clue's outcome", ['nrb'], 'own'),
  'detection.sweep.import': command('sweep', 'Import a satellite sweep', ['nrb'], 'own-or-above', {
    target: 'division',
  }),
  'detection.sweep.read': read('sweep', "Read a sweep import's progress"),
  'detection.historical.ledger': figures('Read the ledger of historical cases', ['nrb', 'audit']),
  'detection.historical-batch.open': command(
    'historical-batch',
    'Open a batch of historical cases',
    ['nrb'],
    'own',
    {
      roles: ['head'],
      target: 'division',
    },
  ),
  'detection.historical-batch.read': read('historical-batch', 'Read a batch of historical cases'),
  'detection.historical-batch.completion': command(
    'historical-batch',
    'Record a batch of historical cases complete',
    ['nrb'],
    'own',
    { roles: ['head'] },
  ),
  'detection.escalations': figures("Read the escalations of detection's deadlines", ESCALATION_READERS),

  // Enforcement (早制止, 严查处): the county bureau runs its cases; partners see what concerns them.
  'enforcement.case.list': list('case', 'List enforcement cases'),
  'enforcement.case.read': read('case', 'Read an enforcement case'),
  'enforcement.case.stop-order': command('case', 'Record the stop order', ['nrb'], 'own'),
  'enforcement.case.stop-confirmation': command(
    'case',
    'Record whether the violation stopped',
    ['nrb'],
    'own',
  ),
  'enforcement.case.filing': command('case', 'File the case', ['nrb'], 'own'),
  'enforcement.case.penalty-notice': command('case', 'Serve the notice of intended penalty', ['nrb'], 'own'),
  'enforcement.case.hearing': command('case', 'Record the hearing', ['nrb'], 'own'),
  'enforcement.case.defence': command('case', "Record the party's statement and defence", ['nrb'], 'own'),
  'enforcement.case.decision-extension': command('case', 'Extend the decision period', ['nrb'], 'own', {
    roles: ['head'],
  }),
  // Before the decision of a major case: the leadership's collective review (seed 003 §四), held by
  // the head, and the legal review (Administrative Penalty Law art. 58).
  'enforcement.case.collective-review': command(
    'case',
    "Record the leadership's collective review",
    ['nrb'],
    'own',
    { roles: ['head'] },
  ),
  'enforcement.case.legal-review': command('case', 'Record the legal review', ['nrb'], 'own'),
  'enforcement.case.penalty-decision': command('case', 'Record the penalty decision', ['nrb'], 'own'),
  'enforcement.case.compliance': command('case', 'Record compliance', ['nrb'], 'own'),
  'enforcement.case.court-application': command('case', 'Apply to the court', ['nrb'], 'own'),
  // A court of the next level rules on an appeal against a refusal (Administrative Compulsion Law art. 58).
  'enforcement.case.court-ruling': command('case', "Record the court's ruling", ['court'], 'own-or-above'),
  'enforcement.case.court-appeal': command('case', "Appeal the court's refusal", ['nrb'], 'own'),
  'enforcement.case.reconsideration': command(
    'case',
    "Record the party's application for reconsideration of the decision",
    ['nrb'],
    'own',
  ),
  'enforcement.case.reconsideration-decision': command(
    'case',
    'Record the outcome of the reconsideration',
    ['nrb'],
    'own',
  ),
  'enforcement.case.lawsuit': command(
    'case',
    "Record the party's lawsuit against the decision",
    ['nrb'],
    'own',
  ),
  'enforcement.case.lawsuit-judgment': command('case', 'Record the judgment on the lawsuit', ['nrb'], 'own'),
  'enforcement.case.closure': command('case', 'Close the case', ['nrb'], 'own'),
  // Whoever meets an interference records it, a superior office included (seed 003 §四).
  'enforcement.case.interference': command('case', 'Record an interference', ACTORS, 'own-or-above'),
  'enforcement.case.illegal-approval': command('case', 'Record an illegal approval', ['nrb'], 'own-or-above'),
  'enforcement.case.service-refusal': command('case', 'Record notices to refuse service', ['gov'], 'own'),
  'enforcement.statistics': figures('Read the supervision figures', ['nrb', 'gov', 'audit']),
  // A division's year is assessed by the division above it (Order 15 of 2008 art. 3).
  'enforcement.assessment.record': command('assessment', "Assess a division's year", ['nrb'], 'above', {
    roles: ['head'],
    target: 'division',
  }),
  'enforcement.assessment.read': read('assessment', "Read a division's assessment"),
  'enforcement.escalations': figures("Read the escalations of enforcement's deadlines", ESCALATION_READERS),

  // Referral (移送): the bureau sends, the addressed agency receives and answers.
  'referral.referral.draft': command('referral', 'Draft a referral', ['nrb'], 'own', { target: 'case' }),
  'referral.referral.list': list('referral', 'List referrals'),
  'referral.referral.read': read('referral', 'Read a referral'),
  'referral.referral.approval': command('referral', 'Approve or reject a draft', 'sender', 'own', {
    roles: ['head'],
  }),
  // The sender attaches the documents (Order 310 art. 6); whoever may read the referral may read them.
  'referral.referral.documents': command('referral', 'Attach a document', 'sender', 'own'),
  'referral.referral.document': read('referral', "Read a referral's document (its bytes)"),
  'referral.referral.dispatch': command('referral', 'Send an approved referral', 'sender', 'own'),
  'referral.referral.reconsideration': command('referral', 'Ask for reconsideration', 'sender', 'own'),
  // The receiving agency may be the one above the case's division (a city police bureau).
  'referral.referral.receipt': command('referral', 'Sign for a referral', 'receiver', 'own-or-above'),
  'referral.referral.decision': command(
    'referral',
    'Accept or refuse a referral',
    'receiver',
    'own-or-above',
  ),
  'referral.referral.feedback': command('referral', 'Report the outcome', 'receiver', 'own-or-above'),
  'referral.referral.return': command('referral', 'Send a case back', 'receiver', 'own-or-above'),
  // Stop-the-clock (Order 310 art. 8): the receiver asks for supplementary material, the sender supplies it.
  'referral.referral.supplement-request': command(
    'referral',
    'Ask for supplementary material',
    'receiver',
    'own-or-above',
  ),
  'referral.referral.supplement': command('referral', 'Supply the material asked for', 'sender', 'own'),
  'referral.recommendation.issue': command(
    'recommendation',
    'Issue a procuratorial recommendation',
    ['proc'],
    'own-or-above',
    {
      target: 'case',
    },
  ),
  'referral.recommendation.list': list('recommendation', 'List recommendations'),
  'referral.recommendation.read': read('recommendation', 'Read a recommendation'),
  'referral.recommendation.reply': command('recommendation', 'Reply to a recommendation', 'receiver', 'own'),
  // A possible same party is a suspicion about a person: the bureau of the cases' county (or one
  // above it) answers it, and only the bureau and the auditor see it.
  'referral.party-match.list': list('party-match', 'List possible same parties'),
  'referral.party-match.read': read('party-match', 'Read a possible same party'),
  'referral.party-match.confirmation': command(
    'party-match',
    'Confirm a possible same party',
    ['nrb'],
    'own-or-above',
  ),
  'referral.party-match.rejection': command(
    'party-match',
    'Reject a possible same party',
    ['nrb'],
    'own-or-above',
  ),
  'referral.escalations': figures('Read the escalations of referral deadlines', ESCALATION_READERS),

  // Remediation (整改): the government restores, the bureau and agriculture accept.
  'remediation.remediation.list': list('remediation', 'List remediations'),
  'remediation.remediation.read': read('remediation', "Read a case's remediation"),
  'remediation.remediation.progress': command(
    'remediation',
    'Record demolition or re-cultivation',
    ['gov', 'nrb'],
    'own',
  ),
  'remediation.remediation.acceptance': command(
    'remediation',
    'Accept the restored land',
    ['nrb', 'agri'],
    'own',
  ),
  'remediation.remediation.quota-deduction': command(
    'remediation',
    'Deduct the reserve quota',
    ['nrb'],
    'own',
    {
      roles: ['head'],
    },
  ),
  'remediation.remediation.pbf-redesignation': command(
    'remediation',
    'Record the PBF re-designated',
    ['nrb'],
    'own',
  ),
  // The reserve quota and PBF re-designation are the bureau's land administration (seed 003 §三), the
  // government answers for its division's farmland, the auditor checks: no partner agency reads them.
  'remediation.quota-balance.read': figures("Read a division's quota balance of a year", [
    'nrb',
    'gov',
    'audit',
  ]),
  'remediation.escalations': figures("Read the escalations of remediation's deadlines", ESCALATION_READERS),

  // Audit: auditors and the bureau read a case's record within their divisions; nobody writes.
  'audit.case.timeline': read('audit-case', "Read a case's timeline"),
  'audit.case.verification': read('audit-case', "Verify a case's chain"),
  'audit.case.state': read('audit-case', "Read a case's state as of an instant"),
  'audit.case.export': read('audit-case', "Export a case's bundle"),
  'audit.case.access-log': read('audit-case', "Read who read a case's record", { who: ['audit'] }),
  'audit.ledger.tree-head': read('ledger', "Read the ledger's signed tree head", {
    who: AGENCY_LIST,
    target: 'ledger',
    scope: 'anywhere',
  }),
  'audit.ledger.consistency': read('ledger', 'Prove the ledger only grew', {
    who: AGENCY_LIST,
    target: 'ledger',
    scope: 'anywhere',
  }),
  // Reads every entry of every case: an auditor's check, not a lookup anyone may make at will.
  'audit.ledger.verification': read('ledger', 'Verify the whole ledger at once', {
    who: ['audit'],
    target: 'ledger',
    scope: 'anywhere',
  }),

  // Operations: the `ops` role of any agency works the dead letters of the whole system (they are
  // the bus's, not a division's). A dead letter holds an event's data, so the role is for those who
  // run the system; redrives and discards are recorded in the audit ledger. The auditor reads only.
  'ops.dlq.list': read('dead-letter', 'List dead letters', OPS_READ),
  'ops.dlq.read': read('dead-letter', 'Read a dead letter', OPS_READ),
  'ops.dlq.redrive': command('dead-letter', 'Redrive dead letters', ACTORS, 'anywhere', OPS_WRITE),
  'ops.dlq.discard': command('dead-letter', 'Discard dead letters', ACTORS, 'anywhere', OPS_WRITE),
  // The relays' lag, the consumer groups' counts and the DLQ depth: figures, no event data.
  'ops.streams.read': read('streams', 'Read the relays, consumer groups and DLQ depth', OPS_READ),
  // The open deadlines the streams' lag may let pass: case ids, rules and due instants of every
  // division, for those who run the system (as the dead letters are).
  'ops.deadlines.at-risk': read('streams', "List the open deadlines the streams' lag puts at risk", OPS_READ),
  // The list projections' positions and lag, and their rebuilds from the store: figures, no event data.
  'ops.projections.read': read('streams', 'Read the projections and their rebuilds', OPS_READ),
  'ops.projections.rebuild': command('streams', 'Rebuild a projection', ACTORS, 'anywhere', OPS_WRITE),

  // The rule set in force in a division (its province's and city's overlays): published law, read
  // by any agency of any division.
  'rules.read': read('figures', 'Read the rule set in force in a division', {
    who: AGENCY_LIST,
    target: 'division',
    scope: 'anywhere',
  }),
} as const satisfies Record<string, AccessRule>;

export type AccessKey = keyof typeof ACCESS_POLICY;

export const isAccessKey = (key: string): key is AccessKey => Object.hasOwn(ACCESS_POLICY, key);

export function accessRule(key: AccessKey): AccessRule {
  return ACCESS_POLICY[key];
}
