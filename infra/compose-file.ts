import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';

// docker-compose.yml read as Compose reads it, without the docker-compose program: YAML with
// anchors and merge keys (<<), then every string value interpolated from the environment
// (Compose Specification, "Interpolation"), then checked against the Compose Specification's JSON
// schema (infra/compose-spec/). The wiring checks are in compose.unit.test.ts.

export class InterpolationError extends Error {
  override readonly name = 'InterpolationError';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Interpolates one string: `$$` is a `$`; `$VAR` and `${VAR}` the value (empty when unset);
 * `${VAR:-default}` / `${VAR-default}` the default when unset or empty / unset;
 * `${VAR:?message}` / `${VAR?message}` an error when unset or empty / unset;
 * `${VAR:+other}` / `${VAR+other}` `other` when set and not empty / set. Defaults nest.
 */
export function interpolate(text: string, env: NodeJS.ProcessEnv): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      out += expand(text.slice(i + 2, end), env);
      i = end + 1;
    } else {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (!name) throw new InterpolationError(`invalid interpolation format for ${JSON.stringify(text)}`);
      out += env[name] ?? '';
      i += 1 + name.length;
    }
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new InterpolationError(`unclosed \${ in ${JSON.stringify(text)}`);
}

function expand(inner: string, env: NodeJS.ProcessEnv): string {
  const name = NAME.exec(inner)?.[0];
  if (!name) throw new InterpolationError(`invalid interpolation format for \${${inner}}`);
  const value = env[name];
  const rest = inner.slice(name.length);
  if (rest === '') return value ?? '';
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) throw new InterpolationError(`invalid interpolation format for \${${inner}}`);
  const arg = rest.slice(op.length);
  const strict = op.startsWith(':');
  const missing = value === undefined || (strict && value === '');
  switch (op.at(-1)) {
    case '-':
      return missing ? interpolate(arg, env) : value!;
    case '?':
      if (missing) throw new InterpolationError(`required variable ${name} is missing a value: ${arg}`);
      return value!;
    default:
      return missing ? '' : interpolate(arg, env);
  }
}

/** Interpolates every string in a parsed document (values only: keys are names, not templates). */
export function interpolateAll(value: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)]));
  }
  return value;
}

export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null>;
  volumes?: (string | { type: string; source?: string; target: string })[];
  ports?: (string | number)[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [extension: `x-${string}`]: unknown;
}

/** The file's YAML with anchors and merge keys resolved, interpolated from `env`. */
export function loadCompose(text: string, env: NodeJS.ProcessEnv): ComposeFile {
  return interpolateAll(parse(text, { merge: true }), env) as ComposeFile;
}

/** A validator for the vendored Compose Specification schema. */
export function composeSchemaValidator(schemaPath: string): (doc: unknown) => ErrorObject[] {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // The schema names its draft by an https URL ajv does not know under that spelling, and uses
  // annotation keywords (deprecated) that draft 7 does not define: neither changes validation.
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  return (doc) => (validate(doc) ? [] : [...(validate.errors ?? [])]);
}
