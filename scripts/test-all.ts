import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCaddy, ensureChromium, ensureDovecot, ensurePdfTools } from './ensure-system-tools.ts';

/**
 * `npm test`: unit and integration tests (vitest), the production build, then the browser tests
 * (Playwright in the system Chromium). Every stage runs even if an earlier one failed, and the
 * run ends with one summary line counting all of them.
 */
const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
rmSync(join(results, 'vitest.json'), { force: true });
rmSync(join(results, 'playwright.json'), { force: true });
mkdirSync(results, { recursive: true });

const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (label: string, command: string, args: string[]): boolean => {
  console.log(`\n=== ${label} ===`);
  const child = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: process.env });
  return child.status === 0;
};

type Counts = { passed: number; failed: number; skipped: number };
const readVitest = (): Counts | null => {
  const file = join(results, 'vitest.json');
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
};
const readPlaywright = (): Counts | null => {
  const file = join(results, 'playwright.json');
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
};

try {
  ensurePdfTools();
  ensureCaddy();
  ensureDovecot();
} catch (error) {
  // The statement tests then fail and say why; everything else still runs.
  console.error(error instanceof Error ? error.message : String(error));
}
const vitestOk = run('unit + integration (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(results, 'vitest.json')}`,
]);
const buildOk = run('build (electron-vite)', bin('electron-vite'), ['build']) && run('build (customer portal)', bin('vite'), ['build', '-c', 'vite.portal.config.ts']);
// The built desktop app scanned for Electron misconfigurations; every finding justified or it fails.
const scanOk = buildOk && run('electron security scan (electronegativity)', process.execPath, [join(import.meta.dirname, 'electronegativity.ts')]);
let browserOk = false;
if (buildOk) {
  try {
    ensureChromium();
    browserOk = run('browser (playwright + chromium)', bin('playwright'), ['test']);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
  }
} else {
  console.error('Build fallita: i test nel browser non possono partire.');
}

const vitest = readVitest();
const browser = readPlaywright();
const total = [vitest, browser].reduce<Counts>(
  (sum, counts) => ({
    passed: sum.passed + (counts?.passed ?? 0),
    failed: sum.failed + (counts?.failed ?? 0),
    skipped: sum.skipped + (counts?.skipped ?? 0),
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
// A stage that failed without a failing test (a crash, a failed build) still counts as a failure.
const stageFailures = [vitestOk, buildOk, scanOk, browserOk].filter((ok) => !ok).length;
const failed = total.failed + (total.failed === 0 ? stageFailures : 0);
console.log(
  `\nunit+integration: ${vitest ? `${vitest.passed} passed, ${vitest.failed} failed` : 'no report'} · browser: ${browser ? `${browser.passed} passed, ${browser.failed} failed` : 'no report'}`,
);
console.log(`tests: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
process.exit(vitestOk && buildOk && browserOk && vitest !== null && browser !== null ? 0 : 1);
