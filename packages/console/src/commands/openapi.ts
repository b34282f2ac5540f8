// The commands a page offers, read from the API's own OpenAPI document (`/docs/json`): each POST on
// one of the aggregates, with its summary and its body's JSON Schema. Which of them the caller may
// issue now, each read says (`commandsAllowed`); the command itself is decided when it is sent.

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  contentEncoding?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
}

interface Operation {
  summary?: string;
  description?: string;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/**
 * The aggregates whose commands the console offers: those of a case (keyed by the case id), a
 * referral and a recommendation (keyed by their own id), and the read that gives each one's ETag
 * and `commandsAllowed`.
 */
export const AGGREGATES = [
  { service: 'detection', prefix: '/detection/clues/{caseId}/', param: '{caseId}' },
  { service: 'enforcement', prefix: '/enforcement/cases/{caseId}/', param: '{caseId}' },
  { service: 'remediation', prefix: '/remediation/cases/{caseId}/', param: '{caseId}' },
  { service: 'referral', prefix: '/referral/referrals/{id}/', param: '{id}' },
  { service: 'recommendation', prefix: '/referral/recommendations/{id}/', param: '{id}' },
] as const;
export type AggregateKind = (typeof AGGREGATES)[number]['service'];

export interface Command {
  service: AggregateKind;
  /** The path with `{caseId}` or `{id}` in it, as the document names it. */
  path: string;
  /** The last segment: `stop-order`. */
  name: string;
  summary: string;
  /** Whether the operation says it honours If-Match. */
  ifMatch: boolean;
  body: JsonSchema;
}

/** The path of `command` on the aggregate `id`. */
export function commandUrl(command: Command, id: string): string {
  const param = AGGREGATES.find((a) => a.service === command.service)!.param;
  return command.path.replace(param, encodeURIComponent(id));
}

/** Every POST on one of the aggregates, with its summary and body schema. */
export function aggregateCommands(doc: OpenApiDocument): Command[] {
  const commands: Command[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    const post = operations.post;
    const aggregate = AGGREGATES.find(
      (a) => path.startsWith(a.prefix) && !path.slice(a.prefix.length).includes('/'),
    );
    if (!post || !aggregate) continue;
    commands.push({
      service: aggregate.service,
      path,
      name: path.slice(aggregate.prefix.length),
      summary: post.summary ?? path,
      ifMatch: /If-Match/.test(post.description ?? ''),
      body: post.requestBody?.content?.['application/json']?.schema ?? { type: 'object', properties: {} },
    });
  }
  return commands;
}

/** A property's values when it is a closed list (an enum, or TypeBox's union of literals). */
export function choicesOf(schema: JsonSchema): string[] | null {
  if (schema.enum) return schema.enum.map(String);
  // A literal is `const`, or as the OpenAPI 3.0 document writes it, an enum of one value.
  const union = schema.anyOf ?? schema.oneOf;
  const literal = (s: JsonSchema) =>
    s.const !== undefined ? s.const : s.enum?.length === 1 ? s.enum[0] : undefined;
  if (union && union.length > 0 && union.every((s) => literal(s) !== undefined))
    return union.map((s) => String(literal(s)));
  return null;
}

export type FieldKind =
  | 'text'
  | 'long-text'
  | 'date-time'
  | 'number'
  | 'boolean'
  | 'choice'
  | 'choices'
  | 'file'
  | 'json';

/**
 * How a property is entered; `suggested`, values the page knows for it (the SHA-256 of a referral's
 * documents for a receipt), makes an array of them a set of checkboxes.
 */
export function kindOf(schema: JsonSchema, suggested?: readonly string[]): FieldKind {
  if (suggested && schema.type === 'array' && schema.items?.type === 'string') return 'choices';
  if (choicesOf(schema)) return 'choice';
  if (schema.type === 'array' && schema.items && choicesOf(schema.items)) return 'choices';
  if (schema.type === 'string') {
    if (schema.format === 'date-time') return 'date-time';
    // Bytes in base64 (a document attached): a file chosen in the browser, read as base64.
    if (schema.contentEncoding === 'base64' || schema.format === 'byte') return 'file';
    return (schema.maxLength ?? 0) > 200 ? 'long-text' : 'text';
  }
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  return 'json';
}
