#!/usr/bin/env node
// Runs every test tier in order (lint, typecheck, unit, integration, browser) and ends with one line
// `N passed, N failed` summed over the tiers, as CI reads it. Lint and typecheck count as one check each.
// Tiers are run even after a failure so that one run reports everything; the exit code is 1 if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, '.reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const only = process.argv.slice(2); // e.g. `pnpm test unit integration`
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(label, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n── ${label} ──`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`── ${label}: exit ${res.status ?? res.signal} in ${secs}s ──`);
  return res.status === 0;
}

function vitestCounts(file) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  // Suites that failed to load count as failures too: a broken import must not read as green.
  const failedSuites = (r.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + failedSuites, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(file) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const s = r.stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: (s.unexpected ?? 0) + (r.errors?.length ?? 0), skipped: s.skipped ?? 0 };
}

const tiers = [
  {
    name: 'lint',
    run: () => run('lint', bin('eslint'), ['--cache', '--cache-location', 'node_modules/.cache/eslint', '--max-warnings', '0', '.']),
  },
  { name: 'typecheck', run: () => run('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) },
  {
    name: 'unit',
    report: join(reports, 'unit.json'),
    counts: vitestCounts,
    run() {
      return run('unit', bin('vitest'), ['run', '--project', 'unit', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${this.report}`]);
    },
  },
  {
    name: 'integration',
    report: join(reports, 'integration.json'),
    counts: vitestCounts,
    run() {
      return run('integration', bin('vitest'), ['run', '--project', 'integration', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${this.report}`]);
    },
  },
  {
    name: 'browser',
    report: join(reports, 'browser.json'),
    counts: playwrightCounts,
    run() {
      return run('browser', bin('playwright'), ['test', '--pass-with-no-tests', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: this.report });
    },
  },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];
for (const tier of tiers) {
  if (only.length && !only.includes(tier.name)) continue;
  const ok = tier.run();
  const c = tier.counts ? tier.counts(tier.report) : null;
  if (c) {
    // A runner that exits non-zero without reporting a failed test (a crash, a config error) still fails the tier.
    const f = c.failed + (!ok && c.failed === 0 ? 1 : 0);
    passed += c.passed;
    failed += f;
    skipped += c.skipped;
    summary.push(`${tier.name}: ${c.passed} passed, ${f} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`);
  } else if (tier.counts) {
    failed += 1;
    summary.push(`${tier.name}: no report (runner crashed)`);
  } else {
    ok ? (passed += 1) : (failed += 1);
    summary.push(`${tier.name}: ${ok ? 'ok' : 'FAILED'}`);
  }
}
console.log('\n' + summary.join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
