import { initialOf, stateString } from '@landcase/lifecycle';
import type { AnyMachineSnapshot } from 'xstate';
import { eventually, type Http, type HttpResponse } from '../happy-path.ts';
import { MACHINES, type MachineName, type ModelEvent } from './alphabet.ts';
import type { ModelPath } from './paths.ts';
import {
  type Agency,
  aggregatePath,
  type Cause,
  type HttpCommand,
  productionOf,
  type Subject,
} from './routes.ts';

// Replays model paths through the HTTP API: each event is produced as the route table says (a
// request, the causes of a reaction, or nothing for an event that comes with the one before), and
// after each step the service must show the aggregate in the state the machine is in.

/** How long a reaction may take to show; only a bound against a hang, never a speed check. */
const REACTION_BOUND = { timeoutMs: 15_000 };

export interface Driver {
  http: Http;
  /** Tokens of the model's county, 141181. */
  tokens: Record<Agency, string>;
  /** A token of `agency` in `division` (officer and head). */
  tokenFor(agency: Agency, division: string): Promise<string>;
}

/** The county the model's callers belong to, unless the aggregate stands in another division. */
export const MODEL_COUNTY = '141181';

/** A step of a path the service did not follow; names the path, the step and what it saw. */
export class PathDivergence extends Error {
  override readonly name = 'PathDivergence';
}

/**
 * Sends a command as its agency, from the division it names, else the one `subject` stands in:
 * the access policy lets a caller act only on what is in its divisions.
 */
export async function send(driver: Driver, command: HttpCommand, subject?: Subject): Promise<HttpResponse> {
  const division = command.division ?? subject?.division ?? MODEL_COUNTY;
  return driver.http(command.method, command.path, {
    token: await driver.tokenFor(command.agency, division),
    body: command.body,
  });
}

/** The aggregate as the service shows it: `{ status, state, revision }`; 404 before it exists. */
export async function readAggregate(driver: Driver, machine: MachineName, subject: Subject) {
  const res = await driver.http('GET', aggregatePath(machine, subject), {
    token: await driver.tokenFor('nrb', subject.division ?? MODEL_COUNTY),
  });
  return {
    status: res.status,
    state: res.status === 200 ? (res.body.state as string) : undefined,
    revision: res.status === 200 ? (res.body.revision as number) : -1,
  };
}

async function revisionOf(driver: Driver, machine: MachineName, subject: Subject): Promise<number> {
  // Before the step that creates the aggregate there is no id to read it by.
  const known =
    machine === 'referral'
      ? subject.referralId
      : machine === 'recommendation'
        ? subject.recommendationId
        : subject.caseId;
  return known ? (await readAggregate(driver, machine, subject)).revision : -1;
}

/** Sends a route's request; it must succeed. Learns the ids the reply reveals. */
async function request(
  driver: Driver,
  machine: MachineName,
  event: ModelEvent,
  subject: Subject,
  where: string,
): Promise<HttpResponse> {
  const production = productionOf(machine, event);
  if (production.kind !== 'route') throw new Error(`${where}: ${event.type} has no route`);
  if (production.before && !subject.caseId) {
    for (const cause of production.before(event, subject)) await produceCause(driver, cause, subject, where);
  }
  const command = production.request(event, subject);
  const res = await send(driver, command, subject);
  if (res.status !== 200 && res.status !== 201) {
    throw new PathDivergence(
      `${where}: ${command.method} ${command.path} answered ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  Object.assign(subject, production.learn?.(res.body) ?? {});
  return res;
}

/** Produces an event of another aggregate that a reaction needs, and waits for it when reacted. */
async function produceCause(driver: Driver, cause: Cause, subject: Subject, where: string): Promise<void> {
  if ('command' in cause) {
    const res = await send(driver, cause.command, subject);
    if (res.status !== 200 && res.status !== 201) {
      throw new PathDivergence(
        `${where}: ${cause.command.method} ${cause.command.path} answered ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return;
  }
  const { machine } = cause;
  if ('exists' in cause) {
    await eventually(
      `${where}: the ${machine} to exist`,
      async () => ((await readAggregate(driver, machine, subject)).status === 200 ? true : undefined),
      REACTION_BOUND,
    );
    return;
  }
  const production = productionOf(machine, cause.event);
  if (production.kind === 'route') {
    await request(driver, machine, cause.event, subject, where);
    return;
  }
  if (production.kind !== 'reaction') throw new Error(`${where}: ${cause.event.type} cannot be caused`);
  const before = await revisionOf(driver, machine, subject);
  for (const inner of production.causes(cause.event, initialOf(MACHINES[machine]), subject)) {
    await produceCause(driver, inner, subject, where);
  }
  await eventually(
    `${where}: ${machine} to record ${cause.event.type}`,
    async () => ((await readAggregate(driver, machine, subject)).revision > before ? true : undefined),
    REACTION_BOUND,
  );
}

/** The service's state of the aggregate must be `expected`, now. */
async function expectState(
  driver: Driver,
  machine: MachineName,
  subject: Subject,
  expected: string,
  where: string,
) {
  const seen = await readAggregate(driver, machine, subject);
  if (seen.state !== expected) {
    throw new PathDivergence(
      `${where}: the service shows ${seen.state ?? seen.status}, the machine ${expected}`,
    );
  }
}

/** The service's state must come to be `expected` (a reaction appends on its own time). */
async function awaitState(
  driver: Driver,
  machine: MachineName,
  subject: Subject,
  expected: string,
  where: string,
) {
  let last: string | number | undefined;
  try {
    await eventually(
      `${where}: state ${expected}`,
      async () => {
        const seen = await readAggregate(driver, machine, subject);
        last = seen.state ?? seen.status;
        return seen.state === expected ? true : undefined;
      },
      REACTION_BOUND,
    );
  } catch {
    throw new PathDivergence(`${where}: the service stayed at ${last}, the machine is in ${expected}`);
  }
}

/**
 * Replays `path` on a fresh subject (`ref` unique per path) and checks the service's state after
 * every step. Returns the subject, with the ids the path created.
 */
export async function replayPath(driver: Driver, path: ModelPath, ref: string): Promise<Subject> {
  const { machine, steps } = path;
  const subject: Subject = { ref };
  let before: AnyMachineSnapshot = initialOf(MACHINES[machine]);
  for (const [i, { event, state }] of steps.entries()) {
    const where = `${machine} path [${path.name}] step ${i + 1} (${event.type})`;
    const expected = stateString(state);
    const production = productionOf(machine, event);
    const next = steps[i + 1];
    // Its companion is appended by the same command: the state is checked after the companion.
    const checkNow = !next || productionOf(machine, next.event).kind !== 'companion';
    switch (production.kind) {
      case 'route': {
        const res = await request(driver, machine, event, subject, where);
        if (checkNow) {
          if (res.body?.state !== expected) {
            throw new PathDivergence(`${where}: the reply shows ${res.body?.state}, the machine ${expected}`);
          }
          await expectState(driver, machine, subject, expected, where);
        }
        break;
      }
      case 'reaction': {
        for (const cause of production.causes(event, before, subject))
          await produceCause(driver, cause, subject, where);
        await awaitState(driver, machine, subject, expected, where);
        break;
      }
      case 'companion':
        await expectState(driver, machine, subject, expected, where);
        break;
      case 'scheduler':
        throw new Error(`${where}: ${event.type} is only appended by the deadline scheduler`);
    }
    before = state;
  }
  return subject;
}
