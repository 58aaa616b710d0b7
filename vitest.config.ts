import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/setup/sequencer.js';

/**
 * Tests in tiers (test/README.md):
 * - fast: unit, property, golden and dev-set tests, run from the TypeScript sources with no
 *   build step (`npm run test:fast`, the edit-test loop);
 * - cli: the built executable end to end, the browser test and the few unit tests that need
 *   dist/ (`npm run test:cli`); test/global-setup.ts builds dist/ first;
 * - cluster: the Slurm recipes on a one-node cluster (`npm run test:cluster`).
 * `npm test` runs them all.
 */
const NEEDS_BUILD = [
  'test/unit/worker-pool.test.ts', // runs dist/worker.js in worker threads
  'test/unit/wink-model-cache.test.ts', // runs the executable with and without its caches
];

/**
 * Test files run side by side, as many as the cores. vitest's default is cores - 1, that is
 * one at a time on a 2-core machine, while most end-to-end tests wait on a child process.
 * (Issue 14: cores + 1 took the same wall time here without Slurm, and 10 % more in CI.)
 */
const workers = Number(process.env['AFGHAN_ANNOTATOR_TEST_WORKERS'] ?? Math.max(2, availableParallelism()));

const shared = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  setupFiles: ['test/setup/env.ts'],
};

export default defineConfig({
  test: {
    // One temporary XDG_CACHE_HOME for the run (root project: it runs whatever tier is chosen).
    globalSetup: ['test/setup/cache-home.ts'],
    maxWorkers: workers,
    // A worker is a process (vitest's default, made explicit): test/helpers.ts runMain changes
    // folder for a call, which worker threads could not.
    pool: 'forks',
    // The slowest files first, across projects, so that no long file starts last (test/setup/sequencer.ts).
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      {
        test: {
          ...shared,
          name: 'fast',
          include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/golden/**/*.test.ts', 'test/dev/**/*.test.ts'],
          exclude: NEEDS_BUILD,
          // Files share a worker's modules: the shipped lexicons, wink's model and the schemas
          // load once per worker instead of once per file (CPU for the tier: 126 s -> 64 s).
          isolate: false,
        },
      },
      {
        test: {
          ...shared,
          name: 'cli',
          include: ['test/cli/**/*.test.ts', ...NEEDS_BUILD],
          globalSetup: ['test/global-setup.ts'],
          // As in fast: the files of a worker share its modules (test/helpers.ts, the sources
          // it imports, the schemas); they spawn the executable, keeping no state of their own
          // in those modules (issue 14: 46 s -> 37 s CPU for 11 of the files).
          isolate: false,
        },
      },
      {
        test: {
          ...shared,
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
