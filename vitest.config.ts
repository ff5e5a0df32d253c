import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    // Browser tests poll the page; on a busy 2-core machine a login (scrypt) can take seconds.
    expect: { poll: { timeout: 20_000 } },
    hookTimeout: 120_000,
    // Two cores: one worker per core; each test file gets its own databases.
    maxWorkers: 2,
  },
});
