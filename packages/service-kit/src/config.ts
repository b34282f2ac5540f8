import { dirname, join } from 'node:path';
import { SERVICES, type ServiceName } from '@landcase/contracts';
import { type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import pino, { type Logger } from 'pino';
import { DEFAULT_DUE_SOON_WORKING_DAYS } from './deadlines/due.ts';
import { readPublicKey } from './token-keys.ts';

/** Signs development tokens when LANDCASE_JWT_SECRET is unset. Never use it in production. */
export const DEV_JWT_SECRET = 'landcase-development-secret-not-for-production';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `sqlite:<path>` (`sqlite::memory:` for a throwaway store) or `esdb://host:port?tls=false`. */
  eventStore: string;
  /** `memory` or `kafka://host:port[,host:port...]`. */
  bus: string;
  /** `memory` or `mongodb://host:port/db`. */
  readModels: string;
  /**
   * Where documents' bytes are kept (documents/): `memory`, `file:<dir>` or `mongodb://host:port/db`
   * (GridFS). Unset: beside the SQLite event store (`<its dir>/documents`), in memory beside an
   * in-memory one, else in the read models' MongoDB, else `<dataDir>/documents`.
   */
  documents: string;
  /** Signs development tokens (`mintToken`) and, unless it is the default beside a public key, checks HS256 tokens. */
  jwtSecret: string;
  /** True when the secret is the public development default. */
  jwtSecretIsDefault: boolean;
  /** The `iss` every token must carry (and `mintToken` writes). */
  jwtIssuer: string;
  /** The `aud` every token must carry when set (and `mintToken` writes). */
  jwtAudience?: string;
  /** The longest lifetime (`exp - iat`, in seconds) a token may have. */
  jwtMaxTtlSeconds: number;
  /** A public key PEM (or the path of one) that verifies an identity provider's tokens. */
  jwtPublicKey?: string;
  /** The JWKS URL of an identity provider whose keys verify its tokens. */
  jwtJwksUrl?: string;
  /** At most `max` writes per caller in `windowMs`; unset: no limit. */
  rateLimit?: RateLimit;
  /** Serve `/metrics` on this port alone (and not on `port`). */
  metricsPort?: number;
  /** The bearer token `/metrics` requires when set. */
  metricsToken?: string;
  /** How often the consumer groups' lag is sampled (ms). Default 30 s. */
  lagSampleMs: number;
  /** Samples per partition a group's status is judged on. Default 10. */
  lagWindow: number;
  /** Added to the streams' lag when looking for deadlines it endangers (ms). Default 5 minutes. */
  atRiskMarginMs: number;
  /** Which services this process runs. */
  services: ServiceName[];
  logLevel: LogLevel;
  nodeEnv: string;
  /**
   * The audit service's tree head signing key: an Ed25519 private key (PKCS#8 PEM) or the path of
   * one. Unset outside production, the audit service makes one for the run and warns.
   */
  auditSigningKey?: string;
  /** A deadline is due soon (`due.soon`, `dueSoon=true`) at this many working days left or fewer. */
  dueSoonWorkingDays: number;
  /** The directory of provincial and city rule-set overlays (`rule-overlays.ts`); unset: the base rule set everywhere. */
  ruleOverlays?: string;
}

export interface RateLimit {
  max: number;
  windowMs: number;
  /** As configured, e.g. `100/minute`. */
  text: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const SERVICE_ALT = SERVICES.join('|');
const PORT_PATTERN = '^([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$';
const HOST_PORT = '[A-Za-z0-9.-]+:[0-9]{1,5}';
const WINDOWS_MS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
const SPAN_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** The longest token lifetime accepted unless LANDCASE_JWT_MAX_TTL says otherwise: a day. */
export const DEFAULT_MAX_TTL_SECONDS = 24 * 3600;

// Each variable: the schema its raw string must satisfy and the words a person needs to fix it.
const VARIABLES = {
  LANDCASE_PORT: { schema: Type.String({ pattern: PORT_PATTERN }), expected: 'a port number 0-65535' },
  LANDCASE_HOST: { schema: Type.String({ minLength: 1 }), expected: 'a host name or address to listen on' },
  LANDCASE_DATA_DIR: { schema: Type.String({ minLength: 1 }), expected: 'a directory path' },
  LANDCASE_EVENTSTORE: {
    schema: Type.String({ pattern: '^(sqlite:.+|esdb(\\+discover)?://.+)$' }),
    expected: '"sqlite:<path>" or "esdb://host:port[?tls=false]"',
  },
  LANDCASE_BUS: {
    schema: Type.String({ pattern: `^(memory|kafka://${HOST_PORT}(,${HOST_PORT})*)$` }),
    expected: '"memory" or "kafka://host:port"',
  },
  LANDCASE_READMODELS: {
    schema: Type.String({ pattern: '^(memory|mongodb(\\+srv)?://.+)$' }),
    expected: '"memory" or "mongodb://host:port/db"',
  },
  LANDCASE_DOCUMENTS: {
    schema: Type.String({ pattern: '^(memory|file:.+|mongodb(\\+srv)?://.+)$' }),
    expected: '"memory", "file:<dir>" or "mongodb://host:port/db"',
  },
  LANDCASE_JWT_SECRET: {
    schema: Type.String({ minLength: 32 }),
    expected: 'a secret of at least 32 characters',
  },
  LANDCASE_JWT_ISSUER: {
    schema: Type.String({ minLength: 1, maxLength: 256 }),
    expected: 'the issuer (iss) tokens must name',
  },
  LANDCASE_JWT_AUDIENCE: {
    schema: Type.String({ minLength: 1, maxLength: 256 }),
    expected: 'the audience (aud) tokens must name',
  },
  LANDCASE_JWT_MAX_TTL: {
    schema: Type.String({ pattern: '^[1-9][0-9]{0,8}[smhd]?$' }),
    expected: 'the longest token lifetime: seconds, or a number with s, m, h or d (e.g. 24h)',
  },
  LANDCASE_JWT_PUBLIC_KEY: {
    schema: Type.String({ minLength: 1 }),
    expected: 'a public key PEM (RSA, EC or Ed25519) or the path of one',
  },
  LANDCASE_JWT_JWKS_URL: {
    schema: Type.String({ pattern: '^https?://[^\\s]+$' }),
    expected: 'the http(s) URL of a JSON Web Key Set',
  },
  LANDCASE_RATE_LIMIT: {
    schema: Type.String({ pattern: `^[1-9][0-9]{0,8}/(${Object.keys(WINDOWS_MS).join('|')})$` }),
    expected: 'writes per caller and period, e.g. 100/minute (second, minute, hour or day)',
  },
  LANDCASE_METRICS_PORT: {
    schema: Type.String({ pattern: PORT_PATTERN }),
    expected: 'a port number 0-65535',
  },
  LANDCASE_METRICS_TOKEN: {
    schema: Type.String({ pattern: '^[\\x21-\\x7e]{32,}$' }),
    expected: 'a token of at least 32 printable characters, without spaces',
  },
  LANDCASE_LAG_SAMPLE_INTERVAL: {
    schema: Type.String({ pattern: '^[1-9][0-9]{0,8}[smhd]?$' }),
    expected: 'how often to sample the consumer lag: seconds, or a number with s, m, h or d (e.g. 30s)',
  },
  LANDCASE_LAG_WINDOW: {
    schema: Type.String({ pattern: '^([2-9]|[1-9][0-9]{1,2})$' }),
    expected: 'the samples a consumer status is judged on, 2-999',
  },
  LANDCASE_AT_RISK_MARGIN: {
    schema: Type.String({ pattern: '^(0|[1-9][0-9]{0,8}[smhd]?)$' }),
    expected:
      'the margin added to the lag for deadlines at risk: seconds, or a number with s, m, h or d (e.g. 5m)',
  },
  LANDCASE_SERVICES: {
    schema: Type.String({ pattern: `^\\s*(${SERVICE_ALT})(\\s*,\\s*(${SERVICE_ALT}))*\\s*$` }),
    expected: `a comma-separated list of ${SERVICES.join(', ')}`,
  },
  LOG_LEVEL: {
    schema: Type.Union(LOG_LEVELS.map((l) => Type.Literal(l))),
    expected: `one of ${LOG_LEVELS.join(', ')}`,
  },
  LANDCASE_AUDIT_SIGNING_KEY: {
    schema: Type.String({ minLength: 1 }),
    expected: 'an Ed25519 private key PEM or the path of one',
  },
  LANDCASE_DUE_SOON_WORKING_DAYS: {
    schema: Type.String({ pattern: '^[0-9]{1,2}$' }),
    expected: 'a number of working days 0-99',
  },
  LANDCASE_RULE_OVERLAYS: {
    schema: Type.String({ minLength: 1 }),
    expected: 'the directory of the rule-set overlays (JSON files, e.g. rules/overlays)',
  },
} satisfies Record<string, { schema: TSchema; expected: string }>;

type VariableName = keyof typeof VARIABLES;

/** Every variable loadConfig reads (NODE_ENV aside), for checks of deployment files. */
export const CONFIG_VARIABLES: readonly VariableName[] = Object.freeze(
  Object.keys(VARIABLES) as VariableName[],
);

/**
 * Reads the configuration from the environment. Every bad variable is reported at once, each
 * naming the variable, the value found and what was expected. `log` receives the warning about
 * the development secret (default: a pino logger on stderr, so that stdout stays clean for
 * commands that print, like `landcase token`).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, log?: Logger): Config {
  const raw: Partial<Record<VariableName, string>> = {};
  const problems: string[] = [];
  for (const [name, { schema, expected }] of Object.entries(VARIABLES) as [
    VariableName,
    (typeof VARIABLES)[VariableName],
  ][]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (!Value.Check(schema, value))
      problems.push(`${name} must be ${expected}, got ${JSON.stringify(value)}`);
    else raw[name] = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = raw.LANDCASE_DATA_DIR ?? './data';
  // NODE_ENV belongs to the process: a caller passing its own variables still runs under it.
  const nodeEnv = env.NODE_ENV ?? process.env.NODE_ENV ?? 'development';
  const logLevel = (raw.LOG_LEVEL ?? 'info') as LogLevel;
  problems.push(...identityProblems(raw, nodeEnv));
  if (raw.LANDCASE_METRICS_PORT !== undefined && raw.LANDCASE_METRICS_PORT !== '0') {
    if (Number(raw.LANDCASE_METRICS_PORT) === Number(raw.LANDCASE_PORT ?? 8080)) {
      problems.push(
        `LANDCASE_METRICS_PORT must differ from LANDCASE_PORT, got ${raw.LANDCASE_METRICS_PORT} for both`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const eventStore = raw.LANDCASE_EVENTSTORE ?? `sqlite:${dataDir.replace(/\/+$/, '')}/landcase.db`;
  const readModels = raw.LANDCASE_READMODELS ?? 'memory';
  const config: Config = {
    port: Number(raw.LANDCASE_PORT ?? 8080),
    host: raw.LANDCASE_HOST ?? '0.0.0.0',
    dataDir,
    eventStore,
    bus: raw.LANDCASE_BUS ?? 'memory',
    readModels,
    documents: raw.LANDCASE_DOCUMENTS ?? defaultDocuments(eventStore, readModels, dataDir),
    jwtSecret: raw.LANDCASE_JWT_SECRET ?? DEV_JWT_SECRET,
    jwtSecretIsDefault: (raw.LANDCASE_JWT_SECRET ?? DEV_JWT_SECRET) === DEV_JWT_SECRET,
    jwtIssuer: raw.LANDCASE_JWT_ISSUER ?? DEFAULT_ISSUER,
    ...(raw.LANDCASE_JWT_AUDIENCE ? { jwtAudience: raw.LANDCASE_JWT_AUDIENCE } : {}),
    jwtMaxTtlSeconds: raw.LANDCASE_JWT_MAX_TTL
      ? secondsOf(raw.LANDCASE_JWT_MAX_TTL)
      : DEFAULT_MAX_TTL_SECONDS,
    ...(raw.LANDCASE_JWT_PUBLIC_KEY ? { jwtPublicKey: raw.LANDCASE_JWT_PUBLIC_KEY } : {}),
    ...(raw.LANDCASE_JWT_JWKS_URL ? { jwtJwksUrl: raw.LANDCASE_JWT_JWKS_URL } : {}),
    ...(raw.LANDCASE_RATE_LIMIT ? { rateLimit: rateLimitOf(raw.LANDCASE_RATE_LIMIT) } : {}),
    ...(raw.LANDCASE_METRICS_PORT ? { metricsPort: Number(raw.LANDCASE_METRICS_PORT) } : {}),
    ...(raw.LANDCASE_METRICS_TOKEN ? { metricsToken: raw.LANDCASE_METRICS_TOKEN } : {}),
    lagSampleMs: 1000 * (raw.LANDCASE_LAG_SAMPLE_INTERVAL ? secondsOf(raw.LANDCASE_LAG_SAMPLE_INTERVAL) : 30),
    lagWindow: Number(raw.LANDCASE_LAG_WINDOW ?? 10),
    atRiskMarginMs: 1000 * (raw.LANDCASE_AT_RISK_MARGIN ? secondsOf(raw.LANDCASE_AT_RISK_MARGIN) : 300),
    services: raw.LANDCASE_SERVICES
      ? [...new Set(raw.LANDCASE_SERVICES.split(',').map((s) => s.trim() as ServiceName))]
      : [...SERVICES],
    logLevel,
    nodeEnv,
    ...(raw.LANDCASE_AUDIT_SIGNING_KEY ? { auditSigningKey: raw.LANDCASE_AUDIT_SIGNING_KEY } : {}),
    dueSoonWorkingDays: Number(raw.LANDCASE_DUE_SOON_WORKING_DAYS ?? DEFAULT_DUE_SOON_WORKING_DAYS),
    ...(raw.LANDCASE_RULE_OVERLAYS ? { ruleOverlays: raw.LANDCASE_RULE_OVERLAYS } : {}),
  };
  if (usesDevelopmentSecret(config) && nodeEnv !== 'test') {
    (log ?? pino({ level: logLevel }, pino.destination(2))).warn(
      'LANDCASE_JWT_SECRET is not set: tokens are signed with the public development secret; set it in production',
    );
  }
  return config;
}

/** The issuer `mintToken` writes and every token must name unless LANDCASE_JWT_ISSUER says otherwise. */
export const DEFAULT_ISSUER = 'landcase';

/**
 * True when HS256 tokens signed with the public development secret are accepted: outside
 * production, when nothing else verifies tokens. A public key or JWKS turns it off.
 */
export const usesDevelopmentSecret = (
  config: Pick<Config, 'jwtSecretIsDefault' | 'jwtPublicKey' | 'jwtJwksUrl'>,
): boolean => config.jwtSecretIsDefault && !config.jwtPublicKey && !config.jwtJwksUrl;

/**
 * What production needs of identity: its own way to verify tokens (a secret that is not the
 * public development one, or an identity provider's public key or JWKS over https), and a public
 * key that can be read.
 */
function identityProblems(raw: Partial<Record<VariableName, string>>, nodeEnv: string): string[] {
  const problems: string[] = [];
  if (raw.LANDCASE_JWT_PUBLIC_KEY) {
    try {
      readPublicKey(raw.LANDCASE_JWT_PUBLIC_KEY);
    } catch (error) {
      problems.push(
        `LANDCASE_JWT_PUBLIC_KEY must be ${VARIABLES.LANDCASE_JWT_PUBLIC_KEY.expected}: ${(error as Error).message}`,
      );
    }
  }
  if (nodeEnv !== 'production') return problems;
  if (raw.LANDCASE_JWT_SECRET === DEV_JWT_SECRET) {
    problems.push(
      'LANDCASE_JWT_SECRET must not be the public development secret under NODE_ENV=production: anyone can sign tokens with it',
    );
  } else if (!raw.LANDCASE_JWT_SECRET && !raw.LANDCASE_JWT_PUBLIC_KEY && !raw.LANDCASE_JWT_JWKS_URL) {
    problems.push(
      'LANDCASE_JWT_SECRET must be set under NODE_ENV=production (a secret of at least 32 characters; or ' +
        'LANDCASE_JWT_PUBLIC_KEY or LANDCASE_JWT_JWKS_URL to verify the tokens of an identity provider)',
    );
  }
  if (raw.LANDCASE_JWT_JWKS_URL?.startsWith('http://')) {
    problems.push(
      `LANDCASE_JWT_JWKS_URL must be an https URL under NODE_ENV=production, got ${JSON.stringify(raw.LANDCASE_JWT_JWKS_URL)}`,
    );
  }
  return problems;
}

/**
 * Where documents go unless LANDCASE_DOCUMENTS says: beside the SQLite event store (the embedded
 * mode's data), in memory beside an in-memory store, in the read models' MongoDB (GridFS) when
 * the events are elsewhere, else under the data dir.
 */
export function defaultDocuments(eventStore: string, readModels: string, dataDir: string): string {
  if (eventStore.startsWith('sqlite:')) {
    const path = eventStore.slice('sqlite:'.length);
    if (path === ':memory:') return 'memory';
    return `file:${join(dirname(path), 'documents')}`;
  }
  if (readModels.startsWith('mongodb')) return readModels;
  return `file:${join(dataDir, 'documents')}`;
}

/** `3600`, `90m`, `24h`, `2d` in seconds. */
function secondsOf(span: string): number {
  const unit = span.at(-1)!;
  return unit in SPAN_SECONDS
    ? Number(span.slice(0, -1)) * SPAN_SECONDS[unit as keyof typeof SPAN_SECONDS]
    : Number(span);
}

function rateLimitOf(text: string): RateLimit {
  const [max, window] = text.split('/') as [string, keyof typeof WINDOWS_MS];
  return { max: Number(max), windowMs: WINDOWS_MS[window], text };
}
