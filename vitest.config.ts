import { configDefaults, defineConfig } from 'vitest/config';
import SlowestFilesReporter from './test/support/slowest-files-reporter.ts';

/**
 * Two runs share these settings: `npm test` (everything except the fault tests) and
 * `npm run test:faults` (test/reliability/: killed processes, a stopped PostgreSQL, a full disk),
 * which is slow and runs on its own (vitest.faults.config.ts). Both start the same throwaway
 * PostgreSQL cluster in the global setup.
 */
export const sharedTestOptions = {
  globals: true,
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 60_000,
  // Browser tests poll the page; on a busy 2-core machine a login (scrypt) can take seconds.
  expect: { poll: { timeout: 20_000 } },
  hookTimeout: 120_000,
  // Two cores: one worker per core; each test file gets its own databases (clones, see global-setup.ts).
  // The default pool (forks, each file isolated) stays: test/support/contract.ts registers its check
  // with a top-level afterAll, which without isolation would run for the first file of a worker only;
  // and the portal, the CLI and Chromium run as processes of their own either way.
  maxWorkers: 2,
  // The default output, then the slowest files (SLOWEST_FILES=n lists n).
  reporters: ['default', new SlowestFilesReporter()],
};

export const faultTests = 'test/reliability/**/*.test.ts';

export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, faultTests],
  },
});
