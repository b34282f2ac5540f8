import type { Agency } from '@landcase/contracts';
import {
  ACCESS_POLICY,
  type AccessKey,
  AGENCY_LIST,
  ASSESSMENT_AUDIENCE,
  AUDIT_RECORD_AUDIENCE,
  authorize,
  BUREAU_AUDIENCE,
  type Caller,
  caseAudience,
  clueAudience,
  type DivisionFacts,
  maySee,
  PARTY_MATCH_AUDIENCE,
  partiesAudience,
  REMEDIATION_AUDIENCE,
  type Resource,
  type ResourceFacts,
} from '@landcase/lifecycle';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Http } from './happy-path.ts';
import {
  type AccessWorld,
  COUNTY,
  fillRoute,
  type RunningWorld,
  startAccessWorld,
} from './model/access-world.ts';

// The authorization matrix, generated from the access policy: every route of the embedded system
// × every agency × a caller of the case's own county, the city above it, a township below it, the
// neighbouring county and another province × a reading and a writing role. What each must answer
// is the policy's own decision on the resource the route touches, described here by its division
// and audience (need-to-know): the route must apply it to the real resource. A route the policy
// does not name cannot be mounted; a route this test cannot aim at fails it.

const RELATIONS = {
  own: COUNTY,
  parent: '141100',
  child: '141181102',
  sibling: '141182',
  'other province': '330102',
} as const;
const ROLE_SETS = { reader: ['auditor'], writer: ['officer', 'head'] } as const;

let running: RunningWorld;
let system: RunningService;
let http: Http;
let world: AccessWorld;

/** What the policy needs of each resource the routes touch, as the scenario made them. */
function factsOf(resource: Resource): ResourceFacts | DivisionFacts | null {
  switch (resource) {
    case 'clue':
      // Reported by a grid officer.
      return { divisionCode: COUNTY, audience: clueAudience('grid') };
    case 'case':
      // Restoration was ordered, the police referral sent and a recommendation issued; no court application.
      return {
        divisionCode: COUNTY,
        audience: caseAudience({ restorationOrdered: true, courtApplied: false, addressed: ['psb', 'proc'] }),
      };
    case 'referral':
      return {
        divisionCode: COUNTY,
        audience: partiesAudience('nrb', 'psb'),
        sender: 'nrb',
        receiver: 'psb',
      };
    case 'recommendation':
      return {
        divisionCode: COUNTY,
        audience: partiesAudience('proc', 'nrb'),
        sender: 'proc',
        receiver: 'nrb',
      };
    case 'remediation':
      return { divisionCode: COUNTY, audience: REMEDIATION_AUDIENCE };
    case 'sweep':
    case 'historical-batch':
      return { divisionCode: COUNTY, audience: BUREAU_AUDIENCE };
    case 'assessment':
      return { divisionCode: COUNTY, audience: ASSESSMENT_AUDIENCE };
    case 'audit-case':
      return { divisionCode: COUNTY, audience: AUDIT_RECORD_AUDIENCE };
    case 'party-match':
      return { divisionCode: COUNTY, audience: PARTY_MATCH_AUDIENCE };
    case 'figures':
      return { divisionCode: COUNTY };
    case 'ledger':
    case 'dead-letter':
    case 'streams':
      return null;
  }
}

/** The id a route's path parameter names, in the world. */
const fill = (url: string): string => fillRoute(url, world);

/**
 * What a command carries: the target a creating command names (a case, a division) and a field no
 * body accepts, so that a caller the policy lets through is stopped by validation (400) and
 * nothing is written, while a caller it refuses never reaches validation.
 */
function bodyFor(key: AccessKey): Record<string, unknown> {
  const rule = ACCESS_POLICY[key];
  if (rule.target === 'case') return { caseId: world.caseId, notAField: true };
  if (rule.target === 'division') return { divisionCode: COUNTY, notAField: true };
  return { notAField: true };
}

/** Creating commands whose division is checked part by part, not for the request: a sweep's features. */
const CHECKED_PER_PART: ReadonlySet<AccessKey> = new Set(['detection.sweep.import']);

const QUERY: Partial<Record<AccessKey, string>> = {
  'enforcement.statistics': `divisionCode=${COUNTY}&from=2026-01&to=2026-03`,
  'detection.historical.ledger': `divisionCode=${COUNTY}`,
  'detection.escalations': `divisionCode=${COUNTY}`,
  'enforcement.escalations': `divisionCode=${COUNTY}`,
  'referral.escalations': `divisionCode=${COUNTY}`,
  'remediation.escalations': `divisionCode=${COUNTY}`,
  'audit.ledger.consistency': 'from=0',
};

/** The id of the world's resource a list should hold, to see whether the caller was shown it. */
function listedId(key: AccessKey): string | undefined {
  const resource = ACCESS_POLICY[key].resource;
  if (resource === 'referral') return world.referralId;
  if (resource === 'recommendation') return world.recommendationId;
  if (resource === 'party-match') return world.partyMatchId;
  return world.caseId;
}

interface Cell {
  route: string;
  caller: string;
  expected: number | string;
  got: number | string;
}

beforeAll(async () => {
  running = await startAccessWorld('matrix');
  ({ system, http, world } = running);
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

describe('the authorization matrix', () => {
  it('mounts every route under an entry of the policy, and every entry on a route', () => {
    const keys = new Set(system.app.accessRoutes.map((r) => r.access));
    expect([...keys].sort()).toEqual(Object.keys(ACCESS_POLICY).sort());
  });

  it('answers every route × agency × division × role as the policy decides', async () => {
    const store = system.ports.store;
    let last = 0;
    /** The store's last position: what a command that wrote nothing leaves as it was. */
    const position = async () => {
      for (;;) {
        const page = await store.readAll({ fromPosition: last, maxCount: 1000 });
        if (page.length === 0) return last;
        last = page.at(-1)!.position;
      }
    };
    const callers: { label: string; caller: Caller; token: string }[] = [];
    for (const agency of AGENCY_LIST) {
      for (const [relation, division] of Object.entries(RELATIONS)) {
        for (const [role, roles] of Object.entries(ROLE_SETS)) {
          const caller: Caller = { agency, division, roles: [...roles] };
          const token = await mintToken(system.config.jwtSecret, {
            sub: `${agency}-${relation}-${role}`,
            agency: agency as Agency,
            division,
            roles: [...roles],
          });
          callers.push({ label: `${agency} ${relation} ${role}`, caller, token });
        }
      }
    }

    const wrong: Cell[] = [];
    let cells = 0;
    for (const route of system.app.accessRoutes) {
      const key = route.access;
      const rule = ACCESS_POLICY[key];
      const url = fill(route.url) + (QUERY[key] ? `?${QUERY[key]}` : '');
      const facts = factsOf(rule.resource);
      for (const { label, caller, token } of callers) {
        cells += 1;
        const before = rule.kind === 'command' ? await position() : 0;
        const res =
          route.method === 'POST'
            ? await http('POST', url, { token, body: bodyFor(key) })
            : await http('GET', url, { token });
        const targetless = rule.target === 'list' || rule.target === 'ledger' || CHECKED_PER_PART.has(key);
        const decision = authorize(key, caller, targetless ? null : facts);
        let expected: number | string;
        let got: number | string = res.status;
        if (rule.kind === 'list') {
          // A list answers everyone; it holds the world's resource only for those who may see it.
          const id = listedId(key);
          const shown = res.status === 200 && JSON.stringify(res.body.items ?? []).includes(`"${id}"`);
          expected = maySee(caller, facts as ResourceFacts) ? 'listed' : 'not listed';
          got = res.status !== 200 ? res.status : shown ? 'listed' : 'not listed';
        } else if (decision.allowed) {
          expected = rule.kind === 'command' ? 400 : 200;
        } else {
          expected = decision.status;
        }
        if (expected !== got)
          wrong.push({ route: `${route.method} ${route.url}`, caller: label, expected, got });
        // Nothing a refused or invalid command does may reach the store.
        if (rule.kind === 'command') {
          const after = await position();
          if (after !== before) {
            wrong.push({
              route: `${route.method} ${route.url}`,
              caller: label,
              expected: 'no append',
              got: after - before,
            });
          }
        }
      }
    }
    expect(cells).toBeGreaterThan(5_000);
    expect(wrong, JSON.stringify(wrong.slice(0, 40), null, 1)).toEqual([]);
  }, 600_000);
});
