import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Checks docker-compose.yml with the real docker-compose (which needs no Docker engine for this).

const repo = fileURLToPath(new URL('..', import.meta.url));

function compose(...args: string[]): string {
  try {
    return execFileSync('docker-compose', ['-f', 'docker-compose.yml', ...args], {
      cwd: repo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'docker-compose is not installed, so docker-compose.yml cannot be checked (Debian/Ubuntu: apt-get install -y docker-compose; .ci/run installs it)',
      );
    }
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`docker-compose ${args.join(' ')} failed:\n${stderr || String(error)}`);
  }
}

describe('docker-compose.yml', () => {
  it('is a valid compose file', () => {
    expect(compose('config', '-q')).toBe('');
  });

  it('runs Kafka, EventStoreDB, MongoDB and the five services', () => {
    const services = compose('config', '--services').trim().split('\n').sort();
    expect(services).toEqual(
      ['audit', 'detection', 'enforcement', 'eventstore', 'kafka', 'mongo', 'referral', 'remediation'].sort(),
    );
  });
});
