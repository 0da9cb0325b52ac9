import { defineConfig } from 'vitest/config';

/**
 * Fault tests (`npm run test:faults`): real processes killed, PostgreSQL restarted, SMTP servers
 * down or stalled. PostgreSQL only (DATABASE_URL); one file at a time, each bounded in time and
 * stopping what it started.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
