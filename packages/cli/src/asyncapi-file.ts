import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedEnv } from './model/embedded.ts';
import { runSystem } from './system.ts';

/**
 * The AsyncAPI document of the whole system, as the embedded system serves it at
 * /docs/asyncapi.json once every module started its consumer groups (a throwaway store in a temp dir).
 */
export async function systemAsyncApi(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'landcase-asyncapi-'));
  try {
    const system = await runSystem(embeddedEnv(dir, 'error'), { handleSignals: false });
    try {
      const res = await fetch(`${system.address}/docs/asyncapi.json`);
      if (!res.ok) throw new Error(`/docs/asyncapi.json answered ${res.status}`);
      return await res.json();
    } finally {
      await system.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
