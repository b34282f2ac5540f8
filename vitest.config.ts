import { defineConfig } from 'vitest/config';

// One run over the whole workspace. Tiers are told apart by file name:
// *.unit.test.ts (pure, fast), *.int.test.ts (a real server), *.e2e.test.ts (the whole system).
export default defineConfig({
  test: {
    // One fast-check seed per run, printed and replayable (test/property-seed.global.ts).
    globalSetup: ['test/property-seed.global.ts'],
    setupFiles: ['test/property-seed.setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{packages,services}/*/src/**/*.unit.test.ts', 'infra/**/*.unit.test.ts'],
          // Many unit tests drive a whole in-process service through dozens of signed requests; on a
          // loaded two-core runner five seconds measures the machine, not the code.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['{packages,services}/*/src/**/*.int.test.ts', 'infra/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['{packages,services}/*/src/**/*.e2e.test.ts', 'infra/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
