import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@landcase/eventstore';
import { afterEach, describe, expect, it } from 'vitest';
import { refusingStore } from './refusing-store.ts';

const event = (id: string, caseId: string) => ({ id, type: 'Noted', data: { caseId }, metadata: {} });

describe('refusingStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'landcase-refusing-'));
  const file = join(dir, 'poisoned');
  afterEach(() => rmSync(file, { force: true }));

  it('refuses the appends of the cases named in the file until the file no longer names them', async () => {
    const inner = SqliteEventStore.open(':memory:');
    const store = refusingStore(inner, file);
    writeFileSync(file, 'case-b\n');
    await store.append('s-a', [event('00000000-0000-4000-8000-000000000001', 'case-a')], 'no_stream');
    await expect(
      store.append('s-b', [event('00000000-0000-4000-8000-000000000002', 'case-b')], 'no_stream'),
    ).rejects.toThrow('fault injected: the store refuses case case-b');
    expect(await inner.readStream('s-b')).toEqual([]);

    writeFileSync(file, '');
    await store.append('s-b', [event('00000000-0000-4000-8000-000000000002', 'case-b')], 'no_stream');
    expect((await store.readStream('s-b')).map((e) => e.data.caseId)).toEqual(['case-b']);
    expect((await store.readStream('s-a')).map((e) => e.data.caseId)).toEqual(['case-a']);
    await store.close();
  });

  it('refuses nothing while there is no file', async () => {
    const store = refusingStore(SqliteEventStore.open(':memory:'), join(dir, 'absent'));
    await store.append('s', [event('00000000-0000-4000-8000-000000000003', 'case-a')], 'no_stream');
    expect(await store.readStream('s')).toHaveLength(1);
    await store.close();
  });
});
