import type { TestProject } from 'vitest/node';

// One fast-check seed for the whole run, chosen here once so that every test file (each in its own
// worker) draws from the same one, printed before the tests start and in every property failure.
// `LANDCASE_PROPERTY_SEED=<n> pnpm test` replays a run; without it each run explores a new seed.

declare module 'vitest' {
  export interface ProvidedContext {
    propertySeed: number;
  }
}

export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed))
    throw new Error(`LANDCASE_PROPERTY_SEED must be an integer, not '${text}'`);
  // fast-check takes 32-bit seeds; a larger one would be truncated silently.
  return seed | 0;
}

// Each project (unit, int, e2e) loads this module anew; the first to run leaves the seed it chose in
// the environment, so the others take the same one and print nothing.
const CHOSEN = 'LANDCASE_PROPERTY_SEED_CHOSEN';

export default function setup(project: TestProject): void {
  let seed = parseSeed(process.env.LANDCASE_PROPERTY_SEED);
  if (process.env[CHOSEN] === undefined) {
    const given = seed !== undefined;
    seed ??= Math.floor(Math.random() * 2 ** 31);
    process.env.LANDCASE_PROPERTY_SEED = String(seed);
    process.env[CHOSEN] = '1';
    console.log(
      `fast-check seed ${seed}${given ? ' (from LANDCASE_PROPERTY_SEED)' : ''}; replay with LANDCASE_PROPERTY_SEED=${seed}`,
    );
  }
  project.provide('propertySeed', seed!);
}
