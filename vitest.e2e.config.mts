import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.mts';

// Real-browser tests (Debian's chromium driven by playwright-core): `npm run test:e2e`, not `npm test`.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['e2e/**/*.e2e.ts'],
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);
