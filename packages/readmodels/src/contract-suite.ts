// The behaviour every ReadModelStore adapter must show; each adapter's test file runs it against a
// real instance. Names are unique per test so several runs can share one server.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Collection, Doc, ReadModelStore } from './port.ts';

interface Parcel extends Doc {
  division: string;
  status: string;
  areaMu: number;
  tags?: string[];
  owner?: string | null;
  overdue?: boolean;
}

export interface ContractOptions {
  /** Releases a store after each test; defaults to `store.close()`. */
  dispose?: (store: ReadModelStore) => Promise<void>;
}

const unique = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const parcel = (id: string, fields: Partial<Parcel> = {}): Parcel => ({
  id,
  division: '330106',
  status: 'open',
  areaMu: 1,
  ...fields,
});

export function readModelContract(
  name: string,
  factory: () => ReadModelStore | Promise<ReadModelStore>,
  options: ContractOptions = {},
): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    let store: ReadModelStore;
    let parcels: Collection<Parcel>;

    beforeEach(async () => {
      store = await factory();
      parcels = store.collection<Parcel>(unique('parcels'));
    });

    afterEach(async () => {
      await (options.dispose ?? ((s) => s.close()))(store);
    });

    describe('documents', () => {
      it('stores a new document and reads it back', async () => {
        const doc = parcel('p1', { tags: ['pbf'], owner: null });
        expect(await parcels.upsert(doc, 1)).toBe(true);
        expect(await parcels.get('p1')).toEqual(doc);
        expect(await parcels.get('missing')).toBeNull();
      });

      it('never exposes the storage fields _id and _v', async () => {
        await parcels.upsert(parcel('p1'), 3);
        const got = await parcels.get('p1');
        const [found] = await parcels.find({ id: 'p1' });
        for (const doc of [got, found]) {
          expect(Object.keys(doc ?? {}).sort()).toEqual(['areaMu', 'division', 'id', 'status']);
        }
      });

      it('deletes a document, and deleting a missing one is harmless', async () => {
        await parcels.upsert(parcel('p1'), 1);
        await parcels.upsert(parcel('p2'), 1);
        await parcels.delete('p1');
        await parcels.delete('never-there');
        expect(await parcels.get('p1')).toBeNull();
        expect(await parcels.get('p2')).not.toBeNull();
        expect(await parcels.count()).toBe(1);
      });

      it('keeps collections apart, and the same name gives the same collection', async () => {
        const otherName = unique('other');
        await parcels.upsert(parcel('p1', { status: 'a' }), 1);
        await store.collection<Parcel>(otherName).upsert(parcel('p1', { status: 'b' }), 1);
        expect((await parcels.get('p1'))?.status).toBe('a');
        expect((await store.collection<Parcel>(otherName).get('p1'))?.status).toBe('b');
      });

      it('hands out copies: changing a returned or a written object changes nothing stored', async () => {
        const written = parcel('p1', { tags: ['a'] });
        await parcels.upsert(written, 1);
        written.status = 'changed-after-write';
        written.tags?.push('b');

        const got = await parcels.get('p1');
        got!.status = 'changed-after-get';
        got!.tags?.push('c');
        const [found] = await parcels.find();
        found!.areaMu = 999;

        expect(await parcels.get('p1')).toEqual(parcel('p1', { tags: ['a'] }));
      });
    });

    describe('versions', () => {
      it('writes a newer version and ignores an older or equal one', async () => {
        expect(await parcels.upsert(parcel('p1', { status: 'v5' }), 5)).toBe(true);
        expect(await parcels.upsert(parcel('p1', { status: 'v3' }), 3)).toBe(false);
        expect(await parcels.upsert(parcel('p1', { status: 'v5-again' }), 5)).toBe(false);
        expect((await parcels.get('p1'))?.status).toBe('v5');
        expect(await parcels.upsert(parcel('p1', { status: 'v6' }), 6)).toBe(true);
        expect((await parcels.get('p1'))?.status).toBe('v6');
      });

      it('replaces the whole document: fields the newer version lacks are gone', async () => {
        await parcels.upsert(parcel('p1', { owner: 'someone', tags: ['x'] }), 1);
        await parcels.upsert(parcel('p1', { status: 'closed' }), 2);
        expect(await parcels.get('p1')).toEqual(parcel('p1', { status: 'closed' }));
      });

      it('lets the highest version win when writes to one document race', async () => {
        const ids = ['r1', 'r2', 'r3'];
        const versions = Array.from({ length: 20 }, (_, i) => i + 1);
        const writes = shuffled(ids.flatMap((id) => versions.map((version) => ({ id, version }))));
        const results = await Promise.all(
          writes.map(({ id, version }) => parcels.upsert(parcel(id, { areaMu: version }), version)),
        );
        for (const id of ids) {
          expect((await parcels.get(id))?.areaMu).toBe(20);
          const top = writes.findIndex((w) => w.id === id && w.version === 20);
          expect(results[top]).toBe(true);
          expect(await parcels.upsert(parcel(id, { areaMu: -1 }), 20)).toBe(false);
        }
        expect(await parcels.count()).toBe(3);
      });
    });

    describe('queries', () => {
      beforeEach(async () => {
        await parcels.upsert(parcel('a', { division: '330106', status: 'open', areaMu: 12 }), 1);
        await parcels.upsert(parcel('b', { division: '330106', status: 'closed', areaMu: 3 }), 1);
        await parcels.upsert(
          parcel('c', { division: '330108', status: 'open', areaMu: 7, tags: ['pbf'] }),
          1,
        );
        await parcels.upsert(parcel('d', { division: '330109', status: 'filed', areaMu: 7, owner: 'x' }), 1);
      });

      const ids = (docs: Parcel[]) => docs.map((d) => d.id);

      it('finds and counts everything without a filter', async () => {
        expect(ids(await parcels.find())).toEqual(['a', 'b', 'c', 'd']);
        expect(await parcels.count()).toBe(4);
      });

      it('filters by equality on a scalar, and on several fields at once', async () => {
        expect(ids(await parcels.find({ status: 'open' }))).toEqual(['a', 'c']);
        expect(ids(await parcels.find({ status: 'open', division: '330108' }))).toEqual(['c']);
        expect(ids(await parcels.find({ areaMu: 7 }))).toEqual(['c', 'd']);
        expect(await parcels.count({ status: 'open' })).toBe(2);
        expect(await parcels.find({ status: 'nothing' })).toEqual([]);
      });

      it('treats an array value as "any of" ($in)', async () => {
        expect(ids(await parcels.find({ status: ['closed', 'filed'] }))).toEqual(['b', 'd']);
        expect(await parcels.count({ division: ['330106', '330109'] })).toBe(3);
        expect(await parcels.count({ status: [] })).toBe(0);
      });

      it('matches an array field that contains the value, and null as missing', async () => {
        expect(ids(await parcels.find({ tags: 'pbf' }))).toEqual(['c']);
        expect(ids(await parcels.find({ owner: null }))).toEqual(['a', 'b', 'c']);
      });

      it('filters on a boolean: false matches false only, not a document without the field', async () => {
        await parcels.upsert(
          parcel('e', { division: '330106', status: 'open', areaMu: 1, overdue: true }),
          1,
        );
        await parcels.upsert(
          parcel('f', { division: '330106', status: 'open', areaMu: 1, overdue: false }),
          1,
        );
        expect(ids(await parcels.find({ overdue: true }))).toEqual(['e']);
        expect(ids(await parcels.find({ overdue: false }))).toEqual(['f']);
        expect(await parcels.count({ overdue: false, status: 'open' })).toBe(1);
      });

      it('combines an element of an array field with equalities on other fields', async () => {
        // How list documents answer "waits for this agency" and "within this division".
        await parcels.upsert(
          parcel('e', { division: '330106', status: 'open', areaMu: 1, tags: ['pbf', 'x'] }),
          1,
        );
        await parcels.upsert(parcel('f', { division: '330108', status: 'open', areaMu: 1, tags: ['x'] }), 1);
        expect(ids(await parcels.find({ tags: 'x', division: '330106' }))).toEqual(['e']);
        expect(ids(await parcels.find({ tags: 'x', status: 'open' }))).toEqual(['e', 'f']);
        expect(ids(await parcels.find({ tags: 'pbf', overdue: null }))).toEqual(['c', 'e']);
        expect(await parcels.count({ tags: 'x', status: 'closed' })).toBe(0);
      });

      it('bounds a field by a range, numbers with numbers and strings with strings', async () => {
        const sort = { field: 'areaMu', direction: 1 } as const;
        expect(ids(await parcels.find({ areaMu: { gte: 7 } }, { sort }))).toEqual(['c', 'd', 'a']);
        expect(ids(await parcels.find({ areaMu: { gt: 3, lt: 12 } }, { sort }))).toEqual(['c', 'd']);
        expect(ids(await parcels.find({ areaMu: { gte: 3, lte: 7 } }, { sort, limit: 2 }))).toEqual([
          'b',
          'c',
        ]);
        expect(await parcels.count({ areaMu: { lt: 3 } })).toBe(0);
        expect(ids(await parcels.find({ division: { gte: '330108' } }))).toEqual(['c', 'd']);
        // A string bound never matches a number, nor a number bound a string or a missing field.
        expect(await parcels.count({ areaMu: { gte: '0' } })).toBe(0);
        expect(await parcels.count({ division: { gte: 0 } })).toBe(0);
        expect(await parcels.count({ owner: { gte: '' } })).toBe(1);
        expect(ids(await parcels.find({ areaMu: { lte: 7 }, status: 'open' }))).toEqual(['c']);
        expect(await parcels.count({ areaMu: {} })).toBe(4);
      });

      it('reads an indexed field a slice at a time, as a range with a limit', async () => {
        const positions = store.collection<Doc & { position: number }>(unique('positions'));
        await positions.ensureIndex(['position'], { unique: true });
        for (const p of shuffled(Array.from({ length: 30 }, (_, i) => i + 1))) {
          await positions.upsert({ id: `e${p}`, position: p }, 1);
        }
        const sort = { field: 'position', direction: 1 } as const;
        const slice = await positions.find({ position: { gte: 11 } }, { sort, limit: 5 });
        expect(slice.map((d) => d.position)).toEqual([11, 12, 13, 14, 15]);
        const tail = await positions.find({ position: { gte: 28, lte: 40 } }, { sort, limit: 5 });
        expect(tail.map((d) => d.position)).toEqual([28, 29, 30]);
      });

      it('sorts either way, breaking ties by id', async () => {
        const asc = await parcels.find({}, { sort: { field: 'areaMu', direction: 1 } });
        expect(ids(asc)).toEqual(['b', 'c', 'd', 'a']);
        const desc = await parcels.find({}, { sort: { field: 'areaMu', direction: -1 } });
        expect(ids(desc)).toEqual(['a', 'c', 'd', 'b']);
      });

      it('pages with skip and limit after filtering and sorting', async () => {
        const sort = { field: 'areaMu', direction: 1 } as const;
        expect(ids(await parcels.find({}, { sort, skip: 1, limit: 2 }))).toEqual(['c', 'd']);
        expect(ids(await parcels.find({}, { sort, skip: 3, limit: 2 }))).toEqual(['a']);
        expect(ids(await parcels.find({}, { sort, limit: 1 }))).toEqual(['b']);
        expect(ids(await parcels.find({ status: 'open' }, { skip: 1 }))).toEqual(['c']);
        expect(await parcels.find({}, { skip: 10 })).toEqual([]);
      });

      it('answers the same with indexes on an array field, alone and before another field', async () => {
        // List documents index `awaiting` and `divisionLevels` (multikey on MongoDB). A compound index
        // may hold at most one array field: MongoDB refuses to index two arrays of one document.
        await parcels.ensureIndex(['tags']);
        await parcels.ensureIndex(['tags', 'status']);
        await parcels.ensureIndex(['overdue']);
        await parcels.upsert(parcel('e', { tags: ['pbf', 'x'], overdue: true }), 1);
        await parcels.upsert(parcel('f', { tags: [], overdue: false }), 1);
        await parcels.upsert(parcel('g', { tags: ['x'], status: 'closed' }), 1);
        expect(ids(await parcels.find({ tags: 'x' }))).toEqual(['e', 'g']);
        expect(ids(await parcels.find({ tags: 'x', status: 'open' }))).toEqual(['e']);
        expect(ids(await parcels.find({ overdue: false }))).toEqual(['f']);
        // A newer version with other elements is found by those only.
        expect(await parcels.upsert(parcel('e', { tags: ['y'], overdue: true }), 2)).toBe(true);
        expect(ids(await parcels.find({ tags: 'x' }))).toEqual(['g']);
        expect(ids(await parcels.find({ tags: 'y', status: 'open' }))).toEqual(['e']);
        expect(await parcels.count({ tags: ['x', 'y'] })).toBe(2);
      });

      it('accepts index declarations, repeatedly', async () => {
        await parcels.ensureIndex(['division', 'status']);
        await parcels.ensureIndex(['division', 'status']);
        await parcels.ensureIndex(['id'], { unique: true });
        expect(await parcels.upsert(parcel('e'), 1)).toBe(true);
        expect(await parcels.count({ division: '330106' })).toBe(3);
      });
    });

    describe('checkpoints', () => {
      it('is undefined until set, then returns the position', async () => {
        const name = unique('relay');
        expect(await store.checkpoints.get(name)).toBeUndefined();
        await store.checkpoints.set(name, 0);
        expect(await store.checkpoints.get(name)).toBe(0);
        await store.checkpoints.set(name, 42);
        expect(await store.checkpoints.get(name)).toBe(42);
      });

      it('never moves back', async () => {
        const name = unique('relay');
        await store.checkpoints.set(name, 10);
        await store.checkpoints.set(name, 4);
        await store.checkpoints.set(name, 10);
        expect(await store.checkpoints.get(name)).toBe(10);
      });

      it('keeps names apart and ends at the highest position when sets race', async () => {
        const [first, second] = [unique('relay'), unique('relay')];
        const positions = Array.from({ length: 20 }, (_, i) => i * 10);
        await Promise.all(shuffled(positions).map((p) => store.checkpoints.set(first, p)));
        await store.checkpoints.set(second, 5);
        expect(await store.checkpoints.get(first)).toBe(190);
        expect(await store.checkpoints.get(second)).toBe(5);
      });
    });

    describe('seen ids', () => {
      it('remembers an id per scope, and adding it again is harmless', async () => {
        const [scope, otherScope] = [unique('group'), unique('group')];
        expect(await store.seen.has(scope, 'evt-1')).toBe(false);
        await store.seen.add(scope, 'evt-1');
        await store.seen.add(scope, 'evt-1');
        expect(await store.seen.has(scope, 'evt-1')).toBe(true);
        expect(await store.seen.has(scope, 'evt-2')).toBe(false);
        expect(await store.seen.has(otherScope, 'evt-1')).toBe(false);
      });

      it('takes the same id added concurrently', async () => {
        const scope = unique('group');
        await Promise.all(Array.from({ length: 10 }, () => store.seen.add(scope, 'evt-1')));
        expect(await store.seen.has(scope, 'evt-1')).toBe(true);
      });
    });

    describe('generations', () => {
      it('reads and writes generation 0 until a swap, then the generation swapped in', async () => {
        const name = unique('gen');
        expect(await store.generations.current(name)).toBe(0);
        const live = store.collection<Parcel>(name);
        await live.upsert(parcel('p1', { status: 'blue' }), 1);
        expect(await store.generations.collection<Parcel>(name, 0).get('p1')).toMatchObject({
          status: 'blue',
        });

        // A rebuild fills generation 1 while the current one keeps serving.
        const next = store.generations.collection<Parcel>(name, 1);
        await next.upsert(parcel('p1', { status: 'green' }), 1);
        await next.upsert(parcel('p2', { status: 'green' }), 1);
        expect(await live.get('p1')).toMatchObject({ status: 'blue' });
        expect(await live.count()).toBe(1);

        await store.generations.swap(name, 1);
        expect(await store.generations.current(name)).toBe(1);
        // A handle taken before the swap reads and writes the new generation too.
        expect(await live.get('p1')).toMatchObject({ status: 'green' });
        expect(await store.collection<Parcel>(name).count()).toBe(2);
        await live.upsert(parcel('p3'), 1);
        expect(await next.get('p3')).toMatchObject({ id: 'p3' });
        expect(await store.generations.collection<Parcel>(name, 0).get('p3')).toBeNull();
      });

      it('drops a retired generation, never the current one', async () => {
        const name = unique('gen');
        await store.collection<Parcel>(name).upsert(parcel('p1'), 1);
        await store.generations.collection<Parcel>(name, 1).upsert(parcel('p1', { status: 'new' }), 1);
        await expect(store.generations.drop(name, 0)).rejects.toThrow(/current/);
        await store.generations.swap(name, 1);
        await store.generations.drop(name, 0);
        expect(await store.generations.collection<Parcel>(name, 0).count()).toBe(0);
        expect(await store.collection<Parcel>(name).get('p1')).toMatchObject({ status: 'new' });
        // A generation never written drops as nothing.
        await store.generations.drop(name, 7);
      });
    });
  });
}
