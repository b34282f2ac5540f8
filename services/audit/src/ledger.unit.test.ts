import type { CloudEvent } from '@landcase/contracts';
import { InMemoryReadModelStore, type ReadModelStore } from '@landcase/readmodels';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, linkHash, verifyChain } from './chain.ts';
import { appendToLedger, caseEntries } from './ledger.ts';
import { LEDGER_COLLECTION, LEDGER_HEADS_COLLECTION, type LedgerDoc } from './ledger-entry.ts';

const NOW = new Date('2026-03-10T00:00:00.000Z');

function cloudEvent(
  id: string,
  caseId: string,
  name: string,
  sequence: number,
  data: object = {},
): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: '/landcase/enforcement',
    type: `landcase.enforcement.${name}.v1`,
    subject: caseId,
    time: `2026-03-0${sequence}T02:00:00.000Z`,
    datacontenttype: 'application/json',
    data: { caseId, ...data },
    actor: 'nrb:officer-1',
    division: '141181',
    correlationid: 'corr',
    causationid: 'cause',
    sequence: String(sequence),
  };
}

describe('appendToLedger', () => {
  it('numbers entries globally and per case and chains each case on its own', async () => {
    const rm = new InMemoryReadModelStore();
    await appendToLedger(rm, cloudEvent('e1', 'A', 'CaseOpened', 1), NOW);
    await appendToLedger(rm, cloudEvent('e2', 'B', 'CaseOpened', 2), NOW);
    await appendToLedger(rm, cloudEvent('e3', 'A', 'StopOrderServed', 3), NOW);

    const a = await caseEntries(rm, 'A');
    expect(a.map((e) => [e.id, e.position, e.sequence])).toEqual([
      ['e1', 1, 1],
      ['e3', 3, 2],
    ]);
    expect(a[0]!.prevHash).toBe(GENESIS_HASH);
    expect(a[1]!.prevHash).toBe(a[0]!.hash);
    expect(a[1]!.hash).toBe(linkHash(a[0]!.hash, a[1]!));
    expect(a[1]).toMatchObject({
      service: 'enforcement',
      name: 'StopOrderServed',
      agency: 'nrb',
      producerSequence: 3,
    });
    expect(verifyChain(a, 'A')).toEqual({ valid: true, checked: 2 });
    const b = await caseEntries(rm, 'B');
    expect(b.map((e) => [e.position, e.sequence, e.prevHash])).toEqual([[2, 1, GENESIS_HASH]]);
  });

  it('takes a redelivered event in once', async () => {
    const rm = new InMemoryReadModelStore();
    const e = cloudEvent('e1', 'A', 'CaseOpened', 1);
    expect(await appendToLedger(rm, e, NOW)).toBe('appended');
    expect(await appendToLedger(rm, e, NOW)).toBe('duplicate');
    expect(await appendToLedger(rm, cloudEvent('e2', 'A', 'StopOrderServed', 2), NOW)).toBe('appended');
    expect((await caseEntries(rm, 'A')).map((x) => [x.id, x.sequence, x.position])).toEqual([
      ['e1', 1, 1],
      ['e2', 2, 2],
    ]);
  });

  it('finishes an append that stopped after committing the case head', async () => {
    const rm = new InMemoryReadModelStore();
    await appendToLedger(rm, cloudEvent('e1', 'A', 'CaseOpened', 1), NOW);
    await appendToLedger(rm, cloudEvent('e2', 'A', 'StopOrderServed', 2), NOW);
    // Simulate a crash between the head commit and the entry write: the entry is missing.
    await rm.collection<LedgerDoc>(LEDGER_COLLECTION).delete('e2');

    // The next event of the case (from another topic) arrives before the redelivery of e2.
    await appendToLedger(rm, cloudEvent('e3', 'A', 'StopConfirmed', 3), NOW);
    expect(await appendToLedger(rm, cloudEvent('e2', 'A', 'StopOrderServed', 2), NOW)).toBe('duplicate');

    const entries = await caseEntries(rm, 'A');
    expect(entries.map((x) => [x.id, x.sequence])).toEqual([
      ['e1', 1],
      ['e2', 2],
      ['e3', 3],
    ]);
    expect(verifyChain(entries, 'A').valid).toBe(true);
  });

  it('reuses a position taken by an attempt that stopped before committing the case head', async () => {
    const rm = new InMemoryReadModelStore();
    await appendToLedger(rm, cloudEvent('e1', 'A', 'CaseOpened', 1), NOW);
    await rm.collection(LEDGER_HEADS_COLLECTION).upsert({ id: 'global', position: 2, eventId: 'e2' }, 2);
    await appendToLedger(rm, cloudEvent('e2', 'A', 'StopOrderServed', 2), NOW);
    expect((await caseEntries(rm, 'A')).map((x) => x.position)).toEqual([1, 2]);
  });

  it('refuses to fork a chain when another writer took the sequence first', async () => {
    const rm = new InMemoryReadModelStore();
    await appendToLedger(rm, cloudEvent('e1', 'A', 'CaseOpened', 1), NOW);
    const stale = await rm.collection(LEDGER_HEADS_COLLECTION).get('case:A');
    await appendToLedger(rm, cloudEvent('e2', 'A', 'StopOrderServed', 2), NOW);

    // A second writer that read the case head before e2 was appended must lose, not fork.
    const staleView = withStaleHead(rm, 'case:A', stale);
    await expect(appendToLedger(staleView, cloudEvent('e9', 'A', 'StopConfirmed', 3), NOW)).rejects.toThrow(
      /sequence 2 was taken/,
    );
    const entries = await caseEntries(rm, 'A');
    expect(entries.map((x) => x.id)).toEqual(['e1', 'e2']);
    expect(verifyChain(entries, 'A').valid).toBe(true);
  });
});

function withStaleHead(rm: ReadModelStore, headId: string, stale: unknown): ReadModelStore {
  return new Proxy(rm, {
    get(target, prop) {
      if (prop !== 'collection') return Reflect.get(target, prop, target);
      return (name: string) => {
        const collection = target.collection(name);
        if (name !== LEDGER_HEADS_COLLECTION) return collection;
        return new Proxy(collection, {
          get(c, p) {
            if (p === 'get') return async (id: string) => (id === headId ? stale : c.get(id));
            const value = Reflect.get(c, p, c);
            return typeof value === 'function' ? value.bind(c) : value;
          },
        });
      };
    },
  });
}
