import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

export default defineConfig({
  plugins: [WxtVitest()],
  root: resolve(import.meta.dirname, '..'),
  test: {
    include: ['lib/**/*.test.{ts,tsx}', 'sandbox/**/*.test.ts', 'components/**/*.test.{ts,tsx}', 'entrypoints/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.ts'],
    // One module graph for all files instead of a fresh one per file: setting up the WXT fake
    // browser and importing React and zod again for each of 140 files took most of the run (3½
    // minutes in CI, 70 s without). Tests that touch the fake browser reset it themselves; the
    // suite was checked in shuffled file orders (`--sequence.shuffle.files`) to pass the same.
    isolate: false,
    reporters: process.env.CI_REPORT ? ['default', ['json', { outputFile: 'reports/unit.json' }]] : ['default'],
  },
});
