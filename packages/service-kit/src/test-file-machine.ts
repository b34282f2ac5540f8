import { setup } from 'xstate';

// A file, for the tests of commands and reactions that race: opened, then notes by anyone at any
// time, and one confirmation by the system.

export type FileEvent =
  | { type: 'Opened'; data: { caseId: string } }
  | { type: 'Noted'; data: { caseId: string; text: string } }
  | { type: 'Confirmed'; data: { caseId: string } };

export const fileMachine = setup({ types: { events: {} as FileEvent } }).createMachine({
  id: 'file',
  initial: 'none',
  states: {
    none: { on: { Opened: 'open' } },
    open: { on: { Noted: 'open', Confirmed: 'confirmed' } },
    confirmed: { on: { Noted: 'confirmed' } },
  },
});
