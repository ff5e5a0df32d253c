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
  // scrypt at its standard cost is ~80 ms a hash: the suite's thousands of accounts, logins and
  // client secrets use the cheaper test factor (refused in production; passwords.test checks the standard one).
  setupFiles: ['test/support/password-cost.ts'],
  env: { PASSWORD_HASH_COST: 'test' },
  testTimeout: 60_000,
  // Browser tests poll the page; on a busy 2-core machine a login (scrypt) can take seconds.
  expect: { poll: { timeout: 20_000 } },
  hookTimeout: 120_000,
  // Three workers on two cores: a file often waits (on a portal process, Chromium, a timeout it
  // tests), and a third keeps the cores busy then (measured: 608 s → 510 s for the suite). Each test
  // file gets its own databases (clones, see global-setup.ts).
  // The default pool (forks, each file isolated) stays: test/support/contract.ts registers its check
  // with a top-level afterAll, which without isolation would run for the first file of a worker only;
  // and the portal, the CLI and Chromium run as processes of their own either way.
  maxWorkers: 3,
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
