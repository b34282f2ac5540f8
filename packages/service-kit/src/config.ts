import { SERVICES, type ServiceName } from '@landcase/contracts';
import { type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import pino, { type Logger } from 'pino';

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
  jwtSecret: string;
  /** True when the secret is the public development default. */
  jwtSecretIsDefault: boolean;
  /** Which services this process runs. */
  services: ServiceName[];
  logLevel: LogLevel;
  nodeEnv: string;
  /**
   * The audit service's tree head signing key: an Ed25519 private key (PKCS#8 PEM) or the path of
   * one. Unset outside production, the audit service makes one for the run and warns.
   */
  auditSigningKey?: string;
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
  LANDCASE_JWT_SECRET: {
    schema: Type.String({ minLength: 32 }),
    expected: 'a secret of at least 32 characters',
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
  const config: Config = {
    port: Number(raw.LANDCASE_PORT ?? 8080),
    host: raw.LANDCASE_HOST ?? '0.0.0.0',
    dataDir,
    eventStore: raw.LANDCASE_EVENTSTORE ?? `sqlite:${dataDir.replace(/\/+$/, '')}/landcase.db`,
    bus: raw.LANDCASE_BUS ?? 'memory',
    readModels: raw.LANDCASE_READMODELS ?? 'memory',
    jwtSecret: raw.LANDCASE_JWT_SECRET ?? DEV_JWT_SECRET,
    jwtSecretIsDefault: raw.LANDCASE_JWT_SECRET === undefined,
    services: raw.LANDCASE_SERVICES
      ? [...new Set(raw.LANDCASE_SERVICES.split(',').map((s) => s.trim() as ServiceName))]
      : [...SERVICES],
    logLevel,
    nodeEnv,
    ...(raw.LANDCASE_AUDIT_SIGNING_KEY ? { auditSigningKey: raw.LANDCASE_AUDIT_SIGNING_KEY } : {}),
  };
  if (config.jwtSecretIsDefault && nodeEnv !== 'test') {
    (log ?? pino({ level: logLevel }, pino.destination(2))).warn(
      'LANDCASE_JWT_SECRET is not set: tokens are signed with the public development secret; set it in production',
    );
  }
  return config;
}
