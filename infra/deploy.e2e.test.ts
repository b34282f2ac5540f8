import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEntry, ENTRIES } from './build.ts';

// What the Dockerfile does, without Docker: `pnpm build` (infra/build.ts), then infra/deploy.sh
// (the production dependencies, flat, beside the bundles), then the image's command,
// `node dist/main.mjs`, with plain node: no tsx, no TypeScript, no dev dependency. The audit
// service runs as docker-compose.yml runs it: NODE_ENV=production, Kafka, MongoDB, and the signing
// key that make-signing-key left on its volume, which must survive a restart.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const kafka = process.env.LANDCASE_TEST_KAFKA;
const mongo = process.env.LANDCASE_TEST_MONGO;
const SECRET = 'deploy-test-secret-of-at-least-32-characters';
const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'landcase-deploy-'));
const apps: Record<string, string> = {};
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!kafka || !mongo) {
    throw new Error(
      'LANDCASE_TEST_KAFKA and LANDCASE_TEST_MONGO must point to running servers: run the tests with `pnpm test`, which starts them',
    );
  }
  for (const name of ['detection', 'audit', 'cli']) {
    const dist = join(dir, 'build', name);
    await buildEntry(ENTRIES.find((e) => e.name === name)!, dist);
    apps[name] = join(dir, 'app', name);
    await run('bash', [join(ROOT, 'infra/deploy.sh'), name, apps[name]!], {
      env: { ...process.env, DIST: dist },
    });
  }
}, 300_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The environment the child sees: nothing of this test runner's (no tsx loader, no NODE_ENV=test). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** `node dist/<file>` in the deployed directory, as the image's CMD runs it. */
async function startApp(app: string, env: Record<string, string>) {
  const port = await freePort();
  let log = '';
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.mjs'], {
    cwd: app,
    env: cleanEnv({ LANDCASE_HOST: '127.0.0.1', LANDCASE_PORT: String(port), LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout!.on('data', (c) => {
    log += String(c);
  });
  child.stderr!.on('data', (c) => {
    log += String(c);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${log}`);
    const ready = await fetch(`${base}/ready`).catch(() => null);
    if (ready?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`not ready within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    log: () => log,
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A bearer token made by the compiled CLI, as an operator would make one. */
async function token(agency: string, roles: string) {
  const { stdout } = await run(
    process.execPath,
    ['dist/main.mjs', 'token', '--agency', agency, '--division', '141181', '--roles', roles],
    { cwd: apps.cli, env: cleanEnv({ LANDCASE_JWT_SECRET: SECRET }) },
  );
  return stdout.trim();
}

describe('the deployed bundles', () => {
  it('hold compiled JavaScript and production dependencies only', () => {
    for (const app of Object.values(apps)) {
      expect(readdirSync(app).sort()).toEqual(['dist', 'node_modules', 'package.json']);
      expect(readdirSync(join(app, 'dist')).filter((f) => f.endsWith('.ts'))).toEqual([]);
      for (const dev of ['tsx', 'typescript', 'vitest', 'esbuild', '@biomejs', 'fast-check', '@landcase']) {
        expect(existsSync(join(app, 'node_modules', dev)), `${dev} in ${app}`).toBe(false);
      }
      expect(existsSync(join(app, 'node_modules', 'better-sqlite3'))).toBe(true);
    }
  });

  it('run a service with plain node: health, readiness, docs and a command that writes', async () => {
    const detection = await startApp(apps.detection!, {
      LANDCASE_DATA_DIR: join(dir, 'detection-data'),
      LANDCASE_JWT_SECRET: SECRET,
      NODE_ENV: 'production',
    });
    expect(await (await fetch(`${detection.base}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${detection.base}/docs/json`)).status).toBe(200);
    const grid = await token('grid', 'officer');
    const reported = await fetch(`${detection.base}/detection/clues`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grid}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'patrol',
        externalRef: 'deploy-test-1',
        divisionCode: '141181',
        landClass: 'farmland',
        observedAt: '2026-03-02T09:00:00+08:00',
        areaMu: 3,
        parcel: {
          type: 'Polygon',
          coordinates: [
            [
              [111.79, 37.26],
              [111.7907, 37.26],
              [111.7907, 37.2605],
              [111.79, 37.26],
            ],
          ],
        },
      }),
    });
    expect(reported.status).toBe(201);
    expect(existsSync(join(dir, 'detection-data', 'landcase.db'))).toBe(true);
    expect(await detection.stop()).toBe(0);
  });

  it('keep the audit signing key that make-signing-key made across restarts, on Kafka and MongoDB', async () => {
    const key = join(dir, 'keys', 'audit-signing-key.pem');
    const make = () =>
      run(process.execPath, ['dist/make-signing-key.mjs'], {
        cwd: apps.audit,
        env: cleanEnv({ LANDCASE_AUDIT_SIGNING_KEY: key }),
      });
    const made = await make();
    const keyId = /^made the audit signing key ([0-9a-f]{64}) at /.exec(made.stdout)?.[1];
    expect(keyId).toBeDefined();
    expect((await make()).stdout).toBe(made.stdout.replace(/^made/, 'kept'));

    const env = {
      NODE_ENV: 'production',
      LANDCASE_JWT_SECRET: SECRET,
      LANDCASE_AUDIT_SIGNING_KEY: key,
      LANDCASE_SERVICES: 'audit',
      LANDCASE_EVENTSTORE: `sqlite:${join(dir, 'audit.db')}`,
      LANDCASE_BUS: `kafka://${kafka}`,
      LANDCASE_READMODELS: `${mongo!.replace(/\/+$/, '')}/lc_deploy_${Date.now().toString(36)}`,
    };
    const auditor = await token('audit', 'auditor');
    const head = async (base: string) =>
      (await (
        await fetch(`${base}/audit/tree-head`, { headers: { authorization: `Bearer ${auditor}` } })
      ).json()) as {
        keyId: string;
      };
    const first = await startApp(apps.audit!, env);
    expect((await head(first.base)).keyId).toBe(keyId);
    expect(await first.stop()).toBe(0);
    const second = await startApp(apps.audit!, env);
    expect((await head(second.base)).keyId).toBe(keyId);
    expect(await second.stop()).toBe(0);
  });

  it('refuse to run the audit service in production without a signing key', async () => {
    await expect(
      startApp(apps.audit!, {
        NODE_ENV: 'production',
        LANDCASE_JWT_SECRET: SECRET,
        LANDCASE_SERVICES: 'audit',
      }),
    ).rejects.toThrow(/LANDCASE_AUDIT_SIGNING_KEY must be set in production/);
  });

  it('run the compiled CLI', async () => {
    const { stdout } = await run(process.execPath, ['dist/main.mjs', '--help'], {
      cwd: apps.cli,
      env: cleanEnv({}),
    });
    expect(stdout).toMatch(/^Usage: landcase/);
  });
});
