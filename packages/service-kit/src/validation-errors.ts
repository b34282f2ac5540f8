import { type FieldError, FORMAT_REASONS } from '@landcase/contracts';
import type { FastifySchemaValidationError } from 'fastify';

// Turns ajv's errors (allErrors on) into one FieldError per bad field, each with a JSON pointer
// relative to the validated part (`/parcel/type`), so clients can put the message beside the field.

type AjvError = FastifySchemaValidationError;

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

const isBranchOf = (parent: AjvError, e: AjvError): boolean =>
  e !== parent && e.schemaPath.startsWith(`${parent.schemaPath}/`);

const branchIndex = (parent: AjvError, e: AjvError): number =>
  Number(e.schemaPath.slice(parent.schemaPath.length + 1).split('/')[0]);

const isAlternatives = (e: AjvError) => e.keyword === 'anyOf' || e.keyword === 'oneOf';

/**
 * A union (anyOf / oneOf) that failed: ajv reports every branch's errors. When every branch
 * refused the same field for not being a literal (TypeBox's union of literals, or a tagged union's
 * discriminator), the one useful message is the list of allowed values. Otherwise the branch that
 * came closest (fewest errors) says what is wrong.
 */
function collapseUnion(union: AjvError, errors: AjvError[]): AjvError[] {
  const branches = new Map<number, AjvError[]>();
  for (const e of errors) {
    if (!isBranchOf(union, e)) continue;
    const i = branchIndex(union, e);
    branches.set(i, [...(branches.get(i) ?? []), e]);
  }
  if (branches.size === 0) return [union];
  const literalPaths = [...branches.values()].map(
    (es) =>
      new Set(es.filter((e) => e.keyword === 'const' || e.keyword === 'enum').map((e) => e.instancePath)),
  );
  const [first, ...rest] = literalPaths;
  const common = [...first!].filter((p) => rest.every((s) => s.has(p)));
  if (common.length > 0) {
    const path = common.sort((a, b) => a.length - b.length)[0]!;
    const allowed = new Set<unknown>();
    for (const es of branches.values()) {
      for (const e of es) {
        if (e.instancePath !== path) continue;
        if (e.keyword === 'const') allowed.add(e.params.allowedValue);
        if (e.keyword === 'enum') for (const v of e.params.allowedValues as unknown[]) allowed.add(v);
      }
    }
    return [
      {
        ...union,
        instancePath: path,
        keyword: 'enum',
        params: { allowedValues: [...allowed] },
      },
    ];
  }
  const simplified = [...branches.values()].map(simplify);
  return simplified.reduce((best, es) => (es.length < best.length ? es : best));
}

/** Replaces each outermost union error and its branches' errors by what collapseUnion makes of them. */
function simplify(errors: AjvError[]): AjvError[] {
  const unions = errors.filter(isAlternatives);
  const outermost = unions.filter((u) => !unions.some((o) => isBranchOf(o, u)));
  if (outermost.length === 0) return errors;
  const out: AjvError[] = [];
  for (const e of errors) {
    if (outermost.some((u) => isBranchOf(u, e))) continue;
    out.push(...(outermost.includes(e) ? collapseUnion(e, errors) : [e]));
  }
  return out;
}

function toFieldError(e: AjvError): FieldError {
  if (e.keyword === 'required') {
    return {
      path: `${e.instancePath}/${escapePointer(String(e.params.missingProperty))}`,
      reason: 'is required',
    };
  }
  if (e.keyword === 'additionalProperties') {
    return {
      path: `${e.instancePath}/${escapePointer(String(e.params.additionalProperty))}`,
      reason: 'is not allowed',
    };
  }
  if (e.keyword === 'format') {
    const reason = FORMAT_REASONS[String(e.params.format)];
    if (reason) return { path: e.instancePath, reason };
  }
  if (e.keyword === 'const')
    return { path: e.instancePath, reason: `must be ${JSON.stringify(e.params.allowedValue)}` };
  if (e.keyword === 'enum') {
    const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return { path: e.instancePath, reason: `must be one of ${allowed}` };
  }
  return { path: e.instancePath, reason: e.message ?? `fails ${e.keyword}` };
}

export function fieldErrorsOf(errors: readonly AjvError[]): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const fe of simplify([...errors]).map(toFieldError)) {
    const key = `${fe.path}\u0000${fe.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(fe);
  }
  return out;
}
