import { type FieldError, type Problem, type ProblemKind, problem } from '@landcase/contracts';
import { Type } from '@sinclair/typebox';

/** RFC 9457 problem details as a schema, for routes that document their error responses. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), reason: Type.String() }))),
    currentState: Type.Optional(Type.String()),
    allowedEvents: Type.Optional(Type.Array(Type.String())),
    rule: Type.Optional(Type.Object({ id: Type.String(), source: Type.String() })),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json)' },
);

/**
 * An error that carries the RFC 9457 problem to answer with. Handlers throw one of the subclasses;
 * the error handler sends `problem` as `application/problem+json` with its status.
 */
export class HttpProblem extends Error {
  readonly problem: Problem;
  constructor(kind: ProblemKind, detail?: string, extra: Partial<Problem> = {}) {
    const p = problem(kind, detail, extra);
    super(p.detail ?? p.title);
    this.problem = p;
  }
  get statusCode(): number {
    return this.problem.status;
  }
}

export class ValidationProblem extends HttpProblem {
  override readonly name = 'ValidationProblem';
  constructor(
    readonly errors: FieldError[],
    detail = errors.length === 1 ? `${errors[0]!.path || 'the body'} ${errors[0]!.reason}` : undefined,
  ) {
    super('validation', detail, { errors });
  }
}

export class Unauthenticated extends HttpProblem {
  override readonly name = 'Unauthenticated';
  constructor(detail = 'a bearer token is required') {
    super('unauthenticated', detail);
  }
}

export class Forbidden extends HttpProblem {
  override readonly name = 'Forbidden';
  constructor(detail: string) {
    super('forbidden', detail);
  }
}

export class NotFound extends HttpProblem {
  override readonly name = 'NotFound';
  constructor(detail: string) {
    super('not-found', detail);
  }
}

export class IllegalTransition extends HttpProblem {
  override readonly name = 'IllegalTransition';
  readonly currentState: string;
  readonly allowedEvents: string[];
  readonly attempted: string;
  constructor(args: { currentState: string; allowedEvents: string[]; attempted: string; detail?: string }) {
    super(
      'illegal-transition',
      args.detail ?? `${args.attempted} is not allowed in state ${args.currentState}`,
      { currentState: args.currentState, allowedEvents: args.allowedEvents, attempted: args.attempted },
    );
    this.currentState = args.currentState;
    this.allowedEvents = args.allowedEvents;
    this.attempted = args.attempted;
  }
}

export class ConcurrencyConflict extends HttpProblem {
  override readonly name: string = 'ConcurrencyConflict';
  constructor(detail = 'the resource was changed concurrently; read it again and retry') {
    super('concurrency-conflict', detail);
  }
}

/**
 * A create (expected `no_stream`) found its stream already there. Answered as any conflict (409);
 * a reaction takes it for "done", since its create is keyed so that a redelivery meets it.
 */
export class StreamAlreadyExists extends ConcurrencyConflict {
  override readonly name = 'StreamAlreadyExists';
  readonly streamId: string;
  constructor(
    streamId: string,
    detail = `${streamId} was changed while the command ran; read it again and retry`,
  ) {
    super(detail);
    this.streamId = streamId;
  }
}

export class PreconditionFailed extends HttpProblem {
  override readonly name = 'PreconditionFailed';
  readonly currentRevision: number;
  constructor(args: { currentRevision: number; detail?: string }) {
    super(
      'precondition-failed',
      args.detail ??
        (args.currentRevision < 0
          ? 'the resource does not exist'
          : `the resource is at revision ${args.currentRevision}`),
      { currentRevision: args.currentRevision },
    );
    this.currentRevision = args.currentRevision;
  }
}

export class RuleViolation extends HttpProblem {
  override readonly name = 'RuleViolation';
  readonly ruleId: string;
  readonly source: string;
  /** `extra`: what the caller needs to put it right (the fields at fault, the kinds missing). */
  constructor(args: { ruleId: string; source: string; detail: string }, extra: Partial<Problem> = {}) {
    super('rule-violation', args.detail, { ...extra, rule: { id: args.ruleId, source: args.source } });
    this.ruleId = args.ruleId;
    this.source = args.source;
  }
}

export const isHttpProblem = (e: unknown): e is HttpProblem => e instanceof HttpProblem;
