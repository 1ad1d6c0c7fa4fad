// One closing line for the whole of `npm test` ("N passed, N failed, N skipped"), so
// a reader (or CI) sees the total without adding up two runners' reports.

import { existsSync, readFileSync } from "node:fs";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

function readJson<T>(path: string | undefined): T | null {
  if (!path || !existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function summarize(vitest: VitestReport | null, playwright: PlaywrightReport | null): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  if (vitest) {
    counts.passed += vitest.numPassedTests;
    counts.failed += vitest.numFailedTests;
    counts.skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  }
  if (playwright) {
    // A flaky test passed on retry: it passed, and the list reporter has named it.
    counts.passed += playwright.stats.expected + playwright.stats.flaky;
    counts.failed += playwright.stats.unexpected;
    counts.skipped += playwright.stats.skipped;
  }
  return counts;
}

if (process.argv[1]?.endsWith("test-summary.ts")) {
  const [vitestPath, playwrightPath] = process.argv.slice(2);
  const counts = summarize(readJson<VitestReport>(vitestPath), readJson<PlaywrightReport>(playwrightPath));
  console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
}
