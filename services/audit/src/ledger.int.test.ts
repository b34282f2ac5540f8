import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@landcase/contracts';
import { type MongoReadModelStore, openReadModels } from '@landcase/readmodels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from './chain.ts';
import { appendToLedger, caseEntries, ensureLedgerIndexes } from './ledger.ts';
import { LEDGER_COLLECTION, type LedgerDoc } from './ledger-entry.ts';
import { LedgerTree, leafOf } from './ledger-tree.ts';
import { rootFromLeafHashes, toHex } from './merkle/index.ts';

// The ledger on the MongoDB-protocol server: hashes must survive the round trip through BSON
// (key order, numbers) and the versioned heads must keep one writer per sequence.

const server = process.env.LANDCASE_TEST_MONGO;

const event = (id: string, caseId: string, n: number): CloudEvent => ({
  specversion: '1.0',
  id,
  source: '/landcase/remediation',
  type: 'landcase.remediation.RemediationOpened.v1',
  subject: caseId,
  time: `2026-06-0${n}T02:00:00.000Z`,
  datacontenttype: 'application/json',
  // Keys out of order, integers, fractions and nesting: what BSON might keep differently.
  data: {
    measures: ['restore', 'demolish'],
    caseId,
    areaMu: 6.25,
    z: { b: 2, a: 1 },
    dueBy: '2026-06-30T18:00:00+08:00',
  },
  actor: 'nrb:system:remediation',
  division: '141181',
  correlationid: 'c',
  causationid: 'k',
  sequence: String(n),
});

describe('the ledger on a MongoDB-protocol server', () => {
  let store: MongoReadModelStore;

  beforeAll(async () => {
    if (!server) {
      throw new Error(
        'LANDCASE_TEST_MONGO is not set: run the tests with `pnpm test`, which starts the servers',
      );
    }
    const url = new URL(server);
    url.pathname = `/landcase_audit_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    store = (await openReadModels(url.toString())) as MongoReadModelStore;
    await ensureLedgerIndexes(store);
  });
  afterAll(async () => {
    await store?.dropDatabase();
    await store?.close();
  });

  it('keeps a verifiable chain, once per event id, and notices a changed document', async () => {
    const now = new Date('2026-06-10T00:00:00.000Z');
    for (const [i, id] of ['a', 'b', 'c'].entries()) await appendToLedger(store, event(id, 'M1', i + 1), now);
    await appendToLedger(store, event('b', 'M1', 2), now);

    const entries = await caseEntries(store, 'M1');
    expect(entries.map((e) => [e.id, e.sequence, e.position])).toEqual([
      ['a', 1, 1],
      ['b', 2, 2],
      ['c', 3, 3],
    ]);
    expect(verifyChain(entries, 'M1')).toEqual({ valid: true, checked: 3 });
    // The tree read back from the server (another process's view) has the same leaves.
    const tree = new LedgerTree(store);
    expect(await tree.sync()).toBe(3);
    expect(toHex(tree.log.root())).toBe(toHex(rootFromLeafHashes(entries.map((e) => leafOf(e.hash)))));

    const ledger = store.collection<LedgerDoc>(LEDGER_COLLECTION);
    const b = (await ledger.get('b'))!;
    await ledger.upsert({ ...b, data: { ...(b.data as object), areaMu: 6.5 } }, b.position + 100);
    expect(verifyChain(await caseEntries(store, 'M1'), 'M1')).toMatchObject({
      valid: false,
      firstBadPosition: 2,
    });
  });
});
