import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { AgentmonClient } from './client';
import { DEFAULT_FLEET, runFleet } from './fleet';
import { runSimulation } from './run';
import { DEFAULT_WORLD } from './world';

const DAY_MS = 86_400_000;
// Even right after a restart, so that live events start at the full rate.
const MIN_HISTORY_MS = 15 * 60_000;
const LIVE_EVENTS_PER_SECOND = 3;

export interface DemoSettings {
  /** The environment the API is configured from in demo mode. */
  env: NodeJS.ProcessEnv;
  /** The admin token made up for this process, to show; none when one was configured. */
  madeUpToken?: string;
}

/**
 * The demo keeps its own SQLite file (unless DATABASE_URL is set), so simulated activity never
 * mixes with real data. With no AGENTMON_ADMIN_TOKEN it makes one up for this run only: the
 * simulator needs a token it knows, while the bootstrap key is stored hashed and cannot be read back.
 */
export function demoSettings(env: NodeJS.ProcessEnv): DemoSettings {
  const madeUpToken = env.AGENTMON_ADMIN_TOKEN ? undefined : `demo_${randomBytes(24).toString('base64url')}`;
  return {
    env: {
      ...env,
      DATABASE_URL: env.DATABASE_URL || 'sqlite:data/agentmon-demo.sqlite',
      AGENTMON_ADMIN_TOKEN: env.AGENTMON_ADMIN_TOKEN || madeUpToken,
    },
    madeUpToken,
  };
}

/** How much history to write: since the latest stored activity (a demo ran before), at most a day. */
async function historyToWrite(client: AgentmonClient, now: number): Promise<number> {
  type Latest = { agentExecutions: { nodes: { startedAt: string }[] } };
  const latest = await client.query<Latest>(
    '{ agentExecutions(first: 1, sortBy: STARTED_AT, direction: DESC) { nodes { startedAt } } }'
  );
  const since = latest.agentExecutions.nodes[0] ? Date.parse(latest.agentExecutions.nodes[0].startedAt) : 0;
  return Math.min(DAY_MS, Math.max(MIN_HISTORY_MS, now - since));
}

export interface Demo {
  stop(): Promise<void>;
}

/** Feeds the running API: up to a day of history, then a few events per second until stopped. */
export function startDemo(settings: DemoSettings, url: string, token: string): Demo {
  const say = (line: string) => process.stdout.write(`demo: ${line}\n`);
  const stop = new AbortController();
  say(
    `a simulator feeds this API with made-up activity, about ${LIVE_EVENTS_PER_SECOND} events/s after a day of history`
  );
  if (settings.madeUpToken) say(`admin token for this process only: ${settings.madeUpToken}`);
  const running = (async () => {
    const backfillMs = await historyToWrite(new AgentmonClient(url, token), Date.now());
    await runSimulation(
      {
        ...DEFAULT_WORLD,
        url,
        token,
        seed: randomInt(1, 1_000_000),
        rate: LIVE_EVENTS_PER_SECOND,
        durationSeconds: Infinity,
        backfillMs,
        batchSize: 500,
        single: false,
      },
      { log: say, signal: stop.signal }
    );
  })().catch((error: Error) => say(`the simulator stopped: ${error.message}`));
  const fleet = runFleet(new AgentmonClient(url, token), DEFAULT_FLEET, say, stop.signal).catch((error: Error) =>
    say(`the fleet stopped: ${error.message}`)
  );
  return {
    async stop() {
      stop.abort();
      await Promise.all([running, fleet]);
    },
  };
}

const API_MAIN = path.resolve(__dirname, '../../graphql-api/dist/main.js');

/** Waits until the API answers /ready (its database is up), as long as the process runs. */
async function ready(base: string, exited: () => boolean): Promise<void> {
  while (!exited()) {
    const ok = await fetch(`${base}/ready`).then(
      (response) => response.ok,
      () => false
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the API stopped before it was ready');
}

/** `npm run demo`: the built API in a process of its own, fed by the simulator over HTTP until Ctrl-C. */
async function main(): Promise<void> {
  const settings = demoSettings(process.env);
  const api = spawn(process.execPath, [API_MAIN], { env: settings.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let exited = false;
  api.once('exit', (code) => {
    exited = true;
    process.exitCode = code ?? 1;
  });
  api.stdout.pipe(process.stdout);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    api.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /listening on (\S+\/graphql)/.exec(out);
      if (listening) resolve(listening[1]);
    });
    api.once('exit', () => reject(new Error('the API stopped before it listened')));
  });
  await ready(url.replace(/\/graphql$/, ''), () => exited);
  const demo = startDemo(settings, url, settings.env.AGENTMON_ADMIN_TOKEN!);
  process.once('SIGINT', () => void demo.stop().then(() => api.kill('SIGTERM')));
  process.once('SIGTERM', () => void demo.stop().then(() => api.kill('SIGTERM')));
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`demo: ${error.message}\n`);
    process.exit(1);
  });
}
