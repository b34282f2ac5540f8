import {
  type DocumentStore,
  isSha256,
  normalMediaType,
  type Sha256,
  type StoredDocument,
  sha256Of,
} from './port.ts';

/** Documents in memory, for unit tests and throwaway runs. */
export class InMemoryDocumentStore implements DocumentStore {
  readonly #docs = new Map<Sha256, { bytes: Buffer; mediaType: string }>();

  async put(bytes: Uint8Array, mediaType: string): Promise<Sha256> {
    const sha256 = sha256Of(bytes);
    if (!this.#docs.has(sha256)) {
      this.#docs.set(sha256, { bytes: Buffer.from(bytes), mediaType: normalMediaType(mediaType) });
    }
    return sha256;
  }

  async get(sha256: Sha256): Promise<StoredDocument | null> {
    const doc = isSha256(sha256) ? this.#docs.get(sha256) : undefined;
    if (!doc) return null;
    // A copy: a caller changing the buffer must not change the store.
    return { bytes: Buffer.from(doc.bytes), mediaType: doc.mediaType, sha256, size: doc.bytes.length };
  }

  async has(sha256: Sha256): Promise<boolean> {
    return isSha256(sha256) && this.#docs.has(sha256);
  }

  async close(): Promise<void> {}
}
