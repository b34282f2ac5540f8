// RFC 9457 problem types. The `type` URI is stable: clients switch on it.

export const PROBLEM_BASE = 'https://landcase.org/problems/';

export const PROBLEMS = {
  validation: { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'Not allowed for this actor' },
  'not-found': { status: 404, title: 'No such resource' },
  'illegal-transition': { status: 409, title: 'The command is not allowed in the current state' },
  'concurrency-conflict': { status: 409, title: 'The resource was changed by someone else' },
  'rule-violation': { status: 422, title: 'The command breaks a domain rule' },
  'precondition-failed': { status: 412, title: 'The resource is not at the revision given in If-Match' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

export interface FieldError {
  /** JSON Pointer into the request body, e.g. `/parcel/coordinates`. */
  path: string;
  reason: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  /** illegal-transition: where the aggregate stands and what it accepts. */
  currentState?: string;
  allowedEvents?: string[];
  /** rule-violation: the rule that refused the command, with its legal source. */
  rule?: { id: string; source: string };
  [extension: string]: unknown;
}

export const problemType = (kind: ProblemKind): string => `${PROBLEM_BASE}${kind}`;

export function problem(kind: ProblemKind, detail?: string, extra: Partial<Problem> = {}): Problem {
  const { status, title } = PROBLEMS[kind];
  return { type: problemType(kind), title, status, ...(detail ? { detail } : {}), ...extra };
}
