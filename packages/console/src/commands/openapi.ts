// The commands a case page offers, read from the API's own OpenAPI document (`/docs/json`): each
// POST on one of the case's aggregates, with its summary and its body's JSON Schema. The console
// offers every one; whether the caller may issue it, and in which state, the API answers.

export interface JsonSchema {
  type?: string | string[];
  format?: string;
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

/** The aggregates of a case whose commands take the case id, and the read that gives each one's ETag. */
export const CASE_AGGREGATES = [
  { service: 'detection', prefix: '/detection/clues/{caseId}/', read: '/detection/clues/' },
  { service: 'enforcement', prefix: '/enforcement/cases/{caseId}/', read: '/enforcement/cases/' },
  { service: 'remediation', prefix: '/remediation/cases/{caseId}/', read: '/remediation/cases/' },
] as const;
export type CaseService = (typeof CASE_AGGREGATES)[number]['service'];

export interface Command {
  service: CaseService;
  /** The path with `{caseId}` in it, as the document names it. */
  path: string;
  /** The last segment: `stop-order`. */
  name: string;
  summary: string;
  /** Whether the operation says it honours If-Match. */
  ifMatch: boolean;
  body: JsonSchema;
}

export function caseCommands(doc: OpenApiDocument): Command[] {
  const commands: Command[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    const post = operations.post;
    const aggregate = CASE_AGGREGATES.find(
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
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.every((s) => s.const !== undefined)) return union.map((s) => String(s.const));
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
  | 'json';

/** How a property is entered. */
export function kindOf(schema: JsonSchema): FieldKind {
  if (choicesOf(schema)) return 'choice';
  if (schema.type === 'array' && schema.items && choicesOf(schema.items)) return 'choices';
  if (schema.type === 'string') {
    if (schema.format === 'date-time') return 'date-time';
    return (schema.maxLength ?? 0) > 200 ? 'long-text' : 'text';
  }
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  return 'json';
}
