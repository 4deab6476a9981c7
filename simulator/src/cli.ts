import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { FatalError, UnavailableError } from './client';
import { EVENT_KINDS } from './events';
import { runSimulation, SimulationOptions, SimulationResult } from './run';
import { DEFAULT_WORLD } from './world';

const HELP = `Usage: npm run simulate -- [options]

Feeds an Agentmon API with realistic activity: users log in and out, talk to the planner,
approve or reject plans, and run workflows whose agents call LLMs and tools.

  --url URL          GraphQL endpoint (default http://localhost:4000/graphql)
  --token TOKEN      bearer token (default: the AGENTMON_TOKEN environment variable)
  --backfill DAYS    first write DAYS of history up to now, quickly, in batches (e.g. 7, 0.5);
                     without it, the last 15 minutes, so that live events start at full rate
  --rate N           live events per second, on average (default 2)
  --duration S       seconds of live events, 0 for none, Infinity until Ctrl-C
                     (default Infinity, or 0 with --backfill)
  --users N          people using the platform (default ${DEFAULT_WORLD.users})
  --agents N         agents (default ${DEFAULT_WORLD.agents})
  --tools N          tools (default ${DEFAULT_WORLD.tools})
  --workflows N      workflows (default ${DEFAULT_WORLD.workflows})
  --seed N           seed: the same seed, counts and times give the same events (default random)
  --until TIME       end the history at this ISO time instead of now (no live events);
                     with --seed, a run writes exactly the events of an earlier one
  --batch-size N     events per ingest call (default 500)
  --single           one mutation per event instead of ingest batches
  --otlp             send agent and tool executions as OpenTelemetry spans (OTLP/JSON to
                     /v1/traces), as an instrumented platform would; the rest as GraphQL
  --help             show this help

Examples:
  npm run simulate -- --token $TOKEN --backfill 7              a week of history, then exit
  npm run simulate -- --token $TOKEN --backfill 1 --duration 600 --rate 5
                                           a day of history, then 10 minutes at 5 events/s
  npm run simulate -- --token $TOKEN --seed 42 --backfill 1 --until 2026-03-01T00:00:00Z
`;

class UsageError extends Error {}

// Live sessions take minutes to play out: starting from 15 minutes of history gives the full rate at once.
const LIVE_WARM_START_DAYS = 15 / (24 * 60);

function number(
  name: string,
  raw: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
  rule: string
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !check(value)) throw new UsageError(`--${name} must be ${rule}, got "${raw}"`);
  return value;
}

const positiveInteger = (n: number) => Number.isInteger(n) && n >= 1;
const nonNegative = (n: number) => Number.isFinite(n) && n >= 0;

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): SimulationOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      backfill: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      users: { type: 'string' },
      agents: { type: 'string' },
      tools: { type: 'string' },
      workflows: { type: 'string' },
      seed: { type: 'string' },
      until: { type: 'string' },
      'batch-size': { type: 'string' },
      single: { type: 'boolean', default: false },
      otlp: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const token = values.token ?? env.AGENTMON_TOKEN;
  if (!token) throw new UsageError('a token is needed: --token TOKEN or the AGENTMON_TOKEN environment variable');
  const url = values.url ?? 'http://localhost:4000/graphql';
  if (!/^https?:\/\/\S+$/.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  const backfillDays = number(
    'backfill',
    values.backfill,
    LIVE_WARM_START_DAYS,
    nonNegative,
    'a number of days, 0 or more'
  );
  const until = values.until === undefined ? undefined : new Date(values.until);
  if (until && Number.isNaN(until.getTime()))
    throw new UsageError(`--until must be an ISO time such as 2026-03-01T00:00:00Z, got "${values.until}"`);
  if (until && (values.backfill === undefined || values.duration !== undefined)) {
    throw new UsageError('--until ends a history: use it with --backfill and without --duration');
  }
  const durationDefault = values.backfill === undefined ? Infinity : 0;
  return {
    url: url.replace(/\/+$/, '').replace(/^(https?:\/\/[^/]+)$/, '$1/graphql'),
    token,
    backfillMs: backfillDays * 86_400_000,
    until,
    rate: number('rate', values.rate, 2, (n) => Number.isFinite(n) && n > 0, 'a number above 0'),
    durationSeconds: number(
      'duration',
      values.duration,
      durationDefault,
      (n) => n >= 0,
      'a number of seconds (or Infinity)'
    ),
    users: number('users', values.users, DEFAULT_WORLD.users, positiveInteger, 'a whole number of at least 1'),
    agents: number('agents', values.agents, DEFAULT_WORLD.agents, positiveInteger, 'a whole number of at least 1'),
    tools: number('tools', values.tools, DEFAULT_WORLD.tools, positiveInteger, 'a whole number of at least 1'),
    workflows: number(
      'workflows',
      values.workflows,
      DEFAULT_WORLD.workflows,
      positiveInteger,
      'a whole number of at least 1'
    ),
    seed: number('seed', values.seed, randomInt(1, 1_000_000), Number.isSafeInteger, 'a whole number'),
    batchSize: number('batch-size', values['batch-size'], 500, positiveInteger, 'a whole number of at least 1'),
    single: values.single,
    otlp: values.otlp,
  };
}

function summary(result: SimulationResult): string {
  const { tally } = result;
  const sent = tally.acceptedTotal + tally.rejectedTotal;
  const lines = [
    `Sent ${sent} events in ${(result.elapsedMs / 1000).toFixed(1)} s: ${tally.acceptedTotal} accepted, ${tally.rejectedTotal} rejected`,
  ];
  for (const kind of EVENT_KINDS) {
    const rejected = tally.rejected[kind] ? ` (${tally.rejected[kind]} rejected)` : '';
    lines.push(`  ${kind.padEnd(20)} ${String(tally.accepted[kind]).padStart(7)}${rejected}`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  let options: SimulationOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    process.stderr.write(`simulate: ${(error as Error).message}\nRun with --help for the options.\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const { seed, users, agents, tools, workflows, url } = options;
  process.stdout.write(
    `Agentmon simulator: seed ${seed}, ${users} users, ${agents} agents, ${tools} tools, ${workflows} workflows -> ${url}\n`
  );
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  try {
    const result = await runSimulation(options, {
      log: (line) => process.stdout.write(`${line}\n`),
      signal: stop.signal,
    });
    process.stdout.write(`${summary(result)}\n`);
    if (options.durationSeconds === 0 && options.backfillMs > 0) {
      const again = `--seed ${seed} --backfill ${options.backfillMs / 86_400_000} --until ${result.historyEnd.toISOString()}`;
      process.stdout.write(`Same events again: ${again} (and the same counts)\n`);
    }
    return result.tally.rejectedTotal === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof FatalError) && !(error instanceof UnavailableError)) throw error;
    process.stderr.write(`simulate: ${error.message}\n`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
