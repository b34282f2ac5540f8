import { chinaInstant } from '../format.ts';
import { type Command, kindOf } from './openapi.ts';

// From what a command's form holds to the body it sends, and from the API's 400 back to the fields:
// pure, so that each conversion is tested on its own (form-values.unit.test.ts).

/** What a field holds: its text, a checkbox, or the values ticked among choices. */
export type Value = string | boolean | string[];

/** Values the page knows for a field (a referral's document hashes), offered as choices. */
export type Suggested = Readonly<Record<string, readonly string[]>>;

/**
 * The command's body: each property as its schema types it (an instant entered as China time with
 * its offset, a number, JSON parsed), empty ones left out so that the API names what is missing.
 */
export function bodyOf(
  command: Pick<Command, 'body'>,
  values: Record<string, Value>,
  suggested: Suggested = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const required = new Set(command.body.required ?? []);
  for (const [name, schema] of Object.entries(command.body.properties ?? {})) {
    const value = values[name];
    const kind = kindOf(schema, suggested[name]);
    if (kind === 'boolean') {
      if (typeof value === 'boolean') body[name] = value;
      else if (value === 'true' || value === 'false') body[name] = value === 'true';
      continue;
    }
    if (kind === 'choices') {
      if (Array.isArray(value) && (value.length > 0 || required.has(name))) body[name] = value;
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (kind === 'date-time') body[name] = chinaInstant(value);
    else if (kind === 'number') body[name] = Number(value);
    else if (kind === 'json') {
      try {
        body[name] = JSON.parse(value);
      } catch {
        // Sent as typed: the API's 400 says what is wrong with it, beside the field.
        body[name] = value;
      }
    } else body[name] = value;
  }
  return body;
}

/**
 * Each field's first reason from a problem's `errors[]` (`/servedAt`, `/documents/0` → `documents`);
 * a reason about the body as a whole (path `''` or `/`) belongs to no field.
 */
export function fieldErrorsOf(
  errors: readonly { path: string; reason: string }[] | undefined,
): Map<string, string> {
  const byField = new Map<string, string>();
  for (const e of errors ?? []) {
    const field = e.path.split('/')[1];
    if (field && !byField.has(field)) byField.set(field, e.reason);
  }
  return byField;
}
