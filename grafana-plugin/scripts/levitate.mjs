#!/usr/bin/env node
// Checks the plugin's use of @grafana/data, ui and runtime against the oldest Grafana plugin.json
// allows (grafanaDependency), with @grafana/levitate from the npm registry.
//
// Levitate compares only packages that `npm list` shows as direct dependencies of the folder it
// checks; in this npm workspace they are hoisted to the root, so run as it is it skips every
// package and still says "compatible". So it runs on a scratch folder whose package.json and
// node_modules hold exactly the installed @grafana packages (symlinked), with a copy of the
// plugin's sources (npm follows a symlinked folder back into the workspace), and fails when a
// package was skipped all the same. It checks every module the plugin ships (levitateEntries.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { levitateEntries } from './levitateEntries.mjs';

const LEVITATE = '@grafana/levitate@0.17.2';
const PACKAGES = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];

const plugin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(plugin, 'package.json'));
const { grafanaDependency } = JSON.parse(fs.readFileSync(path.join(plugin, 'src/plugin.json'), 'utf8')).dependencies;
const oldest = semver.minVersion(grafanaDependency).version;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-levitate-'));
try {
  const installed = {};
  for (const name of PACKAGES) {
    const dir = path.dirname(require.resolve(`${name}/package.json`));
    installed[name] = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    fs.mkdirSync(path.join(scratch, 'node_modules', path.dirname(name)), { recursive: true });
    fs.symlinkSync(dir, path.join(scratch, 'node_modules', name), 'dir');
  }
  fs.writeFileSync(
    path.join(scratch, 'package.json'),
    JSON.stringify({ name: 'levitate-check', private: true, dependencies: installed })
  );
  fs.cpSync(path.join(plugin, 'src'), path.join(scratch, 'src'), { recursive: true });
  fs.copyFileSync(path.join(plugin, 'tsconfig.json'), path.join(scratch, 'tsconfig.json'));

  const target = PACKAGES.map((name) => `${name}@${oldest}`).join(',');
  let status = 0;
  for (const entry of levitateEntries(plugin)) {
    console.log(
      `Checking ${entry} (${PACKAGES.map((n) => `${n}@${installed[n]}`).join(', ')}) against Grafana ${oldest} (${grafanaDependency})`
    );
    const run = spawnSync('npx', ['-y', LEVITATE, 'is-compatible', '--path', entry, '--target', target], {
      cwd: scratch,
      encoding: 'utf8',
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    process.stdout.write(output);
    const compared = PACKAGES.filter((name) => output.includes(`Found ${name} version`));
    if (PACKAGES.some((name) => output.includes(`Skipping package ${name}`)) || compared.length !== PACKAGES.length) {
      console.error(
        `levitate did not compare ${PACKAGES.filter((n) => !compared.includes(n)).join(', ')} for ${entry}: the check proves nothing.`
      );
      process.exit(2);
    }
    status ||= run.status ?? 1;
  }
  process.exit(status);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
