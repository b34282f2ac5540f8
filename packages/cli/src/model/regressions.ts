import type { CommandStep } from './commands.ts';

// Sequences a run once found failing, replayed by every run before its random ones (fast-check
// `examples`). Each names the seed that found it and what went wrong.

const filedOnFirstOfMay: CommandStep[] = [
  {
    guided: false,
    command: {
      machine: 'clue',
      event: {
        type: 'ClueVerified',
        data: {
          verdict: 'illegal',
          areaMu: 0,
          landClass: 'pbf',
          ongoing: false,
          party: { name: ' ', kind: 'person' },
          approvalRef: undefined,
        },
      },
    },
  },
  {
    guided: false,
    command: {
      machine: 'enforcementCase',
      event: { type: 'CaseFiled', data: { filingNo: ' ', filedAt: '2026-05-01T16:00:00.000Z' } },
    },
  },
  {
    guided: false,
    command: { machine: 'enforcementCase', event: { type: 'CaseClosed', data: { summary: ' ' } } },
  },
  { guided: true, pick: 0 },
  {
    guided: false,
    command: {
      machine: 'clue',
      event: {
        type: 'ClueVerified',
        data: {
          verdict: 'illegal',
          areaMu: 0,
          landClass: 'pbf',
          ongoing: false,
          party: undefined,
          approvalRef: undefined,
        },
      },
    },
  },
  {
    guided: false,
    command: {
      machine: 'enforcementCase',
      event: { type: 'HearingRecorded', data: { requested: false, heldAt: '2026-03-01T00:00:00.000Z' } },
    },
  },
  { guided: true, pick: 0 },
  { guided: true, pick: 241682942 },
  { guided: true, pick: 1448543 },
  { guided: true, pick: 948872433 },
  { guided: true, pick: 0 },
  { guided: true, pick: 0 },
  {
    guided: false,
    command: {
      machine: 'remediation',
      event: {
        type: 'ProgressRecorded',
        data: { step: 'demolished', observedAt: '2026-03-01T00:00:00.000Z', evidence: [] },
      },
    },
  },
  { guided: true, pick: 0 },
  { guided: true, pick: 0 },
  { guided: true, pick: 0 },
  { guided: true, pick: 0 },
  { guided: true, pick: 0 },
  { guided: true, pick: 0 },
  { guided: true, pick: 0 },
  {
    guided: false,
    command: {
      machine: 'enforcementCase',
      event: { type: 'StopOrderServed', data: { servedAt: '2026-03-01T00:00:00.000Z', documentRef: ' ' } },
    },
  },
  { guided: true, pick: 0 },
];

/**
 * Seed 517599546: a case filed at 16:00Z on 1 May (00:00 on 2 May in China), then the guided
 * decision extension with the model's fixed date, 31 July 18:00 China time. The 90 days end at
 * 24:00 on 31 July China time, so the fixed date was not later and the service rightly refused it
 * (422 `deadline.case.decide`): guided dates now come from the recorded facts.
 */
export const REGRESSIONS: CommandStep[][] = [filedOnFirstOfMay];
