import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type DocumentStore,
  isSha256,
  normalMediaType,
  type Sha256,
  type StoredDocument,
  sha256Of,
} from './port.ts';

/**
 * Documents as files under a directory (the embedded mode's data dir, `<dataDir>/documents`):
 * `<aa>/<sha256>` holds the bytes, `<aa>/<sha256>.type` the media type. A put writes each to a
 * temporary file beside it and renames it into place, the type first, so a reader never sees a
 * half-written document, and a crash leaves at worst a stray temporary file. Bytes already there
 * are not written again.
 */
export class FileDocumentStore implements DocumentStore {
  constructor(readonly dir: string) {}

  #path(sha256: Sha256): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array, mediaType: string): Promise<Sha256> {
    const sha256 = sha256Of(bytes);
    if (await this.has(sha256)) return sha256;
    const path = this.#path(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    await this.#writeAtomically(`${path}.type`, normalMediaType(mediaType));
    await this.#writeAtomically(path, bytes);
    return sha256;
  }

  async #writeAtomically(path: string, content: Uint8Array | string): Promise<void> {
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, content, { flag: 'wx' });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      throw error;
    }
  }

  async get(sha256: Sha256): Promise<StoredDocument | null> {
    if (!isSha256(sha256)) return null;
    const path = this.#path(sha256);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const mediaType = await readFile(`${path}.type`, 'utf8').catch(() => 'application/octet-stream');
    return { bytes, mediaType, sha256, size: bytes.length };
  }

  async has(sha256: Sha256): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      return (await stat(this.#path(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async close(): Promise<void> {}
}
