import { defineConfig } from '@playwright/test';

export default defineConfig({
  outputDir: '../test-results',
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI_REPORT ? [['list'], ['json', { outputFile: '../reports/e2e.json' }]] : [['list']],
});
