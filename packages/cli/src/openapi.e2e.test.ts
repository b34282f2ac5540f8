import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_CATALOGUE, SERVICES, topicOf } from '@landcase/contracts';
import { asyncApiErrors, danglingRefs } from '@landcase/contracts/asyncapi-validator';
import { CLUE_COMMANDS } from '@landcase/detection';
import { CASE_COMMANDS } from '@landcase/enforcement';
import {
  clueMachine,
  enforcementCaseMachine,
  recommendationMachine,
  referralMachine,
  remediationMachine,
} from '@landcase/lifecycle';
import { RECOMMENDATION_COMMANDS, REFERRAL_COMMANDS } from '@landcase/referral';
import { REMEDIATION_COMMANDS } from '@landcase/remediation';
import type { CommandOffer, RunningService } from '@landcase/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedEnv } from './model/embedded.ts';
import { runSystem } from './system.ts';

// The OpenAPI document of the whole system, as served at /docs/json: every operation declares the
// problems it may answer (application/problem+json, the one Problem schema) and a success, and
// the operations that create answer 201 or 202 as documented.

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
}

interface Operation {
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; schema?: Record<string, unknown> }[];
  requestBody?: unknown;
  responses: Record<
    string,
    {
      description?: string;
      content?: Record<string, { schema?: Schema }>;
    }
  >;
}

const CREATING: Record<string, string> = {
  'post /detection/clues': '201',
  'post /detection/sweeps': '202',
  'post /detection/historical-batches': '201',
  'post /enforcement/assessments': '201',
  'post /referral/referrals': '201',
  // A document attached: a resource of its own at the Location answered.
  'post /referral/referrals/{id}/documents': '201',
  'post /referral/recommendations': '201',
  // A rebuild started: followed at the Location answered.
  'post /ops/projections/{name}/rebuild': '202',
};
const WRITES = new Set(['post', 'put', 'patch', 'delete']);

describe('the OpenAPI document of the embedded system', () => {
  let system: RunningService;
  let dir: string;
  let operations: [string, Operation][];

  let asyncApi: {
    channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    operations: Record<string, { action: string; bindings?: { kafka: { groupId: { enum: string[] } } } }>;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'landcase-openapi-'));
    system = await runSystem(embeddedEnv(dir, 'error'), { handleSignals: false });
    const res = await fetch(`${system.address}/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, Operation>> };
    const asyncRes = await fetch(`${system.address}/docs/asyncapi.json`);
    expect(asyncRes.status).toBe(200);
    asyncApi = (await asyncRes.json()) as typeof asyncApi;
    operations = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => [`${method} ${path}`, op] as [string, Operation]),
    );
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the operations of every service', () => {
    for (const service of ['detection', 'enforcement', 'referral', 'remediation', 'audit']) {
      expect(
        operations.some(([name]) => name.includes(` /${service}/`)),
        service,
      ).toBe(true);
    }
    expect(operations.length).toBeGreaterThan(40);
  });

  it('declares for every operation the problems it may answer, as problem+json', () => {
    const missing: string[] = [];
    for (const [name, op] of operations) {
      const method = name.split(' ')[0]!;
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      const expected = [
        'default',
        ...(isPublic ? [] : ['401', '403']),
        ...(name.includes('{') ? ['404'] : []),
        ...((op.parameters?.length ?? 0) > 0 || op.requestBody || WRITES.has(method) ? ['400'] : []),
        ...(WRITES.has(method) ? ['409', '412', '413', '415', '422', '429'] : []),
      ];
      for (const status of expected) {
        const response = op.responses[status];
        const schema = response?.content?.['application/problem+json']?.schema;
        if (!response?.description || schema?.$ref !== '#/components/schemas/Problem') {
          missing.push(`${name} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares a success for every operation, 201 or 202 for those that create', () => {
    for (const [name, op] of operations) {
      const successes = Object.keys(op.responses).filter((s) => /^2/.test(s));
      expect(successes.length, name).toBeGreaterThan(0);
      if (CREATING[name]) expect(successes, name).toContain(CREATING[name]);
      else expect(successes, name).toEqual(['200']);
    }
  });

  const LIFECYCLE_READS = [
    'get /detection/clues/{caseId}',
    'get /detection/historical-batches/{batchId}',
    'get /enforcement/cases/{caseId}',
    'get /referral/referrals/{id}',
    'get /referral/recommendations/{id}',
    'get /referral/party-matches/{id}',
    'get /remediation/cases/{caseId}',
  ];
  const LISTS = [
    'get /detection/clues',
    'get /enforcement/cases',
    'get /referral/referrals',
    'get /referral/recommendations',
    'get /referral/party-matches',
    'get /remediation/cases',
  ];
  const operation = (name: string) => {
    const found = operations.find(([n]) => n === name);
    expect(found, name).toBeDefined();
    return found![1];
  };
  const dueFields = (schema: Schema | undefined) =>
    Object.keys(schema?.anyOf?.find((s) => s.properties)?.properties ?? {}).sort();
  const DUE = ['at', 'overdue', 'provisional', 'rule', 'soon', 'workingDaysLeft'];

  it('documents due on every read of a lifecycle', () => {
    for (const name of LIFECYCLE_READS) {
      const schema = operation(name).responses['200']?.content?.['application/json']?.schema;
      expect(dueFields(schema?.properties?.due), name).toEqual(DUE);
    }
  });

  it('documents due on every list item, and sort=dueAt and dueSoon=true on every list', () => {
    for (const name of LISTS) {
      const op = operation(name);
      const schema = op.responses['200']?.content?.['application/json']?.schema;
      const item = schema?.properties?.items?.items;
      expect(dueFields(item?.properties?.due), name).toEqual(DUE);
      expect(Object.keys(item?.properties ?? {}), name).toEqual(
        expect.arrayContaining(['nextDueAt', 'nextDueRule', 'nextDueProvisional']),
      );
      const parameter = (p: string) => op.parameters?.find((q) => q.in === 'query' && q.name === p)?.schema;
      // The document writes a single allowed value as an enum of one.
      expect(parameter('sort'), name).toMatchObject({ enum: ['dueAt'] });
      expect(parameter('dueSoon'), name).toMatchObject({ enum: [true] });
    }
  });

  it('serves the AsyncAPI document of the topics at /docs/asyncapi.json, valid AsyncAPI 3.0.0', () => {
    expect(asyncApiErrors(asyncApi)).toEqual([]);
    expect(danglingRefs(asyncApi)).toEqual([]);
    for (const service of SERVICES) {
      expect(asyncApi.channels[service]?.address).toBe(topicOf(service));
      expect(Object.keys(asyncApi.channels[service]?.messages ?? {}).sort()).toEqual(
        Object.keys(EVENT_CATALOGUE[service]).sort(),
      );
      expect(asyncApi.operations[`${service}.send`]?.action).toBe('send');
    }
  });

  it("documents what each service's consumer groups receive, as the running modules subscribed", () => {
    const receives = Object.keys(asyncApi.operations).filter((k) => k.includes('.receive.'));
    // The audit ledger reads every topic; the reactions read the topics of the services they follow.
    for (const service of SERVICES) expect(receives).toContain(`audit.receive.${service}`);
    expect(receives).toEqual(
      expect.arrayContaining([
        'enforcement.receive.detection',
        'referral.receive.enforcement',
        'remediation.receive.enforcement',
        'remediation.receive.detection',
      ]),
    );
    expect(asyncApi.operations['enforcement.receive.detection']?.bindings?.kafka.groupId.enum).toContain(
      'enforcement.open-case',
    );
    // Nothing in the system reacts to the audit service's topic but the audit service itself.
    expect(receives.filter((k) => k.endsWith('.receive.audit'))).toEqual(['audit.receive.audit']);
  });

  // Each read that carries commandsAllowed, the commands it offers, their aggregate's prefix.
  const OFFERED: [string, readonly CommandOffer[], { events: readonly string[] }, string][] = [
    ['get /detection/clues/{caseId}', CLUE_COMMANDS, clueMachine, '/detection/clues/{caseId}/'],
    [
      'get /enforcement/cases/{caseId}',
      CASE_COMMANDS,
      enforcementCaseMachine,
      '/enforcement/cases/{caseId}/',
    ],
    ['get /referral/referrals/{id}', REFERRAL_COMMANDS, referralMachine, '/referral/referrals/{id}/'],
    [
      'get /referral/recommendations/{id}',
      RECOMMENDATION_COMMANDS,
      recommendationMachine,
      '/referral/recommendations/{id}/',
    ],
    [
      'get /remediation/cases/{caseId}',
      REMEDIATION_COMMANDS,
      remediationMachine,
      '/remediation/cases/{caseId}/',
    ],
  ];

  it('documents commandsAllowed on the reads of clues, cases, referrals, recommendations and remediation, and offers each command route there under its own policy entry', () => {
    for (const [read, offers, machine, prefix] of OFFERED) {
      const schema = operation(read).responses['200']?.content?.['application/json']?.schema;
      expect(schema?.properties?.commandsAllowed, read).toMatchObject({ type: 'array' });
      for (const offer of offers) {
        expect(operation(`post ${offer.path}`).description, offer.path).toContain(`Access (${offer.access})`);
        expect(machine.events, offer.path).toContain(offer.event);
      }
      // Every command route on the aggregate is offered: none is left out of the hint.
      const routes = operations
        .map(([name]) => name)
        .filter(
          (name) => name.startsWith(`post ${prefix}`) && !name.slice(`post ${prefix}`.length).includes('/'),
        );
      expect(routes.map((name) => name.slice('post '.length)).sort(), read).toEqual(
        offers.map((o) => o.path).sort(),
      );
    }
  });
});
