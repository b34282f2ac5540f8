import {
  type AccessKey,
  allowedEvents,
  authorize,
  type Caller,
  type ResourceFacts,
} from '@landcase/lifecycle';
import { Type } from '@sinclair/typebox';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';

// What a caller may issue on one aggregate now: the command routes whose event the machine takes
// in the state the aggregate is in, and whose entry of the access policy lets this caller act on
// it. A hint for clients (a console offers these forms): the command itself is still decided by
// the same policy and machine when it is sent, guards on its data included.

/** A command route on an aggregate: its path as the OpenAPI document spells it, entry and event. */
export interface CommandOffer {
  /** E.g. `/enforcement/cases/{caseId}/stop-order`. */
  path: string;
  /** Its entry in the access policy. */
  access: AccessKey;
  /** The event it appends (the first, when it appends more than one). */
  event: string;
}

/** The paths of `offers` the caller may issue now on the aggregate at `snapshot`, in their order. */
export function commandsAllowed(args: {
  machine: AnyStateMachine;
  snapshot: AnyMachineSnapshot;
  caller: Caller;
  /** The aggregate as the access policy sees it. */
  facts: ResourceFacts;
  offers: readonly CommandOffer[];
}): string[] {
  const next = new Set(allowedEvents(args.machine, args.snapshot));
  return args.offers
    .filter((offer) => next.has(offer.event) && authorize(offer.access, args.caller, args.facts).allowed)
    .map((offer) => offer.path);
}

/** `commandsAllowed` in a response. */
export const CommandsAllowedSchema = Type.Array(Type.String(), {
  description:
    'The command routes (POST, paths as this document spells them) the caller may issue now: those whose ' +
    'event the lifecycle takes in its current state and whose access policy entry lets the caller act. ' +
    'A hint: the command is decided again when sent (its data may still be refused).',
});
