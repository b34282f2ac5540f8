import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DocumentStore } from './port.ts';

// What every document store adapter promises, run against each (memory, files, MongoDB GridFS).

const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function documentStoreContract(name: string, open: () => Promise<DocumentStore>): void {
  describe(`${name}: the document store contract`, () => {
    const use = async (body: (store: DocumentStore) => Promise<void>) => {
      const store = await open();
      try {
        await body(store);
      } finally {
        await store.close();
      }
    };

    it('answers the SHA-256 of the bytes and gives back exactly those bytes with their media type', () =>
      use(async (store) => {
        const bytes = Buffer.from('涉嫌犯罪案件移送书 No. 2026-17', 'utf8');
        const sha256 = await store.put(bytes, 'Application/PDF');
        expect(sha256).toBe(hex(bytes));
        expect(await store.has(sha256)).toBe(true);
        const got = await store.get(sha256);
        expect(got).not.toBeNull();
        expect(got!.bytes.equals(bytes)).toBe(true);
        expect(got!.mediaType).toBe('application/pdf');
        expect(got!.size).toBe(bytes.length);
        expect(got!.sha256).toBe(sha256);
      }));

    it('has nothing under a hash it was never given, nor under a malformed one', () =>
      use(async (store) => {
        await store.put(Buffer.from('something'), 'text/plain');
        const other = hex(Buffer.from('something else'));
        expect(await store.has(other)).toBe(false);
        expect(await store.get(other)).toBeNull();
        for (const bad of ['', '../../etc/passwd', 'ABC', `${other}x`, other.toUpperCase()]) {
          expect(await store.has(bad)).toBe(false);
          expect(await store.get(bad)).toBeNull();
        }
      }));

    it('stores the same bytes once: a second put answers the same hash and keeps the first media type', () =>
      use(async (store) => {
        const bytes = Buffer.from('evidence list v1');
        const first = await store.put(bytes, 'text/csv');
        const second = await store.put(Buffer.from(bytes), 'application/octet-stream');
        expect(second).toBe(first);
        expect((await store.get(first))!.mediaType).toBe('text/csv');
      }));

    it('keeps different bytes apart, empty ones and large ones (many chunks) included', () =>
      use(async (store) => {
        const large = Buffer.alloc(600 * 1024 + 17);
        for (let i = 0; i < large.length; i++) large[i] = (i * 31 + 7) % 251;
        const empty = Buffer.alloc(0);
        const small = Buffer.from([0, 1, 2, 255]);
        const [a, b, c] = await Promise.all([
          store.put(large, 'image/jpeg'),
          store.put(empty, 'text/plain'),
          store.put(small, 'application/octet-stream'),
        ]);
        expect(new Set([a, b, c]).size).toBe(3);
        expect((await store.get(a))!.bytes.equals(large)).toBe(true);
        expect((await store.get(b))!.bytes.length).toBe(0);
        expect((await store.get(c))!.bytes.equals(small)).toBe(true);
      }));

    it('takes puts of the same bytes at once without error, all answering the one hash', () =>
      use(async (store) => {
        const bytes = Buffer.from(`raced ${Math.random()}`);
        const hashes = await Promise.all([1, 2, 3, 4].map(() => store.put(bytes, 'text/plain')));
        expect(new Set(hashes)).toEqual(new Set([hex(bytes)]));
        expect((await store.get(hex(bytes)))!.bytes.equals(bytes)).toBe(true);
      }));

    it('gives a copy: changing what get answered changes nothing stored', () =>
      use(async (store) => {
        const bytes = Buffer.from('survey map');
        const sha256 = await store.put(bytes, 'image/png');
        const got = await store.get(sha256);
        got!.bytes[0] = 0;
        expect((await store.get(sha256))!.bytes.equals(bytes)).toBe(true);
      }));
  });
}
