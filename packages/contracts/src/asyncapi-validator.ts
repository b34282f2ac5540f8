// Checks an AsyncAPI document against the official AsyncAPI 3.0.0 JSON Schema (@asyncapi/specs),
// for the tests: a development dependency, kept out of the package's index.
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema';

function compile() {
  const specs = createRequire(import.meta.url)('@asyncapi/specs') as {
    schemas: Record<string, { definitions: Record<string, unknown> }>;
  };
  const schema = structuredClone(specs.schemas['3.0.0']!);
  // The bundle carries the draft-07 meta-schema that ajv already knows under the same id.
  delete schema.definitions[DRAFT_07];
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  return ajv.compile(schema);
}

let validate: ReturnType<typeof compile> | undefined;

/** The schema's complaints about `doc` (instance path and message), none when it is valid. */
export function asyncApiErrors(doc: unknown): string[] {
  validate ??= compile();
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** Every local `$ref` in `doc` that points at nothing. */
export function danglingRefs(doc: unknown): string[] {
  const dangling: string[] = [];
  const resolve = (pointer: string): unknown =>
    pointer
      .slice(2)
      .split('/')
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (
        key === '$ref' &&
        typeof value === 'string' &&
        value.startsWith('#/') &&
        resolve(value) === undefined
      )
        dangling.push(value);
      walk(value);
    }
  };
  walk(doc);
  return dangling;
}
