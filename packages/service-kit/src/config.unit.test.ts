import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from './config.ts';
import { runService } from './runtime.ts';

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

  it('warns about the development secret in development, never in tests', () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    loadConfig({ NODE_ENV: 'development' }, log);
    expect(lines.join('')).toContain('LANDCASE_JWT_SECRET is not set');
    lines.length = 0;
    loadConfig({ NODE_ENV: 'test' }, log);
    loadConfig({ NODE_ENV: 'production', LANDCASE_JWT_SECRET: 's'.repeat(32) }, log);
    loadConfig({ NODE_ENV: 'development', LANDCASE_JWT_PUBLIC_KEY: publicKeyPem }, log);
    expect(lines).toEqual([]);
  });
});

const { publicKey } = generateKeyPairSync('ed25519');
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('identity under NODE_ENV=production', () => {
  it('refuses to start without a secret of its own', () => {
    expect(errorOf({ NODE_ENV: 'production' }).problems).toEqual([
      expect.stringMatching(/^LANDCASE_JWT_SECRET must be set under NODE_ENV=production/),
    ]);
  });

  it('refuses the development secret even when it is passed explicitly', () => {
    const error = errorOf({ NODE_ENV: 'production', LANDCASE_JWT_SECRET: DEV_JWT_SECRET });
    expect(error.problems).toEqual([
      expect.stringMatching(
        /^LANDCASE_JWT_SECRET must not be the public development secret under NODE_ENV=production/,
      ),
    ]);
    // Outside production the same value is the development default it always was.
    expect(loadConfig({ NODE_ENV: 'test', LANDCASE_JWT_SECRET: DEV_JWT_SECRET }).jwtSecretIsDefault).toBe(
      true,
    );
  });

  it("starts with its own secret, or with an identity provider's public key or https JWKS", () => {
    expect(loadConfig({ NODE_ENV: 'production', LANDCASE_JWT_SECRET: 'p'.repeat(32) })).toMatchObject({
      jwtSecretIsDefault: false,
    });
    expect(loadConfig({ NODE_ENV: 'production', LANDCASE_JWT_PUBLIC_KEY: publicKeyPem })).toMatchObject({
      jwtSecretIsDefault: true,
      jwtPublicKey: publicKeyPem,
    });
    expect(
      loadConfig({ NODE_ENV: 'production', LANDCASE_JWT_JWKS_URL: 'https://idp.example/jwks.json' })
        .jwtJwksUrl,
    ).toBe('https://idp.example/jwks.json');
  });

  it('refuses a JWKS fetched over plain http', () => {
    expect(
      errorOf({ NODE_ENV: 'production', LANDCASE_JWT_JWKS_URL: 'http://idp.example/jwks' }).message,
    ).toMatch(/^LANDCASE_JWT_JWKS_URL must be an https URL under NODE_ENV=production/);
    expect(
      loadConfig({ NODE_ENV: 'test', LANDCASE_JWT_JWKS_URL: 'http://127.0.0.1:1/jwks' }).jwtJwksUrl,
    ).toBe('http://127.0.0.1:1/jwks');
  });

  it('runService throws that ConfigError before it connects or listens', async () => {
    await expect(runService([], { NODE_ENV: 'production', LANDCASE_PORT: '0' })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});

describe('token settings', () => {
  it('defaults: issuer landcase, no audience, a day at most', () => {
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({
      jwtIssuer: 'landcase',
      jwtMaxTtlSeconds: 86_400,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).jwtAudience).toBeUndefined();
  });

  it('reads issuer, audience and the maximum lifetime', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LANDCASE_JWT_ISSUER: 'https://idp.example',
      LANDCASE_JWT_AUDIENCE: 'landcase-api',
      LANDCASE_JWT_MAX_TTL: '8h',
    });
    expect(config).toMatchObject({
      jwtIssuer: 'https://idp.example',
      jwtAudience: 'landcase-api',
      jwtMaxTtlSeconds: 8 * 3600,
    });
    for (const [span, seconds] of [
      ['900', 900],
      ['90m', 5400],
      ['2d', 172_800],
      ['30s', 30],
    ] as const) {
      expect(loadConfig({ NODE_ENV: 'test', LANDCASE_JWT_MAX_TTL: span }).jwtMaxTtlSeconds).toBe(seconds);
    }
    expect(errorOf({ LANDCASE_JWT_MAX_TTL: '1 week' }).message).toMatch(
      /^LANDCASE_JWT_MAX_TTL must be the longest/,
    );
    expect(errorOf({ LANDCASE_JWT_MAX_TTL: '0' }).message).toMatch(/^LANDCASE_JWT_MAX_TTL must be/);
  });

  it('names a public key that cannot be read or cannot verify tokens', () => {
    expect(errorOf({ LANDCASE_JWT_PUBLIC_KEY: '/nonexistent/key.pem' }).message).toMatch(
      /^LANDCASE_JWT_PUBLIC_KEY must be a public key PEM \(RSA, EC or Ed25519\) or the path of one: ENOENT/,
    );
    const { publicKey: x25519 } = generateKeyPairSync('x25519');
    expect(
      errorOf({ LANDCASE_JWT_PUBLIC_KEY: x25519.export({ type: 'spki', format: 'pem' }).toString() }).message,
    ).toMatch(/a x25519 key cannot verify tokens/);
  });
});

describe('HTTP settings', () => {
  it('reads the rate limit on writes; none by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimit).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test', LANDCASE_RATE_LIMIT: '100/minute' }).rateLimit).toEqual({
      max: 100,
      windowMs: 60_000,
      text: '100/minute',
    });
    expect(loadConfig({ NODE_ENV: 'test', LANDCASE_RATE_LIMIT: '5/second' }).rateLimit?.windowMs).toBe(1000);
    expect(errorOf({ LANDCASE_RATE_LIMIT: '100 per minute' }).message).toMatch(
      /^LANDCASE_RATE_LIMIT must be writes per caller and period, e.g. 100\/minute/,
    );
  });

  it('reads the metrics port and token', () => {
    expect(
      loadConfig({ NODE_ENV: 'test', LANDCASE_METRICS_PORT: '9464', LANDCASE_METRICS_TOKEN: 'm'.repeat(32) }),
    ).toMatchObject({ metricsPort: 9464, metricsToken: 'm'.repeat(32) });
    expect(errorOf({ LANDCASE_METRICS_PORT: '8080' }).message).toBe(
      'LANDCASE_METRICS_PORT must differ from LANDCASE_PORT, got 8080 for both',
    );
    expect(errorOf({ LANDCASE_METRICS_TOKEN: 'short' }).message).toMatch(
      /^LANDCASE_METRICS_TOKEN must be a token of at least 32/,
    );
  });

  it('reads how the consumer lag is sampled and judged, and the margin for deadlines at risk', () => {
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({
      lagSampleMs: 30_000,
      lagWindow: 10,
      atRiskMarginMs: 300_000,
    });
    expect(
      loadConfig({
        NODE_ENV: 'test',
        LANDCASE_LAG_SAMPLE_INTERVAL: '5s',
        LANDCASE_LAG_WINDOW: '4',
        LANDCASE_AT_RISK_MARGIN: '1h',
      }),
    ).toMatchObject({ lagSampleMs: 5000, lagWindow: 4, atRiskMarginMs: 3_600_000 });
    expect(loadConfig({ NODE_ENV: 'test', LANDCASE_AT_RISK_MARGIN: '0' }).atRiskMarginMs).toBe(0);
    expect(errorOf({ LANDCASE_LAG_WINDOW: '1' }).message).toMatch(/^LANDCASE_LAG_WINDOW must be the samples/);
    expect(errorOf({ LANDCASE_LAG_SAMPLE_INTERVAL: '0' }).message).toMatch(
      /^LANDCASE_LAG_SAMPLE_INTERVAL must be how often/,
    );
  });
});

describe('deadline settings', () => {
  it('reads how many working days before its due date a deadline is due soon; 2 by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).dueSoonWorkingDays).toBe(2);
    expect(loadConfig({ NODE_ENV: 'test', LANDCASE_DUE_SOON_WORKING_DAYS: '5' }).dueSoonWorkingDays).toBe(5);
    expect(loadConfig({ NODE_ENV: 'test', LANDCASE_DUE_SOON_WORKING_DAYS: '0' }).dueSoonWorkingDays).toBe(0);
    for (const bad of ['-1', 'two', '2.5', '100']) {
      expect(errorOf({ LANDCASE_DUE_SOON_WORKING_DAYS: bad }).message).toMatch(
        /^LANDCASE_DUE_SOON_WORKING_DAYS must be a number of working days 0-99/,
      );
    }
  });
});
