import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real Compose implementation's own reading of docker-compose.yml, where one is installed
// (`docker-compose`, or the `docker compose` plugin; neither needs a Docker engine for `config`).
// It is not among the project's requirements: compose.unit.test.ts checks the file without it.

const repo = fileURLToPath(new URL('..', import.meta.url));
const ENV = { ...process.env, LANDCASE_JWT_SECRET: 'compose-test-secret-of-at-least-32-chars' };

function answers(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The command that runs Compose here, or null. */
const cli: [string, ...string[]] | null = answers('docker-compose', ['version'])
  ? ['docker-compose']
  : answers('docker', ['compose', 'version'])
    ? ['docker', 'compose']
    : null;

const SKIPPED = cli
  ? ''
  : ' — skipped: neither docker-compose nor docker compose is installed on this machine';

function compose(...args: string[]): string {
  const [command, ...prefix] = cli!;
  return execFileSync(command, [...prefix, '-f', 'docker-compose.yml', ...args], {
    cwd: repo,
    env: ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('docker-compose.yml, read by Compose itself', () => {
  it.skipIf(!cli)(`docker-compose config -q accepts it${SKIPPED}`, () => {
    expect(compose('config', '-q')).toBe('');
  });

  it.skipIf(!cli)(
    `docker-compose config --services lists Kafka, EventStoreDB, MongoDB and the five services${SKIPPED}`,
    () => {
      expect(compose('config', '--services').trim().split('\n').sort()).toEqual(
        [
          'audit',
          'detection',
          'enforcement',
          'eventstore',
          'kafka',
          'mongo',
          'referral',
          'remediation',
        ].sort(),
      );
    },
  );
});
