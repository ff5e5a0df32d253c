import { defineConfig } from 'vitest/config';
import { faultTests, sharedTestOptions } from './vitest.config.ts';

/** `npm run test:faults`: only the slow fault tests, with the same global setup (a throwaway PostgreSQL). */
export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: [faultTests],
  },
});
