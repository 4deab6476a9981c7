#!/usr/bin/env node
// Runs every test suite of the monorepo and ends with one line, "N passed, N failed", that adds
// them all up. Each suite writes a jest JSON report, so the count is read, not scraped from logs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-tests-'));

/** Each suite: a workspace (or folder) whose jest run writes a JSON report. */
const SUITES = [
  { name: 'API', cwd: 'graphql-api', args: ['jest', '--maxWorkers', '2'] },
  { name: 'Grafana plugin', cwd: 'grafana-plugin', args: ['jest', '--maxWorkers', '2'] },
  { name: 'Browser', cwd: 'test', args: ['jest', '--maxWorkers', '1'] },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const suite of SUITES) {
  const report = path.join(reports, `${suite.name}.json`);
  const run = spawnSync('npx', [...suite.args, '--json', '--outputFile', report, ...process.argv.slice(2)], {
    cwd: path.join(root, suite.cwd),
    stdio: 'inherit',
  });
  if (!fs.existsSync(report)) {
    failed += 1;
    lines.push(`${suite.name}: did not run (exit ${run.status})`);
    continue;
  }
  const result = JSON.parse(fs.readFileSync(report, 'utf8'));
  // A suite that fails to load counts as a failure even though none of its tests ran.
  const broken = result.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  passed += result.numPassedTests;
  failed += result.numFailedTests + broken;
  skipped += result.numPendingTests + result.numTodoTests;
  lines.push(`${suite.name}: ${result.numPassedTests} passed, ${result.numFailedTests + broken} failed, ${result.numPendingTests} skipped`);
  if (run.status !== 0 && result.numFailedTests + broken === 0) {
    failed += 1;
    lines.push(`${suite.name}: exited ${run.status} with no failed test`);
  }
}
console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
