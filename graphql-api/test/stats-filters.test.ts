import { ObjectLiteral } from 'typeorm';
import { AgentExecution } from '../src/agents/agent-execution.entity';
import { Agent } from '../src/agents/agent.entity';
import { Approval } from '../src/approvals/approval.entity';
import { Plan } from '../src/planner/plan.entity';
import { PlannerConversation } from '../src/planner/planner-conversation.entity';
import { LoginSession } from '../src/sessions/login-session.entity';
import { ToolExecution } from '../src/tools/tool-execution.entity';
import { Tool } from '../src/tools/tool.entity';
import { User } from '../src/users/user.entity';
import { TaskRun } from '../src/workflows/task-run.entity';
import { WorkflowRun } from '../src/workflows/workflow-run.entity';
import { Workflow } from '../src/workflows/workflow.entity';
import { DIALECTS, startApi, TestApi } from './support/api';
import { random } from './support/mixed';

// For every page query and every filter it accepts, each figure it returns equals the same figure
// computed here from the raw records of the filtered subset (read back from the database); every
// filter it does not accept is refused with BAD_USER_INPUT naming it. The data has lifecycle
// moves (RUNNING, then final), records outside the range, and one workflow with a single run.

const MINUTE = 60_000;
const NOW = Date.now();
const END = Math.ceil(NOW / MINUTE) * MINUTE;
const RANGE = { from: new Date(END - 120 * MINUTE).toISOString(), to: new Date(END).toISOString() };
const FROM = Date.parse(RANGE.from);
const ago = (minutes: number) => new Date(NOW - minutes * MINUTE).toISOString();

const USERS = ['u1', 'u2', 'u3'];
const AGENTS = ['planner', 'coder', 'critic'];
const TOOLS = ['search', 'python', 'browser'];
const MODELS = ['m-large', 'm-small'];
const PROVIDERS = ['acme', 'globex'];
const WORKFLOWS = ['research', 'report'];
const SOLO = 'solo';
const SOLO_MS = 59_900;
const FILTER_KEYS = ['agent', 'tool', 'model', 'provider', 'user', 'workflow', 'status'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filter = Partial<Record<FilterKey, string[]>>;

/** Minutes ago: mostly within the two-hour range, some before it, some days back. */
function when(rand: () => number): number {
  const r = rand();
  // Whole days back, but not 7 (the edge of "last 7 days", read at hour granularity).
  const days = 2 + Math.floor(rand() * 40);
  return r < 0.7
    ? 1 + Math.floor(rand() * 118)
    : r < 0.85
      ? 125 + Math.floor(rand() * 200)
      : 60 * 24 * (days === 7 ? 10 : days);
}

function events(): Record<string, unknown>[][] {
  const rand = random(7);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const first: Record<string, unknown>[] = [];
  const later: Record<string, unknown>[] = [];
  USERS.forEach((user, i) => {
    for (let s = 0; s < 3; s++) {
      const sessionId = `s-${user}-${s}`;
      const start = when(rand);
      first.push({ login: { sessionId, userId: user, userName: `User ${i}`, at: ago(start) } });
      if (s === 0) later.push({ sessionActivity: { sessionId, at: ago(2) } });
      else if (s === 1 && i !== 2) later.push({ sessionEnd: { sessionId, at: ago(Math.max(0, start - 1)) } });
    }
  });
  for (let i = 0; i < 70; i++) {
    const start = when(rand);
    const status = pick(['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILURE', 'TIMEOUT', 'CANCELLED', 'RUNNING']);
    const base = {
      requestId: `ae-${i}`,
      agent: pick(AGENTS),
      userId: pick(USERS),
      requestModel: pick(MODELS),
      provider: pick(PROVIDERS),
      startedAt: ago(start),
    };
    const final = {
      ...base,
      status,
      durationMs: status === 'RUNNING' ? undefined : Math.floor(rand() ** 3 * 90_000),
      inputTokens: Math.floor(rand() * 5000),
      outputTokens: Math.floor(rand() * 900),
      costUsd: `0.${String(Math.floor(rand() * 1e6)).padStart(6, '0')}`,
      ...(status === 'FAILURE' ? { errorType: 'Boom', errorMessage: `ae-${i} failed` } : {}),
    };
    // Half of them first run (a lifecycle move), a few stay running.
    if (status !== 'RUNNING' && i % 2 === 0) first.push({ agentExecution: { ...base, status: 'RUNNING' } });
    (i % 2 === 0 ? later : first).push({ agentExecution: final });
  }
  for (let i = 0; i < 50; i++) {
    const start = when(rand);
    const status = pick(['SUCCESS', 'SUCCESS', 'FAILURE', 'TIMEOUT', 'RUNNING']);
    const base = { requestId: `te-${i}`, tool: pick(TOOLS), userId: pick(USERS), startedAt: ago(start) };
    if (status !== 'RUNNING' && i % 3 === 0) first.push({ toolExecution: { ...base, status: 'RUNNING' } });
    (i % 3 === 0 ? later : first).push({
      toolExecution: {
        ...base,
        status,
        durationMs: status === 'RUNNING' ? undefined : Math.floor(rand() ** 2 * 20_000),
      },
    });
  }
  for (const [i, key] of [...WORKFLOWS, SOLO].entries()) {
    first.push({
      workflow: {
        key,
        name: key.toUpperCase(),
        ownerId: USERS[i % USERS.length],
        at: ago(60 * 24 * 50),
        nodes: [{ key: 'a', agent: 'planner' }],
        edges: [],
      },
    });
  }
  for (let i = 0; i < 24; i++) {
    const start = when(rand);
    const status = pick(['SUCCESS', 'SUCCESS', 'FAILED', 'CANCELLED', 'RUNNING', 'WAITING_APPROVAL']);
    const base = { runId: `run-${i}`, workflowKey: pick(WORKFLOWS), triggeredBy: pick(USERS), startedAt: ago(start) };
    const finished = ['SUCCESS', 'FAILED', 'CANCELLED'].includes(status);
    const durationMs = Math.floor(rand() * Math.min(start, 100) * MINUTE);
    if (finished && i % 2 === 0) first.push({ workflowRun: { ...base, status: 'RUNNING' } });
    (finished && i % 2 === 0 ? later : first).push({
      workflowRun: { ...base, status, ...(finished ? { durationMs } : {}) },
    });
    first.push({
      taskRun: {
        taskRunId: `task-${i}`,
        runId: base.runId,
        nodeKey: 'a',
        status: finished ? status : 'RUNNING',
        startedAt: base.startedAt,
        agent: 'planner',
        ...(finished ? { durationMs: 1000 } : {}),
      },
    });
    if (status === 'WAITING_APPROVAL')
      later.push({
        approvalRequested: { approvalId: `appr-run-${i}`, runId: base.runId, requestedAt: ago(Math.max(0, start - 1)) },
      });
  }
  first.push({
    workflowRun: { runId: 'run-solo', workflowKey: SOLO, triggeredBy: 'u3', status: 'RUNNING', startedAt: ago(30) },
  });
  later.push({
    workflowRun: {
      runId: 'run-solo',
      workflowKey: SOLO,
      triggeredBy: 'u3',
      status: 'SUCCESS',
      startedAt: ago(30),
      durationMs: SOLO_MS,
    },
  });
  for (let i = 0; i < 16; i++) {
    const start = when(rand);
    const user = pick(USERS);
    const conversationId = `c-${i}`;
    first.push({ conversationMessage: { messageId: `msg-${i}`, conversationId, userId: user, at: ago(start + 1) } });
    const status = pick(['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'COMPLETED', 'DRAFT']);
    const base = { planId: `plan-${i}`, userId: user, conversationId, title: `Plan ${i}`, createdAt: ago(start) };
    const decided = ['APPROVED', 'REJECTED', 'COMPLETED'].includes(status);
    if (decided) first.push({ plan: { ...base, status: 'PENDING_APPROVAL' } });
    (decided ? later : first).push({
      plan: { ...base, status, ...(decided ? { decidedAt: ago(Math.max(0, start - 3)) } : {}) },
    });
    first.push({ approvalRequested: { approvalId: `appr-plan-${i}`, planId: base.planId, requestedAt: ago(start) } });
    if (decided)
      later.push({
        approvalDecided: {
          approvalId: `appr-plan-${i}`,
          decision: status === 'REJECTED' ? 'REJECTED' : 'APPROVED',
          decidedAt: ago(Math.max(0, start - 3)),
          decidedBy: 'u1',
        },
      });
  }
  return [first, later];
}

// ---------------------------------------------------------------------------------------------
// The raw records, read back, and figures computed from them the way the pages define them.

interface Row {
  at: number;
  status: string;
  keys: Partial<Record<FilterKey, string>>;
  durationMs: number | null;
  inTok: number;
  outTok: number;
  costNanos: bigint;
  /** For completed runs: when they finished. */
  finishedAt?: number | null;
  record: ObjectLiteral;
}

interface Raw {
  agentExecutions: Row[];
  toolExecutions: Row[];
  workflowRuns: Row[];
  taskRuns: Row[];
  logins: Row[];
  plans: Row[];
  conversations: Row[];
  approvals: Row[];
  sessions: LoginSession[];
  users: Map<number, User>;
  workflows: Workflow[];
}

async function readRaw(api: TestApi): Promise<Raw> {
  const ds = api.services.dataSource;
  const all = <T extends ObjectLiteral>(entity: new () => T) => ds.getRepository<T>(entity).find();
  const [users, agents, tools, workflows] = await Promise.all([all(User), all(Agent), all(Tool), all(Workflow)]);
  const userMap = new Map(users.map((u) => [u.id, u]));
  const name =
    <T extends { id: number }>(items: T[], field: keyof T) =>
    (id: number | null) =>
      id === null ? undefined : String(items.find((i) => i.id === id)![field]);
  const user = name(users, 'externalId');
  const agent = name(agents, 'name');
  const tool = name(tools, 'name');
  const workflow = name(workflows, 'key');
  const none = { inTok: 0, outTok: 0, costNanos: 0n };
  const time = (d: Date) => d.getTime();
  const [ae, te, wr, tr, ls, plans, convs, approvals] = await Promise.all([
    all(AgentExecution),
    all(ToolExecution),
    all(WorkflowRun),
    all(TaskRun),
    all(LoginSession),
    all(Plan),
    all(PlannerConversation),
    all(Approval),
  ]);
  return {
    agentExecutions: ae.map((r) => ({
      at: time(r.startedAt),
      status: r.status,
      keys: {
        agent: agent(r.agentId),
        user: user(r.userId),
        model: r.requestModel ?? undefined,
        provider: r.provider ?? undefined,
      },
      durationMs: r.status === 'running' ? null : r.durationMs,
      inTok: r.inputTokens,
      outTok: r.outputTokens,
      costNanos: BigInt(r.costNanos ?? 0),
      record: r,
    })),
    toolExecutions: te.map((r) => ({
      at: time(r.startedAt),
      status: r.status,
      keys: { tool: tool(r.toolId), user: user(r.userId) },
      durationMs: r.status === 'running' ? null : r.durationMs,
      ...none,
      record: r,
    })),
    workflowRuns: wr.map((r) => ({
      at: time(r.startedAt),
      status: r.status,
      keys: { workflow: workflow(r.workflowId), user: user(r.triggeredById) },
      durationMs: r.finishedAt ? r.durationMs : null,
      finishedAt: r.finishedAt && ['success', 'failed', 'cancelled'].includes(r.status) ? time(r.finishedAt) : null,
      ...none,
      record: r,
    })),
    taskRuns: tr
      .filter((r) => r.startedAt)
      .map((r) => ({
        at: time(r.startedAt!),
        status: r.status,
        keys: { workflow: workflow(r.workflowId) },
        durationMs: null,
        ...none,
        record: r,
      })),
    logins: ls.map((r) => ({
      at: time(r.startedAt),
      status: '',
      keys: { user: user(r.userId) },
      durationMs: null,
      ...none,
      record: r,
    })),
    plans: plans.map((r) => ({
      at: time(r.createdAt),
      status: r.status,
      keys: { user: user(r.userId) },
      durationMs: r.decidedAt ? Math.max(0, time(r.decidedAt) - time(r.createdAt)) : null,
      ...none,
      record: r,
    })),
    conversations: convs.map((r) => ({
      at: time(r.startedAt),
      status: '',
      keys: { user: user(r.userId) },
      durationMs: null,
      ...none,
      record: r,
    })),
    approvals: approvals.map((r) => ({
      at: time(r.requestedAt),
      status: r.decision,
      keys: {},
      durationMs: null,
      ...none,
      record: r,
    })),
    sessions: ls,
    users: userMap,
    workflows,
  };
}

const narrow = (rows: Row[], filter: Filter) =>
  rows.filter((row) =>
    (Object.entries(filter) as [FilterKey, string[]][]).every(([key, values]) =>
      values.includes(row.keys[key] as string)
    )
  );
const inRange = (rows: Row[], at: (row: Row) => number | null | undefined = (row) => row.at) =>
  rows.filter((row) => at(row) != null && at(row)! >= FROM && at(row)! < END);

const EXECUTION = {
  success: ['success'],
  failure: ['failure', 'timeout'],
  finished: ['success', 'failure', 'timeout', 'cancelled'],
};
const RUN = { success: ['success'], failure: ['failed'], finished: ['success', 'failed', 'cancelled'] };
const PLAN = {
  success: ['approved', 'executing', 'completed', 'failed'],
  failure: ['rejected'],
  finished: ['approved', 'executing', 'completed', 'failed', 'rejected'],
};

function nanosToUsd(nanos: bigint): string {
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction ? `${nanos / 1_000_000_000n}.${fraction}` : `${nanos / 1_000_000_000n}`;
}

function statusCounts(rows: Row[]) {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.status.toUpperCase(), (counts.get(row.status.toUpperCase()) ?? 0) + 1);
  return [...counts.entries()]
    .map(([status, count]) => ({ status, count }))
    .sort((a, b) => a.status.localeCompare(b.status));
}

const SUMMARY =
  'count success failure successRate avgDurationMs p50DurationMs p95DurationMs p99DurationMs inputTokens outputTokens totalTokens costUsd statuses { status count }';

/**
 * Compares a returned StatsSummary with the rows': exact, but percentiles (within 5 % and within the
 * rows' smallest and largest duration).
 */
function expectSummary(actual: any, rows: Row[], kind: typeof EXECUTION, where: string) {
  const count = (statuses: string[]) => rows.filter((row) => statuses.includes(row.status)).length;
  const durations = rows
    .map((row) => row.durationMs)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  const finished = count(kind.finished);
  const inTok = rows.reduce((sum, row) => sum + row.inTok, 0);
  const outTok = rows.reduce((sum, row) => sum + row.outTok, 0);
  const { statuses, p50DurationMs, p95DurationMs, p99DurationMs, avgDurationMs, ...exact } = actual;
  expect({ where, ...exact }).toEqual({
    where,
    count: rows.length,
    success: count(kind.success),
    failure: count(kind.failure),
    successRate: finished ? count(kind.success) / finished : null,
    inputTokens: inTok,
    outputTokens: outTok,
    totalTokens: inTok + outTok,
    costUsd: nanosToUsd(rows.reduce((sum, row) => sum + row.costNanos, 0n)),
  });
  expect({ where, statuses: [...statuses].sort((a: any, b: any) => a.status.localeCompare(b.status)) }).toEqual({
    where,
    statuses: statusCounts(rows),
  });
  if (durations.length === 0)
    return expect({ where, p50DurationMs, p95DurationMs, p99DurationMs, avgDurationMs }).toEqual({
      where,
      p50DurationMs: null,
      p95DurationMs: null,
      p99DurationMs: null,
      avgDurationMs: null,
    });
  expect(avgDurationMs).toBeCloseTo(durations.reduce((a, b) => a + b, 0) / durations.length, 6);
  for (const [q, value] of [
    [0.5, p50DurationMs],
    [0.95, p95DurationMs],
    [0.99, p99DurationMs],
  ] as const) {
    const exactValue = durations[Math.max(1, Math.ceil(q * durations.length)) - 1];
    expect({ where, q, within: Math.abs(value - exactValue) <= 0.05 * exactValue + 1e-9 }).toEqual({
      where,
      q,
      within: true,
    });
    expect({ where, q, inside: value >= durations[0] && value <= durations.at(-1)! }).toEqual({
      where,
      q,
      inside: true,
    });
  }
}

function periodCounts(rows: Row[]) {
  const midnight = new Date(NOW);
  midnight.setUTCHours(0, 0, 0, 0);
  const weekStart = Math.floor((END - 7 * 1440 * MINUTE) / (60 * MINUTE)) * 60 * MINUTE;
  return {
    today: rows.filter((row) => row.at >= midnight.getTime()).length,
    last7Days: rows.filter((row) => row.at >= weekStart).length,
    allTime: rows.length,
  };
}

/** Counts per 10-minute bucket of the range (the buckets the API aligns to UTC multiples of 10 minutes). */
function bucketCounts(
  rows: Row[],
  at: (row: Row) => number | null | undefined = (row) => row.at,
  stepMinutes = 10,
  from = FROM
) {
  const start = from - (from % (stepMinutes * MINUTE));
  const values = Array.from({ length: Math.ceil((END - start) / (stepMinutes * MINUTE)) }, () => 0);
  for (const row of rows) {
    const t = at(row);
    if (t != null && t >= from && t < END) values[Math.floor((t - start) / (stepMinutes * MINUTE))] += 1;
  }
  return values;
}

const byKey = (series: { key: string; values: number[] }[]) => Object.fromEntries(series.map((s) => [s.key, s.values]));

describe.each(DIALECTS)('every page figure honours every filter it accepts, on %s', (dialect) => {
  let api: TestApi;
  let raw: Raw;
  /** Sessions seen since this are active (read right after each query, as the API reads it). */
  const idle = () => Date.now() - api.services.config.sessionIdleTimeoutMinutes * MINUTE;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'filters');
    for (const batch of events()) {
      const result = await api.data(
        `mutation($e: [EventInput!]!) { ingest(events: $e) { rejected results { error { field message } } } }`,
        { e: batch }
      );
      expect(result.ingest.results.filter((r: any) => r.error)).toEqual([]);
    }
    raw = await readRaw(api);
  });
  afterAll(() => api.close());

  const page = async (query: string, filter: Filter, selection: string) =>
    (
      await api.data(
        `query($r: TimeRangeInput, $f: StatsFilter) { p: ${query}(range: $r, filter: $f) { ${selection} } }`,
        { r: RANGE, f: filter }
      )
    ).p;
  const refused = async (query: string, filter: Filter, selection: string) =>
    (
      await api.gql(
        `query($r: TimeRangeInput, $f: StatsFilter) { p: ${query}(range: $r, filter: $f) { ${selection} } }`,
        { r: RANGE, f: filter }
      )
    ).errors?.[0]?.extensions;

  /** No filter, then each accepted key with one value, two values, and a name nothing has. */
  const filtersOf = (accepts: FilterKey[], values: Partial<Record<FilterKey, string[]>>): Filter[] => [
    {},
    ...accepts.flatMap((key) => [
      { [key]: values[key]!.slice(0, 1) },
      { [key]: values[key]!.slice(0, 2) },
      { [key]: ['nobody'] },
    ]),
  ];
  const VALUES = {
    user: USERS,
    agent: AGENTS,
    tool: TOOLS,
    model: MODELS,
    provider: PROVIDERS,
    workflow: [...WORKFLOWS, SOLO],
  };
  const PAGES: Record<string, FilterKey[]> = {
    overview: [],
    userStats: ['user'],
    toolStats: ['tool', 'user'],
    agentStats: ['agent', 'model', 'provider', 'user'],
    dagStats: ['workflow', 'user'],
    plannerStats: ['user'],
  };

  it('refuses, naming it, every filter key a page does not accept', async () => {
    for (const [query, accepts] of Object.entries(PAGES)) {
      for (const key of FILTER_KEYS.filter((k) => !accepts.includes(k))) {
        expect({ query, key, error: await refused(query, { [key]: ['x'] }, '__typename') }).toEqual({
          query,
          key,
          error: expect.objectContaining({ code: 'BAD_USER_INPUT', field: `filter.${key}` }),
        });
      }
    }
  });

  it('refuses, naming the filter, a table per dimension narrowed by another dimension', async () => {
    const tables: [string, string, FilterKey[]][] = [
      ['toolStats', 'tools { key }', ['user']],
      ['agentStats', 'agents { key }', ['model', 'provider', 'user']],
      ['agentStats', 'byModel { key }', ['agent', 'provider', 'user']],
      ['agentStats', 'byProvider { key }', ['agent', 'model', 'user']],
      ['dagStats', 'workflows { key }', ['user']],
    ];
    for (const [query, selection, keys] of tables) {
      for (const key of keys) {
        expect({
          query,
          selection,
          error: await refused(query, { [key]: [VALUES[key as keyof typeof VALUES][0]] }, selection),
        }).toEqual({
          query,
          selection,
          error: expect.objectContaining({ code: 'BAD_USER_INPUT', field: `filter.${key}` }),
        });
      }
    }
  });

  it('overview', async () => {
    const o = await page(
      'overview',
      {},
      `logins { today last7Days allTime } activeSessions workflowRuns { today last7Days allTime } runningWorkflows
      agentExecutions { today last7Days allTime } agentSuccessRate toolExecutions { today last7Days allTime } toolSuccessRate
      pendingApprovals decidedApprovals plans { today last7Days allTime } plansPendingApproval`
    );
    const rate = (rows: Row[]) => {
      const finished = rows.filter((row) => EXECUTION.finished.includes(row.status)).length;
      return finished ? rows.filter((row) => row.status === 'success').length / finished : null;
    };
    expect(o).toEqual({
      logins: periodCounts(raw.logins),
      activeSessions: raw.sessions.filter((s) => s.endedAt === null && s.lastActivityAt.getTime() >= idle()).length,
      workflowRuns: periodCounts(raw.workflowRuns),
      runningWorkflows: raw.workflowRuns.filter((row) => row.status === 'running').length,
      agentExecutions: periodCounts(raw.agentExecutions),
      agentSuccessRate: rate(inRange(raw.agentExecutions)),
      toolExecutions: periodCounts(raw.toolExecutions),
      toolSuccessRate: rate(inRange(raw.toolExecutions)),
      pendingApprovals: raw.approvals.filter((row) => row.status === 'pending').length,
      decidedApprovals: inRange(raw.approvals).filter((row) => row.status !== 'pending').length,
      plans: periodCounts(raw.plans),
      plansPendingApproval: raw.plans.filter((row) => row.status === 'pending_approval').length,
    });
  });

  it('userStats', async () => {
    for (const filter of filtersOf(PAGES.userStats, VALUES)) {
      const p = await page(
        'userStats',
        filter,
        `logins { today last7Days allTime } activeSessions series { series { key values } } loginsPer10Minutes { series { key values } }
        users { userId logins activeSessions workflowsCreated runsTriggered agentExecutions totalTokens costUsd } topUsersByCost { userId costUsd }`
      );
      const where = JSON.stringify(filter);
      const names = filter.user;
      const sessions = raw.sessions.filter((s) => !names || names.includes(raw.users.get(s.userId)!.externalId));
      const logins = narrow(raw.logins, filter);
      expect({ where, logins: p.logins, activeSessions: p.activeSessions }).toEqual({
        where,
        logins: periodCounts(logins),
        activeSessions: sessions.filter((s) => s.endedAt === null && s.lastActivityAt.getTime() >= idle()).length,
      });
      expect({
        where,
        logins: byKey(p.series.series).logins,
        per10: byKey(p.loginsPer10Minutes.series).logins,
      }).toEqual({ where, logins: bucketCounts(logins), per10: bucketCounts(logins) });
      // Users active in the range: logins, runs triggered or agent executions.
      const activity = [raw.logins, raw.workflowRuns, raw.agentExecutions].map((rows) => inRange(narrow(rows, filter)));
      const active = [...new Set(activity.flat().map((row) => row.keys.user!))].sort();
      const rows = active.map((userId) => {
        const [userLogins, runs, executions] = activity.map((set) => set.filter((row) => row.keys.user === userId));
        const user = [...raw.users.values()].find((u) => u.externalId === userId)!;
        const tokens = executions.reduce((sum, row) => sum + row.inTok + row.outTok, 0);
        return {
          userId,
          logins: userLogins.length,
          runsTriggered: runs.length,
          agentExecutions: executions.length,
          totalTokens: tokens,
          costUsd: nanosToUsd(executions.reduce((sum, row) => sum + row.costNanos, 0n)),
          activeSessions: raw.sessions.filter(
            (s) => s.userId === user.id && s.endedAt === null && s.lastActivityAt.getTime() >= idle()
          ).length,
          workflowsCreated: raw.workflows.filter((w) => w.ownerId === user.id).length,
        };
      });
      expect({ where, users: [...p.users].sort((a: any, b: any) => a.userId.localeCompare(b.userId)) }).toEqual({
        where,
        users: rows,
      });
      const costly = rows
        .filter((row) => Number(row.costUsd) > 0)
        .sort((a, b) => Number(b.costUsd) - Number(a.costUsd));
      expect({ where, top: p.topUsersByCost }).toEqual({
        where,
        top: costly.slice(0, 10).map(({ userId, costUsd }) => ({ userId, costUsd })),
      });
    }
  });

  it.each([
    ['toolStats', 'tools', 'tool', (r: Raw) => r.toolExecutions],
    ['agentStats', 'agents', 'agent', (r: Raw) => r.agentExecutions],
  ] as const)('%s', async (query, table, dim, rowsOf) => {
    for (const filter of filtersOf(PAGES[query], VALUES)) {
      const crossed = Object.keys(filter).some((key) => key !== dim);
      const p = await page(
        query,
        filter,
        `executions { today last7Days allTime } summary { ${SUMMARY} } series { series { key values } }
        ${crossed ? '' : `${table} { key summary { ${SUMMARY} } }`}`
      );
      const where = `${query} ${JSON.stringify(filter)}`;
      const all = narrow(rowsOf(raw), filter);
      const rows = inRange(all);
      expect({ where, executions: p.executions }).toEqual({ where, executions: periodCounts(all) });
      expectSummary(p.summary, rows, EXECUTION, where);
      const statuses = [...new Set(rows.map((row) => row.status))];
      expect({ where, series: byKey(p.series.series) }).toEqual({
        where,
        series: Object.fromEntries(
          statuses.map((status) => [status.toUpperCase(), bucketCounts(rows.filter((row) => row.status === status))])
        ),
      });
      if (crossed) continue;
      const keys = [...new Set(rows.map((row) => row.keys[dim]!))];
      expect({ where, keys: p[table].map((row: any) => row.key).sort() }).toEqual({ where, keys: keys.sort() });
      for (const row of p[table])
        expectSummary(
          row.summary,
          rows.filter((r) => r.keys[dim] === row.key),
          EXECUTION,
          `${where} ${row.key}`
        );
    }
  });

  it('agentStats: usage by model and provider, daily usage and errors', async () => {
    for (const filter of filtersOf(PAGES.agentStats, VALUES)) {
      const keys = Object.keys(filter);
      const p = await page(
        'agentStats',
        filter,
        `dailyUsage { times series { key values } } errors(first: 100) { requestId }
        ${keys.every((k) => k === 'model') ? 'byModel { key value summary { count totalTokens costUsd } }' : ''}
        ${keys.every((k) => k === 'provider') ? 'byProvider { key value summary { count totalTokens costUsd } }' : ''}`
      );
      const where = JSON.stringify(filter);
      const all = narrow(raw.agentExecutions, filter);
      const rows = inRange(all);
      for (const [field, dim] of [
        ['byModel', 'model'],
        ['byProvider', 'provider'],
      ] as const) {
        if (!p[field]) continue;
        const expected = [...new Set(rows.map((row) => row.keys[dim]!))].map((key) => {
          const subset = rows.filter((row) => row.keys[dim] === key);
          return {
            key,
            value: subset.length,
            summary: {
              count: subset.length,
              totalTokens: subset.reduce((s, r) => s + r.inTok + r.outTok, 0),
              costUsd: nanosToUsd(subset.reduce((s, r) => s + r.costNanos, 0n)),
            },
          };
        });
        expect({ where, field, rows: [...p[field]].sort((a: any, b: any) => a.key.localeCompare(b.key)) }).toEqual({
          where,
          field,
          rows: expected.sort((a, b) => a.key.localeCompare(b.key)),
        });
      }
      const days = p.dailyUsage.times.map((t: string) => Date.parse(t));
      const dayOf = (row: Row) => days.findIndex((d: number) => row.at >= d && row.at < d + 1440 * MINUTE);
      const perDay = (value: (row: Row) => number) =>
        days.map((_: number, i: number) =>
          all.filter((row) => dayOf(row) === i).reduce((sum, row) => sum + value(row), 0)
        );
      const usage = byKey(p.dailyUsage.series);
      expect({ where, input: usage.inputTokens, output: usage.outputTokens }).toEqual({
        where,
        input: perDay((row) => row.inTok),
        output: perDay((row) => row.outTok),
      });
      usage.costUsd.forEach((value: number, i: number) =>
        expect(value).toBeCloseTo(perDay((row) => Number(row.costNanos))[i] / 1e9, 9)
      );
      const errors = rows.filter((row) => EXECUTION.failure.includes(row.status)).map((row) => row.record.requestId);
      expect({ where, errors: p.errors.map((e: any) => e.requestId).sort() }).toEqual({ where, errors: errors.sort() });
    }
  });

  it('dagStats', async () => {
    for (const filter of filtersOf(PAGES.dagStats, VALUES)) {
      const p = await page(
        'dagStats',
        filter,
        `runs { today last7Days allTime } summary { ${SUMMARY} } runningNow waitingApprovalNow series { series { key values } }
        ${filter.user ? '' : `workflows { key summary { ${SUMMARY} } taskStatuses { status count } }`}`
      );
      const where = JSON.stringify(filter);
      const all = narrow(raw.workflowRuns, filter);
      const rows = inRange(all);
      expect({ where, runs: p.runs, runningNow: p.runningNow, waitingApprovalNow: p.waitingApprovalNow }).toEqual({
        where,
        runs: periodCounts(all),
        runningNow: all.filter((row) => row.status === 'running').length,
        waitingApprovalNow: all.filter((row) => row.status === 'waiting_approval').length,
      });
      expectSummary(p.summary, rows, RUN, where);
      expect({ where, series: byKey(p.series.series) }).toEqual({
        where,
        series: { started: bucketCounts(all), completed: bucketCounts(all, (row) => row.finishedAt) },
      });
      if (filter.user) continue;
      expect({ where, keys: p.workflows.map((w: any) => w.key).sort() }).toEqual({
        where,
        keys: [...new Set(rows.map((row) => row.keys.workflow!))].sort(),
      });
      for (const w of p.workflows) {
        expectSummary(
          w.summary,
          rows.filter((row) => row.keys.workflow === w.key),
          RUN,
          `${where} ${w.key}`
        );
        const tasks = inRange(raw.taskRuns).filter((row) => row.keys.workflow === w.key);
        expect({
          where,
          w: w.key,
          tasks: [...w.taskStatuses].sort((a: any, b: any) => a.status.localeCompare(b.status)),
        }).toEqual({ where, w: w.key, tasks: statusCounts(tasks) });
      }
    }
  });

  it('plannerStats', async () => {
    for (const filter of filtersOf(PAGES.plannerStats, VALUES)) {
      const p = await page(
        'plannerStats',
        filter,
        `plans { today last7Days allTime } conversations { today last7Days allTime } approvalRate avgTimeToDecisionMs
        plansPendingApproval series { series { key values } } statusDistribution { status count } topUsers { key value } recentPlans(first: 100) { externalId }`
      );
      const where = JSON.stringify(filter);
      const all = narrow(raw.plans, filter);
      const rows = inRange(all);
      const conversations = narrow(raw.conversations, filter);
      const decided = rows.filter((row) => PLAN.finished.includes(row.status));
      const durations = rows.map((row) => row.durationMs).filter((d): d is number => d !== null);
      const users = [...new Set(rows.map((row) => row.keys.user!))].map((key) => ({
        key,
        value: rows.filter((row) => row.keys.user === key).length,
      }));
      expect({
        where,
        ...p,
        avgTimeToDecisionMs: null,
        topUsers: [...p.topUsers].sort((a, b) => a.key.localeCompare(b.key)),
        statusDistribution: [...p.statusDistribution].sort((a, b) => a.status.localeCompare(b.status)),
        recentPlans: p.recentPlans.map((plan: any) => plan.externalId).sort(),
      }).toEqual({
        where,
        plans: periodCounts(all),
        conversations: periodCounts(conversations),
        approvalRate: decided.length
          ? decided.filter((row) => PLAN.success.includes(row.status)).length / decided.length
          : null,
        avgTimeToDecisionMs: null,
        plansPendingApproval: all.filter((row) => row.status === 'pending_approval').length,
        series: {
          series: [
            { key: 'plans', values: bucketCounts(all) },
            { key: 'conversations', values: bucketCounts(conversations) },
          ],
        },
        statusDistribution: statusCounts(rows),
        topUsers: users.sort((a, b) => a.key.localeCompare(b.key)),
        recentPlans: rows.map((row) => row.record.externalId).sort(),
      });
      const times = p.recentPlans.map(
        (plan: any) => raw.plans.find((row) => row.record.externalId === plan.externalId)!.at
      );
      expect(times).toEqual([...times].sort((a, b) => b - a));
      if (durations.length)
        expect(p.avgTimeToDecisionMs).toBeCloseTo(durations.reduce((a, b) => a + b, 0) / durations.length, 6);
      else expect(p.avgTimeToDecisionMs).toBeNull();
    }
  });

  it('building blocks: summary, periodCounts and breakdown by status honour every dimension filter and agree', async () => {
    const metrics = [
      ['AGENT_EXECUTIONS', raw.agentExecutions, ['agent', 'model', 'provider', 'user']],
      ['TOOL_EXECUTIONS', raw.toolExecutions, ['tool', 'user']],
      ['WORKFLOW_RUNS', raw.workflowRuns, ['workflow', 'user']],
    ] as const;
    for (const [metric, all, dims] of metrics) {
      for (const filter of filtersOf([...dims], VALUES)) {
        const where = `${metric} ${JSON.stringify(filter)}`;
        const {
          summary,
          periodCounts: counts,
          breakdown,
          timeSeries,
        } = await api.data(
          `query($r: TimeRangeInput, $f: StatsFilter) {
            summary(metric: ${metric}, range: $r, filter: $f) { ${SUMMARY} }
            periodCounts(metric: ${metric}, filter: $f) { today last7Days allTime }
            breakdown(metric: ${metric}, by: STATUS, range: $r, filter: $f, limit: 100) { key value }
            timeSeries(metric: ${metric}, range: $r, interval: "10m", groupBy: STATUS, filter: $f) { series { key values } } }`,
          { r: RANGE, f: filter }
        );
        const rows = inRange(narrow(all as Row[], filter));
        expectSummary(summary, rows, metric === 'WORKFLOW_RUNS' ? RUN : EXECUTION, where);
        expect({ where, counts }).toEqual({ where, counts: periodCounts(narrow(all as Row[], filter)) });
        // One set of statuses everywhere: no row or series for a status no record is in.
        const statuses = statusCounts(rows);
        expect({ where, breakdown: [...breakdown].sort((a: any, b: any) => a.key.localeCompare(b.key)) }).toEqual({
          where,
          breakdown: statuses.map(({ status, count }) => ({ key: status, value: count })),
        });
        expect({ where, series: timeSeries.series.map((s: any) => s.key).sort() }).toEqual({
          where,
          series: statuses.map((s) => s.status),
        });
      }
    }
  });

  it('a single run: p50 = p95 = p99 = its average = its duration', async () => {
    const p = await page(
      'dagStats',
      { workflow: [SOLO] },
      'summary { count avgDurationMs p50DurationMs p95DurationMs p99DurationMs }'
    );
    expect(p.summary).toEqual({
      count: 1,
      avgDurationMs: SOLO_MS,
      p50DurationMs: SOLO_MS,
      p95DurationMs: SOLO_MS,
      p99DurationMs: SOLO_MS,
    });
  });
});
