import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDocuments } from '../config.ts';
import { documentStoreContract } from './contract-suite.ts';
import { FileDocumentStore } from './file-store.ts';
import { InMemoryDocumentStore } from './memory-store.ts';
import { openDocumentStore } from './open-store.ts';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'landcase-documents-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

documentStoreContract('in memory', async () => new InMemoryDocumentStore());
documentStoreContract('files', async () => new FileDocumentStore(freshDir()));

describe('the file document store', () => {
  it('leaves no temporary file behind and finds what another instance over the same directory put', async () => {
    const dir = freshDir();
    const sha256 = await new FileDocumentStore(dir).put(Buffer.from('investigation report'), 'text/plain');
    const files = readdirSync(join(dir, sha256.slice(0, 2)));
    expect(files.sort()).toEqual([sha256, `${sha256}.type`]);
    const other = new FileDocumentStore(dir);
    expect((await other.get(sha256))!.bytes.toString()).toBe('investigation report');
  });
});

describe('openDocumentStore and its default', () => {
  it('opens memory and file stores and refuses anything else', async () => {
    expect(await openDocumentStore('memory')).toBeInstanceOf(InMemoryDocumentStore);
    expect(await openDocumentStore(`file:${freshDir()}`)).toBeInstanceOf(FileDocumentStore);
    await expect(openDocumentStore('s3://bucket')).rejects.toThrow(/unsupported document store/);
  });

  it('keeps documents beside the SQLite store, in memory beside an in-memory one, else in MongoDB or the data dir', () => {
    expect(defaultDocuments('sqlite:/var/landcase/landcase.db', 'memory', './data')).toBe(
      'file:/var/landcase/documents',
    );
    expect(defaultDocuments('sqlite::memory:', 'memory', './data')).toBe('memory');
    expect(defaultDocuments('esdb://h:2113?tls=false', 'mongodb://m:27017/cases', './data')).toBe(
      'mongodb://m:27017/cases',
    );
    expect(defaultDocuments('esdb://h:2113?tls=false', 'memory', '/srv/data')).toBe(
      'file:/srv/data/documents',
    );
  });
});
