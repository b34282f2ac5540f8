// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose interpolation, written as in a Compose file
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, DEV_JWT_SECRET, loadConfig } from '../packages/service-kit/src/index.ts';
import { ENTRIES } from './build.ts';
import {
  type ComposeService,
  composeSchemaValidator,
  InterpolationError,
  interpolate,
  loadCompose,
} from './compose-file.ts';

// docker-compose.yml checked without the docker-compose program: against the Compose
// Specification's JSON schema (vendored in infra/compose-spec/), then for the wiring that the
// schema cannot see: each service's configuration is one loadConfig accepts, every server it
// needs is a service of this file that is healthy before it starts, and what must persist is on a
// volume. compose.int.test.ts runs `docker-compose config` as well where that program is installed.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEXT = readFileSync(`${ROOT}docker-compose.yml`, 'utf8');
const DOCKERFILE = readFileSync(`${ROOT}Dockerfile`, 'utf8');
const SECRET = 'compose-test-secret-of-at-least-32-chars';
const ENV = { LANDCASE_JWT_SECRET: SECRET };
const compose = loadCompose(TEXT, ENV);
const services = compose.services;

const LANDCASE = ['detection', 'enforcement', 'referral', 'remediation', 'audit'] as const;
const SERVERS = ['kafka', 'eventstore', 'mongo'] as const;

const envOf = (s: ComposeService): Record<string, string> =>
  Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));

/** `[source, target]` of each named volume a service mounts (bind mounts have a path source). */
const namedVolumes = (s: ComposeService): [string, string][] =>
  (s.volumes ?? []).flatMap((v): [string, string][] => {
    if (typeof v !== 'string') return v.type === 'volume' && v.source ? [[v.source, v.target]] : [];
    const [source, target] = v.split(':');
    return source && target && !/^[./~]/.test(source) ? [[source, target]] : [];
  });

const isUnder = (path: string, dir: string) => path === dir || path.startsWith(`${dir.replace(/\/$/, '')}/`);

/** The container port of `ports` entries such as `'8081:8080'`. */
const containerPorts = (s: ComposeService) => (s.ports ?? []).map((p) => Number(String(p).split(':').at(-1)));

describe('interpolation, as Compose does it', () => {
  it('follows the Compose Specification', () => {
    const env = { SET: 'x', EMPTY: '' };
    expect(interpolate('a $SET ${SET} $$SET $$', env)).toBe('a x x $SET $');
    expect(interpolate('${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d}', env)).toBe('d d  d');
    expect(interpolate('${SET:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}', env)).toBe('alt  alt ');
    expect(interpolate('${UNSET:-${SET}}', env)).toBe('x');
    expect(() => interpolate('${UNSET:?needed}', env)).toThrow(
      'required variable UNSET is missing a value: needed',
    );
    expect(() => interpolate('${EMPTY:?needed}', env)).toThrow(InterpolationError);
    expect(interpolate('${EMPTY?needed}', env)).toBe('');
    expect(() => interpolate('${SET', env)).toThrow(InterpolationError);
  });
});

describe('docker-compose.yml', () => {
  it('is a valid Compose file by the Compose Specification schema', () => {
    const validate = composeSchemaValidator(`${ROOT}infra/compose-spec/compose-spec.json`);
    expect(validate(compose)).toEqual([]);
    // The validator does catch what is wrong.
    const broken = structuredClone(compose) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    broken.services.kafka!.restart_policy = 'always';
    broken.services.mongo!.depends_on = { kafka: { condition: 'when_ready' } };
    expect(validate(broken).length).toBeGreaterThan(0);
  });

  it('has no JWT secret of its own: LANDCASE_JWT_SECRET must come from the environment', () => {
    expect(TEXT).not.toContain(DEV_JWT_SECRET);
    for (const env of [{}, { LANDCASE_JWT_SECRET: '' }]) {
      expect(() => loadCompose(TEXT, env)).toThrow(
        /required variable LANDCASE_JWT_SECRET is missing a value/,
      );
    }
    for (const name of LANDCASE) expect(envOf(services[name]!).LANDCASE_JWT_SECRET).toBe(SECRET);
  });

  it('runs Kafka, EventStoreDB, MongoDB and the five services', () => {
    expect(Object.keys(services).sort()).toEqual([...SERVERS, ...LANDCASE].sort());
  });

  it.each(LANDCASE)('%s: built from the Dockerfile for itself, configured as loadConfig accepts', (name) => {
    const service = services[name]!;
    expect(service.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile', args: { SERVICE: name } });
    const env = envOf(service);
    const landcase = Object.keys(env).filter((k) => k.startsWith('LANDCASE_') || k === 'LOG_LEVEL');
    expect(landcase.filter((k) => !(CONFIG_VARIABLES as readonly string[]).includes(k))).toEqual([]);
    const config = loadConfig({ ...env, NODE_ENV: 'test' });
    expect(config).toMatchObject({ services: [name], jwtSecretIsDefault: false, port: 8080 });
    expect(config.readModels).toBe(`mongodb://mongo:27017/landcase_${name}`);
  });

  it.each(LANDCASE)('%s: every server its URLs name is a service here, healthy before it starts', (name) => {
    const service = services[name]!;
    const config = loadConfig({ ...envOf(service), NODE_ENV: 'test' });
    const hosts = [config.eventStore, config.bus, config.readModels].map((url) => new URL(url).host);
    expect(hosts.sort()).toEqual(['eventstore:2113', 'kafka:9092', 'mongo:27017']);
    expect(envOf(services.kafka!).KAFKA_LISTENERS).toContain(':9092');
    for (const server of SERVERS) {
      expect(service.depends_on?.[server]).toEqual({ condition: 'service_healthy' });
      // service_healthy on a service without a health check would wait forever.
      expect(services[server]!.healthcheck?.test, server).toBeDefined();
    }
  });

  it.each(LANDCASE)(
    '%s: published on its own port, with a health check on the port it listens on',
    (name) => {
      const service = services[name]!;
      expect(containerPorts(service)).toEqual([Number(envOf(service).LANDCASE_PORT)]);
      expect(JSON.stringify(service.healthcheck?.test)).toContain(
        `127.0.0.1:${envOf(service).LANDCASE_PORT}/ready`,
      );
      const published = LANDCASE.map((n) => String(services[n]!.ports?.[0]).split(':')[0]);
      expect(new Set(published).size).toBe(LANDCASE.length);
    },
  );

  it('mounts only declared volumes, and declares only mounted ones', () => {
    const mounted = new Set(
      Object.values(services).flatMap((s) => namedVolumes(s).map(([source]) => source)),
    );
    expect([...mounted].sort()).toEqual(Object.keys(compose.volumes ?? {}).sort());
  });

  it('keeps Kafka’s log directory on its volume', () => {
    const dir = envOf(services.kafka!).KAFKA_LOG_DIRS;
    expect(dir).toBeDefined();
    expect(namedVolumes(services.kafka!).some(([, target]) => isUnder(dir!, target))).toBe(true);
  });

  it('keeps EventStoreDB’s and MongoDB’s data on volumes', () => {
    expect(namedVolumes(services.eventstore!).map(([, t]) => t)).toContain('/var/lib/eventstore');
    expect(namedVolumes(services.mongo!).map(([, t]) => t)).toContain('/data/db');
  });

  it('runs EventStoreDB without projections, which landcase does not use', () => {
    const env = envOf(services.eventstore!);
    expect(env.EVENTSTORE_RUN_PROJECTIONS).toBe('None');
    expect(env.EVENTSTORE_START_STANDARD_PROJECTIONS).toBeUndefined();
  });

  it('gives the audit service a signing key file on a volume, made once before it starts', () => {
    const audit = services.audit!;
    const key = envOf(audit).LANDCASE_AUDIT_SIGNING_KEY!;
    expect(key).toMatch(/^\/.+\.pem$/);
    expect(namedVolumes(audit).some(([, target]) => isUnder(key, target))).toBe(true);
    // The image's Dockerfile makes that directory for the node user, so a new volume inherits it.
    expect(DOCKERFILE).toMatch(new RegExp(`mkdir -p [^\\n]*${key.slice(0, key.lastIndexOf('/'))}`));
    const command = Array.isArray(audit.command) ? audit.command.join(' ') : String(audit.command);
    expect(command).toMatch(/node dist\/make-signing-key\.mjs && exec node .*dist\/main\.mjs/);
    // …which the build produces.
    expect(ENTRIES.find((e) => e.name === 'audit')!.sources).toContain('src/make-signing-key.ts');
  });

  it('runs the images’ compiled JavaScript with plain node in production', () => {
    expect(DOCKERFILE).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/main\.mjs"\]$/m);
    expect(DOCKERFILE).toMatch(/NODE_ENV=production/);
    const runtime = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '))
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    expect(runtime).not.toMatch(/tsx|pnpm/);
    expect(runtime).toMatch(/COPY --from=build --chown=node:node \/app \/app/);
    for (const name of LANDCASE) expect(services[name]!.command === undefined || name === 'audit').toBe(true);
  });
});
