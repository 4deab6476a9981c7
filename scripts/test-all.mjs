#!/usr/bin/env node
// Runs every test suite of the monorepo and ends with one line, "N passed, N failed", that adds
// them all up. Each suite writes a jest JSON report, so the count is read, not scraped from logs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
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

/** True when something accepts TCP connections at `host:port` within two seconds. */
function listening(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

const onPath = (name) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, name)));

// What the suites need from the machine, checked before any runs, so a fresh machine learns all of it at once.
const mysql = new URL(process.env.AGENTMON_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
const NEEDS = [
  {
    what: `MariaDB (or MySQL) on ${mysql.hostname}:${mysql.port || 3306}, user root without password (or set AGENTMON_TEST_MYSQL_URL)`,
    debian: 'mariadb-server',
    ok: () => listening(mysql.hostname, Number(mysql.port || 3306)),
  },
  {
    what: 'Chromium at /usr/bin/chromium (the browser tests drive it; none is downloaded)',
    debian: 'chromium',
    ok: () => fs.existsSync('/usr/bin/chromium'),
  },
  {
    what: "Prometheus's promtool and prometheus on the PATH",
    debian: 'prometheus',
    ok: () => onPath('promtool') && onPath('prometheus'),
  },
];
const missing = [];
for (const need of NEEDS) if (!(await need.ok())) missing.push(need);
if (missing.length > 0) {
  for (const need of missing)
    console.error(`Missing: ${need.what}. Install the Debian package ${need.debian} (apt-get install ${need.debian}).`);
  console.error('The tests need these before they run (.ci/run installs and starts them).');
  process.exit(1);
}

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
  const broken = result.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0
  ).length;
  passed += result.numPassedTests;
  failed += result.numFailedTests + broken;
  skipped += result.numPendingTests + result.numTodoTests;
  lines.push(
    `${suite.name}: ${result.numPassedTests} passed, ${result.numFailedTests + broken} failed, ${result.numPendingTests} skipped`
  );
  if (run.status !== 0 && result.numFailedTests + broken === 0) {
    failed += 1;
    lines.push(`${suite.name}: exited ${run.status} with no failed test`);
  }
}
console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
