import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

export default defineConfig({
  plugins: [WxtVitest()],
  root: resolve(import.meta.dirname, '..'),
  test: {
    include: ['lib/**/*.test.{ts,tsx}', 'sandbox/**/*.test.ts', 'components/**/*.test.{ts,tsx}', 'entrypoints/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.ts'],
    reporters: process.env.CI_REPORT ? ['default', ['json', { outputFile: 'reports/unit.json' }]] : ['default'],
  },
});
