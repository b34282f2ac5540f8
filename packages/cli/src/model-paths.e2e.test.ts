import { stateString } from '@landcase/lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { MACHINES, type MachineName } from './model/alphabet.ts';
import { type EmbeddedModelSystem, startEmbeddedSystem } from './model/embedded.ts';
import { type ModelPath, modelPaths, type SimplePathScope } from './model/paths.ts';
import { replayPath } from './model/replay.ts';

// Model-based test: @xstate/graph enumerates paths of each lifecycle machine over the model's
// events (model/alphabet.ts); each path is replayed through the HTTP API of one embedded system,
// on a case of its own, and after every step the service shows the state the machine is in.
// Which paths are left out, and why, is listed in model/paths.ts.

/**
 * Shortest paths to every model state, plus simple paths: all of them where they stay few, only
 * those ending in a final state for the enforcement case (all of its simple paths are ~300 full
 * cases, each opened from a clue).
 */
const SCOPE: Record<MachineName, SimplePathScope> = {
  clue: 'all',
  enforcementCase: 'final',
  referral: 'all',
  recommendation: 'all',
  remediation: 'all',
};

/** Paths replayed side by side: each has its own case, so they do not meet. */
const CONCURRENCY = 4;

/** The states a machine declares, as stateString writes them (`investigation.filed`). */
function leafStates(node: AnyStateNode, prefix = ''): string[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return [prefix];
  return children.flatMap((child) => leafStates(child, prefix ? `${prefix}.${child.key}` : child.key));
}

let sys: EmbeddedModelSystem;
beforeAll(async () => {
  sys = await startEmbeddedSystem('model-paths');
});
afterAll(async () => {
  await sys?.stop();
});

async function replayAll(paths: ModelPath[], prefix: string): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const i = next++;
      try {
        await replayPath(sys, paths[i]!, `${prefix}-${i}`);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

describe.each(Object.entries(SCOPE) as [MachineName, SimplePathScope][])(
  'model paths of the %s machine',
  (machine, scope) => {
    const paths = modelPaths(machine, scope);

    it('enumerates a bounded set of paths that passes through every state the machine declares', () => {
      // The case's paths through a pending reconsideration or lawsuit add some two dozen.
      expect(paths.length).toBeLessThan(250);
      const visited = new Set(paths.flatMap((p) => p.steps.map((step) => stateString(step.state))));
      expect([...visited].sort()).toEqual(
        leafStates(MACHINES[machine].root)
          .filter((s) => s !== 'none')
          .sort(),
      );
    });

    // The case's ~220 paths take some 2,650 HTTP steps (each decision after its two reviews): more
    // than the e2e tier's 2 minutes on a busy machine.
    it('replays every path over HTTP, the service in the machine state after each step', {
      timeout: 360_000,
    }, async () => {
      const failures = await replayAll(paths, `model-${machine}`);
      expect(failures).toEqual([]);
    });
  },
);
