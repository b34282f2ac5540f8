import type { CloudEvent } from '@landcase/contracts';
import { type Doc, InMemoryReadModelStore, type ReadModelStore } from '@landcase/readmodels';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, linkHash, verifyChain } from './chain.ts';
import { appendToLedger, caseEntries, ledgerSize, recoverLedger } from './ledger.ts';
import { LEDGER_COLLECTION, LEDGER_HEADS_COLLECTION, type LedgerDoc } from './ledger-entry.ts';
import { LedgerDamaged, LedgerTree, leafOf, ledgerTreeOf } from './ledger-tree.ts';
import { rootFromLeafHashes, toHex } from './merkle/index.ts';

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

  it("reads the producer's sequence padded or not, and none from a value that is no position", async () => {
    const rm = new InMemoryReadModelStore();
    await appendToLedger(
      rm,
      { ...cloudEvent('e1', 'A', 'CaseOpened', 1), sequence: '00000000000000000007' },
      NOW,
    );
    await appendToLedger(rm, { ...cloudEvent('e2', 'A', 'StopOrderServed', 2), sequence: '8' }, NOW);
    await appendToLedger(rm, { ...cloudEvent('e3', 'A', 'StopConfirmed', 3), sequence: '' }, NOW);
    const { sequence: _, ...unsequenced } = cloudEvent('e4', 'A', 'CaseFiled', 4);
    await appendToLedger(rm, unsequenced, NOW);
    expect((await caseEntries(rm, 'A')).map((e) => e.producerSequence)).toEqual([7, 8, null, null]);
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

  it('completes an entry whose commit went through but whose copies were not written', async () => {
    const rm = new InMemoryReadModelStore();
    await appendToLedger(rm, cloudEvent('e1', 'A', 'CaseOpened', 1), NOW);
    // Another process dies right after its global head write took position 2 with e2 in it (its
    // first two writes re-copy position 1, which it has not seen copied itself).
    await expect(
      appendToLedger(crashing(rm, 3), cloudEvent('e2', 'A', 'StopOrderServed', 2), NOW),
    ).rejects.toThrow(/crash/);
    expect(await rm.collection(LEDGER_COLLECTION).get('e2')).toBeNull();

    // Another case's event arrives before the redelivery of e2: it takes position 3, not 2.
    await appendToLedger(rm, cloudEvent('e3', 'B', 'CaseOpened', 3), NOW);
    expect(await appendToLedger(rm, cloudEvent('e2', 'A', 'StopOrderServed', 2), NOW)).toBe('duplicate');
    expect((await caseEntries(rm, 'A')).map((x) => [x.id, x.sequence, x.position])).toEqual([
      ['e1', 1, 1],
      ['e2', 2, 2],
    ]);
    expect((await caseEntries(rm, 'B')).map((x) => x.position)).toEqual([3]);
    expect(await ledgerSize(rm)).toBe(3);
  });

  it('recovers the copies of the newest entry at start', async () => {
    const rm = new InMemoryReadModelStore();
    await expect(
      appendToLedger(crashing(rm, 1), cloudEvent('e1', 'A', 'CaseOpened', 1), NOW),
    ).rejects.toThrow(/crash/);
    expect(await caseEntries(rm, 'A')).toEqual([]);
    await recoverLedger(rm);
    expect((await caseEntries(rm, 'A')).map((x) => x.id)).toEqual(['e1']);
  });

  it('never skips or repeats a position, whatever write a crash interrupts (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            caseId: fc.constantFrom('A', 'B', 'C'),
            crashAt: fc.option(fc.nat({ max: 4 }), { freq: 2 }),
          }),
          {
            minLength: 1,
            maxLength: 25,
          },
        ),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (plan, redeliveries) => {
          const rm = new InMemoryReadModelStore();
          const events = plan.map((p, i) => cloudEvent(`e${i}`, p.caseId, 'CaseOpened', (i % 9) + 1));
          for (const [i, p] of plan.entries()) {
            // A crash fails the delivery; the broker hands the same event over again until it is taken.
            if (p.crashAt !== null) {
              await appendToLedger(crashing(rm, p.crashAt), events[i]!, NOW).catch(() => undefined);
            }
            await appendToLedger(rm, events[i]!, NOW);
            for (const r of redeliveries) await appendToLedger(rm, events[r % (i + 1)]!, NOW);
          }
          const all = await rm
            .collection<LedgerDoc>(LEDGER_COLLECTION)
            .find({}, { sort: { field: 'position', direction: 1 } });
          expect(all.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
          expect(all.map((e) => e.id)).toEqual(events.map((e) => e.id));
          for (const caseId of ['A', 'B', 'C'])
            expect(verifyChain(await caseEntries(rm, caseId), caseId).valid).toBe(true);

          const tree = ledgerTreeOf(rm);
          expect(await tree.sync()).toBe(events.length);
          expect(toHex(tree.log.root())).toBe(toHex(rootFromLeafHashes(all.map((e) => leafOf(e.hash)))));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses to fork the order when another writer took the position first', async () => {
    const rm = new InMemoryReadModelStore();
    await appendToLedger(rm, cloudEvent('e1', 'A', 'CaseOpened', 1), NOW);
    const stale = await rm.collection(LEDGER_HEADS_COLLECTION).get('global');
    await appendToLedger(rm, cloudEvent('e2', 'A', 'StopOrderServed', 2), NOW);

    // A second writer that read the global head before e2 was appended must lose, not fork.
    const staleView = withStaleHead(rm, 'global', stale);
    await expect(appendToLedger(staleView, cloudEvent('e9', 'A', 'StopConfirmed', 3), NOW)).rejects.toThrow(
      /position 2 was taken/,
    );
    const entries = await caseEntries(rm, 'A');
    expect(entries.map((x) => x.id)).toEqual(['e1', 'e2']);
    expect(verifyChain(entries, 'A').valid).toBe(true);
  });

  it("keeps the tree in step: appends in this process offer their leaves, another process's are read", async () => {
    const rm = new InMemoryReadModelStore();
    await appendToLedger(rm, cloudEvent('e1', 'A', 'CaseOpened', 1), NOW);
    const tree = ledgerTreeOf(rm);
    expect(tree.size).toBe(1);
    // Another process (another view on the same store) appends two more.
    const elsewhere = crashing(rm, Number.POSITIVE_INFINITY);
    await appendToLedger(elsewhere, cloudEvent('e2', 'B', 'CaseOpened', 2), NOW);
    await appendToLedger(elsewhere, cloudEvent('e3', 'A', 'StopOrderServed', 3), NOW);
    expect(tree.size).toBe(1);
    expect(await tree.sync()).toBe(3);
    const hashes = (
      await rm
        .collection<LedgerDoc>(LEDGER_COLLECTION)
        .find({}, { sort: { field: 'position', direction: 1 } })
    ).map((e) => leafOf(e.hash));
    expect(toHex(tree.log.root())).toBe(toHex(rootFromLeafHashes(hashes)));

    // A committed position whose document is gone cannot be read into a new tree.
    await rm.collection(LEDGER_COLLECTION).delete('e2');
    await expect(new LedgerTree(rm).sync()).rejects.toThrow(LedgerDamaged);
  });
});

/**
 * A view on the store as another process would have it (its own memory of what it copied), whose
 * `failAfter`-th write (0-based) and every later one throw: a process dying mid-append.
 */
function crashing(rm: ReadModelStore, failAfter: number): ReadModelStore {
  let writes = 0;
  return new Proxy(rm, {
    get(target, prop) {
      if (prop !== 'collection') return Reflect.get(target, prop, target);
      return (name: string) => {
        const collection = target.collection(name);
        return new Proxy(collection, {
          get(c, p) {
            if (p === 'upsert') {
              return async (doc: Doc, version: number) => {
                if (writes++ >= failAfter) throw new Error('crash');
                return c.upsert(doc, version);
              };
            }
            const value = Reflect.get(c, p, c);
            return typeof value === 'function' ? value.bind(c) : value;
          },
        });
      };
    },
  });
}

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
