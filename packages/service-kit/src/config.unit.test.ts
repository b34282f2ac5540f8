import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from './config.ts';

const errorOf = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig({ NODE_ENV: 'test', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
};

describe('loadConfig', () => {
  it('defaults to the embedded mode', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: './data',
      eventStore: 'sqlite:./data/landcase.db',
      bus: 'memory',
      readModels: 'memory',
      jwtSecret: DEV_JWT_SECRET,
      jwtSecretIsDefault: true,
      services: ['detection', 'enforcement', 'referral', 'remediation', 'audit'],
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LANDCASE_PORT: '9001',
      LANDCASE_HOST: '127.0.0.1',
      LANDCASE_DATA_DIR: '/var/lib/landcase/',
      LANDCASE_BUS: 'kafka://broker-1:9092,broker-2:9092',
      LANDCASE_READMODELS: 'mongodb://127.0.0.1:27017/landcase',
      LANDCASE_JWT_SECRET: 'x'.repeat(40),
      LANDCASE_SERVICES: 'referral, detection',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 9001,
      host: '127.0.0.1',
      eventStore: 'sqlite:/var/lib/landcase/landcase.db',
      bus: 'kafka://broker-1:9092,broker-2:9092',
      readModels: 'mongodb://127.0.0.1:27017/landcase',
      jwtSecretIsDefault: false,
      services: ['referral', 'detection'],
      logLevel: 'debug',
    });
    expect(loadConfig({ NODE_ENV: 'test', LANDCASE_EVENTSTORE: 'esdb://db:2113?tls=false' }).eventStore).toBe(
      'esdb://db:2113?tls=false',
    );
  });

  it('names the variable, the bad value and what is expected', () => {
    expect(errorOf({ LANDCASE_BUS: 'kafak://x' }).message).toBe(
      'LANDCASE_BUS must be "memory" or "kafka://host:port", got "kafak://x"',
    );
    expect(errorOf({ LANDCASE_PORT: '70000' }).message).toBe(
      'LANDCASE_PORT must be a port number 0-65535, got "70000"',
    );
    expect(errorOf({ LANDCASE_EVENTSTORE: 'postgres://x' }).message).toMatch(
      /^LANDCASE_EVENTSTORE must be "sqlite:<path>"/,
    );
    expect(errorOf({ LANDCASE_READMODELS: 'mongo://x' }).message).toMatch(
      /^LANDCASE_READMODELS must be "memory" or/,
    );
    expect(errorOf({ LANDCASE_JWT_SECRET: 'short' }).message).toMatch(
      /^LANDCASE_JWT_SECRET must be a secret of at least 32/,
    );
    expect(errorOf({ LOG_LEVEL: 'loud' }).message).toMatch(/^LOG_LEVEL must be one of fatal, error/);
  });

  it('reports every bad variable at once', () => {
    const error = errorOf({ LANDCASE_SERVICES: 'detection,billing', LANDCASE_BUS: 'kafka://nohost' });
    expect(error.problems).toHaveLength(2);
    expect(error.problems.join('\n')).toContain(
      'LANDCASE_SERVICES must be a comma-separated list of detection,',
    );
    expect(error.problems.join('\n')).toContain('got "detection,billing"');
    expect(error.problems.join('\n')).toContain('LANDCASE_BUS must be');
  });

  it('warns about the development secret outside tests only', () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    loadConfig({ NODE_ENV: 'production' }, log);
    expect(lines.join('')).toContain('LANDCASE_JWT_SECRET is not set');
    lines.length = 0;
    loadConfig({ NODE_ENV: 'test' }, log);
    loadConfig({ NODE_ENV: 'production', LANDCASE_JWT_SECRET: 's'.repeat(32) }, log);
    expect(lines).toEqual([]);
  });
});
