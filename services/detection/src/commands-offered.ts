import type { CommandOffer } from '@landcase/service-kit';

// The commands on a clue, for `commandsAllowed` on its read.

export const CLUE_COMMANDS: readonly CommandOffer[] = [
  { path: '/detection/clues/{caseId}/dispatch', access: 'detection.clue.dispatch', event: 'ClueDispatched' },
  { path: '/detection/clues/{caseId}/verification', access: 'detection.clue.verify', event: 'ClueVerified' },
  {
    path: '/detection/clues/{caseId}/historical-outcome',
    access: 'detection.clue.historical-outcome',
    event: 'HistoricalSettled',
  },
];
