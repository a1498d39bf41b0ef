// Sums Vitest's and Playwright's JSON reports into the one line CI reads: "N passed, N failed".
// A report that is missing means its suite never ran (typecheck or lint stopped npm test first);
// that is reported as a failure rather than as zero tests.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let missing = [];

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    missing.push(file);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // Vitest (Jest-compatible JSON)
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected;
  }
}

if (missing.length) console.log(`missing test reports (the suite did not run): ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0);
