import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const API_ROOT = path.resolve(__dirname, '..', '..');

export interface Build {
  /** The folder holding dist/ and package.json, laid out like graphql-api/. */
  root: string;
  /** NODE_PATH that finds the workspace's node_modules from there. */
  nodePath: string;
  remove(): void;
}

/**
 * Compiles the API as `npm run build` does (tsc -p tsconfig.build.json), but into a folder of its
 * own, so it neither races with anyone else's build of dist/ nor runs stale output.
 */
export async function buildApi(): Promise<Build> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-build-'));
  const tsc = require.resolve('typescript/bin/tsc', { paths: [API_ROOT] });
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', path.join(root, 'dist')], {
    cwd: API_ROOT,
  }).catch((error: Error & { stdout?: string }) => {
    throw new Error(`the API does not build: ${error.stdout ?? error.message}`);
  });
  // dist/version.js reads ../package.json, as it does in graphql-api/.
  fs.copyFileSync(path.join(API_ROOT, 'package.json'), path.join(root, 'package.json'));
  // The OTLP receiver loads the vendored .proto files from proto/ beside dist/.
  fs.cpSync(path.join(API_ROOT, 'proto'), path.join(root, 'proto'), { recursive: true });
  return {
    root,
    nodePath: [path.join(API_ROOT, 'node_modules'), path.join(API_ROOT, '..', 'node_modules')].join(path.delimiter),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

export interface RunningProcess {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
}

/** Starts `node <script>` from a build, with only the given environment on top of PATH and HOME. */
export function runNode(
  build: Build,
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd: string
): RunningProcess {
  const child = spawn(process.execPath, [path.join(build.root, script), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, NODE_PATH: build.nodePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
  );
  exited.then(() => {
    for (const listener of listeners) listener();
  });
  let done = false;
  void exited.then(() => (done = true));

  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match) finish(() => resolve(match));
          else if (done) finish(() => reject(new Error(`the process exited before printing ${pattern}:\n${text}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`))),
          timeoutMs
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (!done) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const LISTENING = /Agentmon API listening on (http:\/\/\S+)\/graphql/;

/**
 * Starts `node dist/main.js` from a build with this environment (on a free port) and resolves once it
 * listens and /ready answers 200 (connected and migrated), with its base URL.
 */
export async function startApiProcess(
  build: Build,
  env: Record<string, string>,
  cwd: string
): Promise<{ base: string; api: RunningProcess }> {
  const api = runNode(build, 'dist/main.js', [], { PORT: '0', HOST: '127.0.0.1', ...env }, cwd);
  try {
    const [, base] = await api.waitFor(LISTENING);
    for (const started = Date.now(); (await fetch(`${base}/ready`)).status !== 200;) {
      if (Date.now() - started > 30_000) throw new Error(`${base}/ready did not turn 200:\n${api.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { base, api };
  } catch (error) {
    // A process that never became ready is stopped here: the caller has nothing to stop it by.
    await api.stop();
    throw error;
  }
}
