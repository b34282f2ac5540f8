import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_SECRET_NOTICE } from './dev-secret-notice.ts';

// `landcase` as a shell runs it: the bin in its own process, so that the exit status, stdout and
// stderr are what a user and a script see. Without NODE_ENV=test, which would hide the notices.

const BIN = fileURLToPath(new URL('../bin/landcase.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'landcase-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANDCASE_CACHE: join(dir, 'cache') };
  delete env.NODE_ENV;
  delete env.LANDCASE_JWT_SECRET;
  return { ...env, ...extra };
}

function landcase(args: string[], extra: Record<string, string> = {}) {
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: envWith(extra) }, (error, out, err) => {
      resolve({ code: error ? Number(error.code) : 0, out, err });
    });
  });
}

describe('the landcase command', () => {
  it('prints its help on stdout with exit 0, and names an unknown option with exit 2', async () => {
    const help = await landcase(['--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toMatch(/^Usage: landcase/);
    const bad = await landcase(['token', '--agency', 'nrb', '--division', '141181', '--tll', '1h']);
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toContain("error: unknown option '--tll'");
  });

  it('says once, not once per token, that tokens are signed with the development secret', async () => {
    const cache = { LANDCASE_CACHE: join(dir, 'fresh-cache') };
    const args = ['token', '--agency', 'nrb', '--division', '141181'];
    const first = await landcase(args, cache);
    const second = await landcase(args, cache);
    expect(first).toMatchObject({ code: 0, err: DEV_SECRET_NOTICE });
    expect(second).toMatchObject({ code: 0, err: '' });
    for (const { out } of [first, second]) expect(out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    // A secret of one's own: nothing to say.
    const own = await landcase(args, {
      LANDCASE_CACHE: join(dir, 'other-cache'),
      LANDCASE_JWT_SECRET: 's'.repeat(32),
    });
    expect(own).toMatchObject({ code: 0, err: '' });
  });

  it('start keeps its SQLite store in LANDCASE_DATA_DIR, answers /health, and stops with 0 on SIGTERM', async () => {
    const data = join(dir, 'elsewhere', 'data');
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: envWith({
        LANDCASE_DATA_DIR: data,
        LANDCASE_PORT: '0',
        LANDCASE_HOST: '127.0.0.1',
        LANDCASE_JWT_SECRET: 'e2e-secret-of-at-least-32-characters',
        LOG_LEVEL: 'info',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const address = await listeningAddress(child);
      const health = await fetch(`${address}/health`);
      expect(health.status).toBe(200);
      expect(existsSync(join(data, 'landcase.db'))).toBe(true);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

/** The address in the `landcase listening` log line (pino JSON on stdout). */
function listeningAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let errors = '';
    child.stderr!.on('data', (chunk) => {
      errors += String(chunk);
    });
    child.stdout!.on('data', (chunk) => {
      seen += String(chunk);
      for (const line of seen.split('\n')) {
        if (!line.includes('landcase listening')) continue;
        resolve((JSON.parse(line) as { address: string }).address);
      }
    });
    child.once('exit', (code) => reject(new Error(`landcase start exited with ${code}:\n${errors}${seen}`)));
  });
}
