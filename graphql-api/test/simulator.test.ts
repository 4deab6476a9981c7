import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { AgentmonClient, EventSender, Rejection } from '../../simulator/src/client';
import { costNanos, MODELS, nanosToUsd } from '../../simulator/src/catalog/models';
import { TOOLS } from '../../simulator/src/catalog/tools';
import { countByKind, EVENT_KINDS, EventKind, kindOf, SimEvent } from '../../simulator/src/events';
import { generateEvents } from '../../simulator/src/scenario';
import { createWorld, DEFAULT_WORLD } from '../../simulator/src/world';
import { ADMIN_TOKEN, DIALECTS, startApi, TestApi } from './support/api';
import type { EventInput } from '../src/ingest/event.input';

// The simulator's event kinds are exactly the API's: a kind added or renamed on either side fails to compile here.
const SAME_KINDS: [EventKind, keyof EventInput] extends [keyof EventInput, EventKind] ? true : never = true;

const HOUR = 3_600_000;
const START = new Date('2026-03-03T09:00:00Z'); // a Tuesday morning
const SEED = 7;

/** The seeded scenario: `users` people over `hours` from START. */
function scenario(seed = SEED, start = START, users = 5, hours = 2): SimEvent[] {
  const world = createWorld({ ...DEFAULT_WORLD, users, seed });
  return generateEvents(world, { seed, start }, new Date(start.getTime() + hours * HOUR));
}

/** Each event's payload, with its kind. */
const payloads = (events: SimEvent[]): Record<string, any>[] =>
  events.map((event) => ({ kind: kindOf(event), ...Object.values(event)[0] }));

/** The field that names the record each kind of event is about. */
const ID_FIELD: Record<string, string> = {
  login: 'sessionId',
  agentExecution: 'requestId',
  toolExecution: 'requestId',
  workflowRun: 'runId',
  taskRun: 'taskRunId',
  approvalRequested: 'approvalId',
  plan: 'planId',
  conversationMessage: 'conversationId',
};

/** The records an event refers to: by which of its fields, and what kind of event names them. */
const REFERENCES: Record<string, [field: string, kind: EventKind][]> = {
  sessionActivity: [['sessionId', 'login']],
  sessionEnd: [['sessionId', 'login']],
  agentExecution: [
    ['sessionId', 'login'],
    ['workflowRunId', 'workflowRun'],
    ['taskRunId', 'taskRun'],
  ],
  toolExecution: [
    ['sessionId', 'login'],
    ['agentExecutionId', 'agentExecution'],
  ],
  workflowRun: [['planId', 'plan']],
  taskRun: [['runId', 'workflowRun']],
  approvalRequested: [
    ['runId', 'workflowRun'],
    ['taskRunId', 'taskRun'],
    ['planId', 'plan'],
  ],
  approvalDecided: [['approvalId', 'approvalRequested']],
  plan: [['conversationId', 'conversationMessage']],
};

const FINAL_EXECUTION = ['SUCCESS', 'FAILURE', 'TIMEOUT', 'CANCELLED'];
const FINAL_RUN = ['SUCCESS', 'FAILED', 'CANCELLED'];

describe('the scenario', () => {
  const events = scenario();
  const day = payloads(scenario(SEED, START, 25, 24));

  it('gives the same events for one seed and one start, and others for another seed or start', () => {
    expect(scenario()).toEqual(events);
    expect(scenario(SEED + 1)).not.toEqual(events);
    expect(scenario(SEED, new Date(START.getTime() + 60_000))).not.toEqual(events);
  });

  it('has every kind of event', () => {
    expect(SAME_KINDS).toBe(true);
    const counts = countByKind(events);
    expect(EVENT_KINDS.filter((kind) => counts[kind] === 0)).toEqual([]);
  });

  it('names every record before an event refers to it', () => {
    const seen = new Map(EVENT_KINDS.map((kind) => [kind, new Set<string>()]));
    const missing: string[] = [];
    for (const event of day) {
      for (const [field, kind] of REFERENCES[event.kind] ?? []) {
        if (event[field] && !seen.get(kind)!.has(event[field])) missing.push(`${event.kind}.${field} ${event[field]}`);
      }
      if (ID_FIELD[event.kind]) seen.get(event.kind)!.add(event[ID_FIELD[event.kind]]);
    }
    expect(missing).toEqual([]);
    const subjects = day
      .filter((event) => event.kind === 'approvalRequested')
      .map((event) => [event.runId, event.taskRunId, event.planId].filter(Boolean));
    expect(subjects.every((named) => named.length === 1)).toBe(true);
  });

  it('reports each execution and run as started, then at most once as ended, with sound times', () => {
    const lifecycles = new Map<string, Record<string, any>[]>();
    for (const event of day.filter((event) =>
      ['agentExecution', 'toolExecution', 'workflowRun', 'taskRun'].includes(event.kind)
    )) {
      const id = `${event.kind}:${event.requestId ?? event.runId}:${event.taskRunId ?? ''}`;
      lifecycles.set(id, [...(lifecycles.get(id) ?? []), event]);
    }
    expect(lifecycles.size).toBeGreaterThan(1000);
    const problems: string[] = [];
    for (const [id, states] of lifecycles) {
      const ends = states.filter((state) =>
        (state.kind.endsWith('Execution') ? FINAL_EXECUTION : FINAL_RUN).includes(state.status)
      );
      const end = ends[0];
      if (end === states[0]) problems.push(`${id} starts ended`);
      if (ends.length > 1 || (end && states[states.length - 1] !== end)) problems.push(`${id} changes after it ended`);
      if (new Set(states.map((state) => state.startedAt)).size !== 1) problems.push(`${id} moves its start`);
      if (!end) continue;
      if (Date.parse(end.finishedAt) < Date.parse(end.startedAt)) problems.push(`${id} ends before it starts`);
      const failed = end.status !== 'SUCCESS' && !(end.kind.endsWith('Execution') && end.status === 'CANCELLED');
      if (Boolean(end.errorType) !== failed)
        problems.push(`${id} ended ${end.status} with error type ${end.errorType}`);
    }
    const requestedAt = new Map(
      day.filter((event) => event.kind === 'approvalRequested').map((event) => [event.approvalId, event.requestedAt])
    );
    for (const decided of day.filter((event) => event.kind === 'approvalDecided')) {
      if (Date.parse(decided.decidedAt) < Date.parse(requestedAt.get(decided.approvalId)))
        problems.push(`${decided.approvalId} decided before requested`);
    }
    expect(problems).toEqual([]);
  });

  it("prices tokens at the models' list prices, with plausible counts and latencies", () => {
    const ended = day.filter((event) => event.kind === 'agentExecution' && event.status !== 'RUNNING');
    expect(ended.length).toBeGreaterThan(300);
    const problems: string[] = [];
    for (const execution of ended) {
      const model = MODELS.find((m) => m.provider === execution.provider && m.request === execution.requestModel)!;
      const { requestId, inputTokens, outputTokens, costUsd } = execution;
      if (execution.responseModel !== model.response)
        problems.push(`${requestId} answered by ${execution.responseModel}`);
      if (inputTokens > 2_000_000 || outputTokens > 50_000)
        problems.push(`${requestId} used ${inputTokens} + ${outputTokens} tokens`);
      if (execution.status === 'SUCCESS' && (inputTokens === 0 || outputTokens === 0))
        problems.push(`${requestId} succeeded without tokens`);
      if (costUsd !== nanosToUsd(costNanos(model, inputTokens, outputTokens)) || Number(costUsd) >= 5)
        problems.push(`${requestId} cost ${costUsd}`);
    }
    for (const call of day.filter((event) => event.kind === 'toolExecution' && event.status !== 'RUNNING')) {
      const { timeoutMs } = TOOLS.find((profile) => profile.name === call.tool)!;
      const ms = Date.parse(call.finishedAt) - Date.parse(call.startedAt);
      if (ms > timeoutMs || (call.status === 'TIMEOUT') !== (ms === timeoutMs))
        problems.push(`${call.requestId} ${call.status} after ${ms} ms`);
    }
    expect(problems).toEqual([]);
    const successes = ended.filter((execution) => execution.status === 'SUCCESS');
    const mean = successes.reduce((sum, execution) => sum + Number(execution.costUsd), 0) / successes.length;
    expect(mean).toBeGreaterThan(0.001);
    expect(mean).toBeLessThan(0.5);
  });

  it('uses ids the API accepts', () => {
    const ids = day.flatMap((event) =>
      [
        'sessionId',
        'requestId',
        'runId',
        'taskRunId',
        'approvalId',
        'planId',
        'conversationId',
        'messageId',
        'userId',
      ].map((field) => event[field])
    );
    expect(ids.filter((id) => id !== undefined && !/^[\x21-\x7e]{1,191}$/.test(id))).toEqual([]);
  });
});

interface Totals {
  [list: string]: { totalCount: number };
}

const TOTALS = `{
  loginSessions { totalCount } agentExecutions { totalCount } toolExecutions { totalCount } workflows { totalCount }
  workflowRuns { totalCount } taskRuns { totalCount } approvals { totalCount } plans { totalCount }
  plannerConversations { totalCount } users { totalCount } agents { totalCount } tools { totalCount }
  decided: approvals(filter: { decision: [APPROVED, REJECTED, EXPIRED] }) { totalCount }
  succeeded: agentExecutions(filter: { status: [SUCCESS] }) { totalCount }
  failedRuns: workflowRuns(filter: { status: [FAILED, CANCELLED] }) { totalCount }
}`;

const distinct = (events: Record<string, any>[], kind: string, field: string) =>
  new Set(
    events
      .filter((event) => event.kind === kind)
      .map((event) => event[field])
      .filter(Boolean)
  ).size;

/** Agents and tools are created by the executions and the task runs that name them. */
const named = (events: Record<string, any>[], kind: string, field: string) =>
  new Set(
    events
      .filter((event) => event.kind === kind || event.kind === 'taskRun')
      .map((event) => event[field])
      .filter(Boolean)
  ).size;

/** The records the events should leave in the API, counted from the events themselves. */
function expectedTotals(events: Record<string, any>[]) {
  const lastState = (kind: string, idField: string) =>
    new Map(events.filter((event) => event.kind === kind).map((event) => [event[idField], event.status]));
  const count = (states: Map<string, string>, wanted: string[]) =>
    [...states.values()].filter((state) => wanted.includes(state)).length;
  const userIds = new Set(
    events.flatMap((event) => [event.userId, event.triggeredBy, event.decidedBy]).filter(Boolean)
  );
  return {
    loginSessions: distinct(events, 'login', 'sessionId'),
    agentExecutions: distinct(events, 'agentExecution', 'requestId'),
    toolExecutions: distinct(events, 'toolExecution', 'requestId'),
    workflows: distinct(events, 'workflow', 'key'),
    workflowRuns: distinct(events, 'workflowRun', 'runId'),
    taskRuns: distinct(events, 'taskRun', 'taskRunId'),
    approvals: distinct(events, 'approvalRequested', 'approvalId'),
    plans: distinct(events, 'plan', 'planId'),
    plannerConversations: distinct(events, 'conversationMessage', 'conversationId'),
    users: userIds.size,
    agents: named(events, 'agentExecution', 'agent'),
    tools: named(events, 'toolExecution', 'tool'),
    decided: distinct(events, 'approvalDecided', 'approvalId'),
    succeeded: count(lastState('agentExecution', 'requestId'), ['SUCCESS']),
    failedRuns: count(lastState('workflowRun', 'runId'), ['FAILED', 'CANCELLED']),
  };
}

async function storedTotals(api: TestApi): Promise<Record<string, number>> {
  const data = await api.data<Totals>(TOTALS);
  return Object.fromEntries(Object.entries(data).map(([list, { totalCount }]) => [list, totalCount]));
}

describe.each(DIALECTS)('simulated events through the API on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'sim');
  });
  afterAll(() => api.close());

  const events = scenario();

  it('accepts every event, and stores one record per platform id', async () => {
    const rejections: Rejection[] = [];
    const sender = new EventSender(new AgentmonClient(`${api.url}/graphql`, ADMIN_TOKEN), {
      batchSize: 100,
      single: false,
      onRejected: (r) => rejections.push(r),
    });
    await sender.send(events);
    expect(rejections).toEqual([]);
    expect(sender.tally.accepted).toEqual(countByKind(events));

    const expected = expectedTotals(payloads(events));
    expect(await storedTotals(api)).toEqual(expected);
    type Conversations = { plannerConversations: { nodes: { messageCount: number }[] } };
    const { plannerConversations } = await api.data<Conversations>(
      '{ plannerConversations(first: 1000) { nodes { messageCount } } }'
    );
    expect(plannerConversations.nodes.reduce((sum, node) => sum + node.messageCount, 0)).toBe(
      countByKind(events).conversationMessage
    );
    type Sessions = { loginSessions: { nodes: { endedAt: string | null }[] } };
    const { loginSessions } = await api.data<Sessions>('{ loginSessions(first: 1000) { nodes { endedAt } } }');
    expect(loginSessions.nodes.filter((node) => node.endedAt).length).toBe(countByKind(events).sessionEnd);
  });

  it('sends the same events one mutation each, as replays that change nothing', async () => {
    const before = await storedTotals(api);
    const sample = events.slice(0, 80);
    const sender = new EventSender(new AgentmonClient(`${api.url}/graphql`, ADMIN_TOKEN), {
      batchSize: 500,
      single: true,
      onRejected: () => undefined,
    });
    await sender.send(sample);
    expect(sender.tally.rejectedTotal).toBe(0);
    expect(sender.tally.accepted).toEqual(countByKind(sample));
    expect(await storedTotals(api)).toEqual(before);
  });
});

/** Compiles the simulator alone (it needs nothing else at run time) into a temporary folder. */
function buildCli(into: string): string {
  const source = path.resolve(__dirname, '../../simulator/src');
  const files = fs.readdirSync(source, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const { outputText } = ts.transpileModule(fs.readFileSync(path.join(source, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const target = path.join(into, file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
  return path.join(into, 'cli.js');
}

describe('the simulate command', () => {
  let api: TestApi;
  let cli: string;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-sim-'));
    cli = buildCli(dir);
    api = await startApi('sqlite', {}, 'simcli');
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const env = { ...process.env, NODE_PATH: path.resolve(__dirname, '../../node_modules'), AGENTMON_TOKEN: '' };
      execFile(process.execPath, [cli, ...args], { env, timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr })
      );
    });

  it('writes a seeded history and sums it up', async () => {
    const until = '2026-03-03T12:00:00.000Z';
    const args = [
      '--url',
      api.url,
      '--token',
      ADMIN_TOKEN,
      '--seed',
      '11',
      '--users',
      '3',
      '--backfill',
      '0.1',
      '--until',
      until,
    ];
    const result = await run(args);
    expect(result).toMatchObject({ code: 0, stderr: '' });

    const world = createWorld({ ...DEFAULT_WORLD, users: 3, seed: 11 });
    const expected = generateEvents(
      world,
      { seed: 11, start: new Date(Date.parse(until) - 0.1 * 24 * HOUR) },
      new Date(until)
    );
    expect(result.stdout).toContain(`Sent ${expected.length} events in`);
    expect(result.stdout).toContain(`${expected.length} accepted, 0 rejected`);
    expect(result.stdout).toMatch(new RegExp(`agentExecution\\s+${countByKind(expected).agentExecution}\\n`));
    expect(result.stdout).toContain(`Same events again: --seed 11 --backfill 0.1 --until ${until}`);
    expect((await storedTotals(api)).agentExecutions).toBe(expectedTotals(payloads(expected)).agentExecutions);
  });

  it('explains its options, and refuses a bad one', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--backfill DAYS');
    const bad = await run(['--token', ADMIN_TOKEN, '--users', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--users must be a whole number of at least 1, got "many"');
    const tokenless = await run([]);
    expect(tokenless.code).toBe(2);
    expect(tokenless.stderr).toContain('a token is needed');
  });
});
