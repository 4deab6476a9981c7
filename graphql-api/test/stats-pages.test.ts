import { DIALECTS, startApi, TestApi } from './support/api';

// Every figure of every page, on a small dataset whose expected values are computed here from
// the events themselves.

const MINUTE = 60_000;
const NOW = Date.now();
const ago = (minutes: number) => new Date(NOW - minutes * MINUTE).toISOString();

interface Exec {
  id: string;
  agent: string;
  tool: string;
  user: string;
  model: string;
  provider: string;
  status: 'SUCCESS' | 'FAILURE' | 'TIMEOUT';
  minutesAgo: number;
  durationMs: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: string;
}

const EXECUTIONS: Exec[] = Array.from({ length: 24 }, (_, i) => ({
  id: `x${i}`,
  agent: ['planner', 'coder', 'critic'][i % 3],
  tool: ['search', 'python'][i % 2],
  user: ['ann', 'bob'][i % 2],
  model: i % 4 === 0 ? 'claude-x' : 'gpt-y',
  provider: i % 4 === 0 ? 'anthropic' : 'openai',
  status: i % 6 === 0 ? 'FAILURE' : i % 7 === 0 ? 'TIMEOUT' : 'SUCCESS',
  // Half in the last hour, the rest spread over the last week and beyond.
  // (Kept 90 minutes clear of the 7-day edge, which is read at hour granularity.)
  minutesAgo: i < 12 ? 5 + i * 4 : i < 20 ? 60 * 24 * (i - 11) - 90 : 60 * 24 * 40,
  durationMs: 200 + i * 37,
  tokensIn: 100 + i,
  tokensOut: 10 + i,
  costUsd: `0.00${i + 1}`,
}));

const inLastHour = (e: { minutesAgo: number }) => e.minutesAgo < 60;
const sumCost = (items: Exec[]) => items.reduce((sum, e) => sum + Math.round(Number(e.costUsd) * 1e9), 0) / 1e9;

function events() {
  const list: Record<string, unknown>[] = [
    { login: { sessionId: 's-ann', userId: 'ann', userName: 'Ann', at: ago(50) } },
    { login: { sessionId: 's-bob', userId: 'bob', userName: 'Bob', at: ago(40) } },
    { sessionActivity: { sessionId: 's-ann', at: ago(10) } },
    { sessionEnd: { sessionId: 's-bob', at: ago(30) } },
    { login: { sessionId: 's-old', userId: 'bob', at: ago(60 * 24 * 3) } },
    {
      workflow: {
        key: 'research',
        name: 'Research',
        ownerId: 'ann',
        at: ago(600),
        nodes: [
          { key: 'plan', agent: 'planner' },
          { key: 'search', tool: 'search' },
        ],
        edges: [{ from: 'plan', to: 'search' }],
      },
    },
    {
      workflowRun: {
        runId: 'run-1',
        workflowKey: 'research',
        status: 'SUCCESS',
        startedAt: ago(45),
        finishedAt: ago(41),
        triggeredBy: 'ann',
      },
    },
    {
      workflowRun: {
        runId: 'run-2',
        workflowKey: 'research',
        status: 'FAILED',
        startedAt: ago(30),
        durationMs: 60_000,
        triggeredBy: 'bob',
      },
    },
    {
      workflowRun: { runId: 'run-3', workflowKey: 'report', status: 'RUNNING', startedAt: ago(20), triggeredBy: 'ann' },
    },
    { workflowRun: { runId: 'run-4', workflowKey: 'report', status: 'WAITING_APPROVAL', startedAt: ago(15) } },
    {
      taskRun: {
        taskRunId: 't-1',
        runId: 'run-1',
        nodeKey: 'plan',
        status: 'SUCCESS',
        startedAt: ago(45),
        durationMs: 1000,
        agent: 'planner',
      },
    },
    {
      taskRun: {
        taskRunId: 't-2',
        runId: 'run-1',
        nodeKey: 'search',
        status: 'SUCCESS',
        startedAt: ago(44),
        durationMs: 2000,
        tool: 'search',
      },
    },
    {
      taskRun: {
        taskRunId: 't-3',
        runId: 'run-2',
        nodeKey: 'plan',
        status: 'FAILED',
        startedAt: ago(30),
        durationMs: 500,
        agent: 'planner',
      },
    },
    { conversationMessage: { messageId: 'm-1', conversationId: 'c-1', userId: 'ann', at: ago(48) } },
    { conversationMessage: { messageId: 'm-2', conversationId: 'c-1', userId: 'ann', role: 'ASSISTANT', at: ago(47) } },
    {
      plan: {
        planId: 'p-1',
        userId: 'ann',
        conversationId: 'c-1',
        title: 'Compare vendors',
        status: 'APPROVED',
        stepCount: 4,
        createdAt: ago(47),
        decidedAt: ago(46),
      },
    },
    {
      plan: {
        planId: 'p-2',
        userId: 'ann',
        title: 'Draft memo',
        status: 'REJECTED',
        createdAt: ago(35),
        decidedAt: ago(32),
      },
    },
    { plan: { planId: 'p-3', userId: 'bob', title: 'Book travel', status: 'PENDING_APPROVAL', createdAt: ago(25) } },
    { approvalRequested: { approvalId: 'a-1', planId: 'p-1', requestedAt: ago(47) } },
    { approvalDecided: { approvalId: 'a-1', decision: 'APPROVED', decidedAt: ago(46), decidedBy: 'bob' } },
    { approvalRequested: { approvalId: 'a-2', runId: 'run-4', requestedAt: ago(15) } },
  ];
  for (const e of EXECUTIONS) {
    const failed = e.status !== 'SUCCESS';
    list.push({
      agentExecution: {
        requestId: e.id,
        agent: e.agent,
        userId: e.user,
        status: e.status,
        startedAt: ago(e.minutesAgo),
        durationMs: e.durationMs,
        requestModel: e.model,
        provider: e.provider,
        inputTokens: e.tokensIn,
        outputTokens: e.tokensOut,
        costUsd: e.costUsd,
        errorType: failed ? `${e.status}Error` : null,
        errorMessage: failed ? `${e.id} failed` : null,
      },
    });
    list.push({
      toolExecution: {
        requestId: `tool-${e.id}`,
        tool: e.tool,
        agentExecutionId: e.id,
        userId: e.user,
        status: e.status,
        startedAt: ago(e.minutesAgo),
        durationMs: Math.round(e.durationMs / 10),
        errorType: failed ? 'ToolError' : null,
        errorMessage: failed ? `tool-${e.id} failed` : null,
      },
    });
  }
  return list;
}

describe.each(DIALECTS)('page statistics on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'pages');
    const result = await api.data(
      `mutation($e: [EventInput!]!) { ingest(events: $e) { rejected results { error { field message } } } }`,
      { e: events() }
    );
    expect(result.ingest.rejected).toBe(0);
  });
  afterAll(() => api.close());

  const today = (items: { minutesAgo: number }[]) => {
    const midnight = new Date(NOW);
    midnight.setUTCHours(0, 0, 0, 0);
    return items.filter((e) => NOW - e.minutesAgo * MINUTE >= midnight.getTime()).length;
  };
  const lastWeek = (items: { minutesAgo: number }[]) => items.filter((e) => e.minutesAgo < 7 * 24 * 60).length;

  it('Overview: every area at a glance', async () => {
    const { overview } = await api.data(`{ overview {
      logins { today last7Days allTime } activeSessions workflowRuns { allTime } runningWorkflows
      agentExecutions { today last7Days allTime } agentSuccessRate toolExecutions { allTime } toolSuccessRate
      pendingApprovals decidedApprovals plans { allTime } plansPendingApproval } }`);
    expect(overview.logins).toEqual({
      today: today([{ minutesAgo: 50 }, { minutesAgo: 40 }, { minutesAgo: 60 * 24 * 3 }]),
      last7Days: 3,
      allTime: 3,
    });
    expect(overview.activeSessions).toBe(1); // ann's; bob logged out, the old one is idle
    expect(overview.workflowRuns.allTime).toBe(4);
    expect(overview.runningWorkflows).toBe(1);
    expect(overview.agentExecutions).toEqual({
      today: today(EXECUTIONS),
      last7Days: lastWeek(EXECUTIONS),
      allTime: EXECUTIONS.length,
    });
    const hour = EXECUTIONS.filter(inLastHour);
    expect(overview.agentSuccessRate).toBeCloseTo(hour.filter((e) => e.status === 'SUCCESS').length / hour.length, 12);
    expect(overview.toolExecutions.allTime).toBe(EXECUTIONS.length);
    expect(overview.toolSuccessRate).toBeCloseTo(overview.agentSuccessRate, 12);
    expect(overview).toMatchObject({
      pendingApprovals: 1,
      decidedApprovals: 1,
      plans: { allTime: 3 },
      plansPendingApproval: 1,
    });
  });

  it('Users: logins, series, per-user table and top users by cost', async () => {
    const { userStats } = await api.data(`{ userStats(interval: "10m") {
      logins { allTime } activeSessions
      series { interval times series { key values } }
      users { userId name logins activeSessions workflowsCreated runsTriggered agentExecutions totalTokens costUsd lastSeenAt }
      topUsersByCost { userId costUsd } } }`);
    expect(userStats.logins.allTime).toBe(3);
    expect(userStats.series.times.length).toBeGreaterThanOrEqual(6);
    const series = Object.fromEntries(
      userStats.series.series.map((s: { key: string; values: number[] }) => [s.key, s.values])
    );
    expect(series.logins.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    // ann's activity and bob's logout (logins have their own series)
    expect(series.activity.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    const byId = Object.fromEntries(userStats.users.map((u: { userId: string }) => [u.userId, u]));
    for (const user of ['ann', 'bob']) {
      const mine = EXECUTIONS.filter((e) => inLastHour(e) && e.user === user);
      expect(byId[user]).toMatchObject({
        logins: 1,
        agentExecutions: mine.length,
        totalTokens: mine.reduce((sum, e) => sum + e.tokensIn + e.tokensOut, 0),
      });
      expect(Number(byId[user].costUsd)).toBeCloseTo(sumCost(mine), 9);
    }
    expect(byId.ann).toMatchObject({ name: 'Ann', activeSessions: 1, workflowsCreated: 1, runsTriggered: 2 });
    expect(byId.bob).toMatchObject({ name: 'Bob', activeSessions: 0, workflowsCreated: 0, runsTriggered: 1 });
    const costs = userStats.topUsersByCost.map((u: { costUsd: string }) => Number(u.costUsd));
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
  });

  it('Tools: counts, success rate, durations, series by status and a per-tool table with the last error', async () => {
    const { toolStats } = await api.data(`{ toolStats {
      executions { today last7Days allTime }
      summary { count success failure successRate avgDurationMs p50DurationMs p95DurationMs p99DurationMs }
      series { series { key values } }
      tools { key summary { count successRate avgDurationMs p95DurationMs } lastError { type message } } } }`);
    const hour = EXECUTIONS.filter(inLastHour);
    expect(toolStats.executions.allTime).toBe(EXECUTIONS.length);
    expect(toolStats.summary.count).toBe(hour.length);
    expect(toolStats.summary.failure).toBe(hour.filter((e) => e.status !== 'SUCCESS').length);
    expect(toolStats.summary.avgDurationMs).toBeCloseTo(
      hour.reduce((s, e) => s + Math.round(e.durationMs / 10), 0) / hour.length,
      6
    );
    expect(toolStats.summary.p95DurationMs).toBeGreaterThanOrEqual(toolStats.summary.p50DurationMs);
    const seriesTotal = toolStats.series.series
      .flatMap((s: { values: number[] }) => s.values)
      .reduce((a: number, b: number) => a + b, 0);
    expect(seriesTotal).toBe(hour.length);
    for (const row of toolStats.tools) {
      expect(row.summary.count).toBe(hour.filter((e) => e.tool === row.key).length);
      const failures = EXECUTIONS.filter((e) => e.tool === row.key && e.status !== 'SUCCESS').sort(
        (a, b) => a.minutesAgo - b.minutesAgo
      );
      expect(row.lastError).toEqual({ type: 'ToolError', message: `tool-${failures[0].id} failed` });
    }
  });

  it('Agents: tokens and cost by agent, model and provider, daily usage, the error feed and one user', async () => {
    const { agentStats } = await api.data(`{ agentStats {
      summary { count inputTokens outputTokens costUsd }
      agents { key summary { count costUsd } lastError { type message } }
      byModel { key summary { count } } byProvider { key summary { costUsd } }
      dailyUsage { interval times series { key values } }
      errors(first: 3) { requestId errorType } } }`);
    const hour = EXECUTIONS.filter(inLastHour);
    expect(agentStats.summary).toMatchObject({
      count: hour.length,
      inputTokens: hour.reduce((s, e) => s + e.tokensIn, 0),
      outputTokens: hour.reduce((s, e) => s + e.tokensOut, 0),
    });
    expect(Number(agentStats.summary.costUsd)).toBeCloseTo(sumCost(hour), 9);
    for (const row of agentStats.byModel)
      expect(row.summary.count).toBe(hour.filter((e) => e.model === row.key).length);
    for (const row of agentStats.byProvider)
      expect(Number(row.summary.costUsd)).toBeCloseTo(sumCost(hour.filter((e) => e.provider === row.key)), 9);
    expect(agentStats.dailyUsage.interval).toBe('1d');
    const cost = agentStats.dailyUsage.series
      .find((s: { key: string }) => s.key === 'costUsd')
      .values.reduce((a: number, b: number) => a + b, 0);
    expect(cost).toBeCloseTo(sumCost(EXECUTIONS.filter((e) => e.minutesAgo < 30 * 24 * 60)), 9);
    const failures = EXECUTIONS.filter((e) => e.status !== 'SUCCESS').sort((a, b) => a.minutesAgo - b.minutesAgo);
    expect(agentStats.errors.map((e: { requestId: string }) => e.requestId)).toEqual(
      failures.slice(0, 3).map((e) => e.id)
    );

    const { agentStats: ann } = await api.data(
      `{ agentStats(filter: { user: ["ann"] }) { summary { count } executions { allTime } } }`
    );
    expect(ann.summary.count).toBe(hour.filter((e) => e.user === 'ann').length);
    expect(ann.executions.allTime).toBe(EXECUTIONS.filter((e) => e.user === 'ann').length);
  });

  it('DAGs: runs, running and waiting now, started vs completed, per-workflow table with task states', async () => {
    const { dagStats } = await api.data(`{ dagStats {
      runs { today allTime } summary { count success failure successRate avgDurationMs } runningNow waitingApprovalNow
      series { series { key values } }
      workflows { key label lastRunStatus lastRunAt summary { count } taskStatuses { status count } } } }`);
    expect(dagStats.runs.allTime).toBe(4);
    expect(dagStats.summary).toMatchObject({ count: 4, success: 1, failure: 1, successRate: 0.5 });
    expect(dagStats.summary.avgDurationMs).toBeCloseTo((4 * MINUTE + 60_000) / 2, 3);
    expect(dagStats).toMatchObject({ runningNow: 1, waitingApprovalNow: 1 });
    const total = (key: string) =>
      dagStats.series.series
        .find((s: { key: string }) => s.key === key)
        .values.reduce((a: number, b: number) => a + b, 0);
    expect(total('started')).toBe(4);
    expect(total('completed')).toBe(2);
    const research = dagStats.workflows.find((w: { key: string }) => w.key === 'research');
    expect(research).toMatchObject({ label: 'Research', lastRunStatus: 'FAILED', summary: { count: 2 } });
    expect(research.taskStatuses).toEqual(
      expect.arrayContaining([
        { status: 'SUCCESS', count: 2 },
        { status: 'FAILED', count: 1 },
      ])
    );
    expect(dagStats.workflows.find((w: { key: string }) => w.key === 'report')).toMatchObject({
      lastRunStatus: 'WAITING_APPROVAL',
    });
  });

  it('Planner: plans, approval rate, conversations, pending, series, status distribution, top users, recent plans, time to decision', async () => {
    const { plannerStats } = await api.data(`{ plannerStats {
      plans { allTime } conversations { allTime } approvalRate plansPendingApproval avgTimeToDecisionMs
      series { series { key values } } statusDistribution { status count } topUsers { key value } recentPlans(first: 2) { externalId } } }`);
    expect(plannerStats).toMatchObject({
      plans: { allTime: 3 },
      conversations: { allTime: 1 },
      approvalRate: 0.5,
      plansPendingApproval: 1,
    });
    expect(plannerStats.avgTimeToDecisionMs).toBeCloseTo((1 * MINUTE + 3 * MINUTE) / 2, 3);
    expect(plannerStats.statusDistribution).toEqual(
      expect.arrayContaining([
        { status: 'APPROVED', count: 1 },
        { status: 'REJECTED', count: 1 },
        { status: 'PENDING_APPROVAL', count: 1 },
      ])
    );
    expect(plannerStats.topUsers[0]).toEqual({ key: 'ann', value: 2 });
    expect(plannerStats.recentPlans.map((p: { externalId: string }) => p.externalId)).toEqual(['p-3', 'p-2']);
    const total = (key: string) =>
      plannerStats.series.series
        .find((s: { key: string }) => s.key === key)
        .values.reduce((a: number, b: number) => a + b, 0);
    expect([total('plans'), total('conversations')]).toEqual([3, 1]);
  });

  it('Activity feed: newest first across kinds, paginated without overlap', async () => {
    const first = await api.data(
      `{ activity(first: 5) { nodes { kind at title status user } pageInfo { hasNextPage endCursor } } }`
    );
    const second = await api.data(
      `query($after: String) { activity(first: 5, after: $after) { nodes { kind at title } } }`,
      {
        after: first.activity.pageInfo.endCursor,
      }
    );
    const times = [...first.activity.nodes, ...second.activity.nodes].map((n: { at: string }) => Date.parse(n.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(first.activity.pageInfo.hasNextPage).toBe(true);
    expect(first.activity.nodes[0]).toMatchObject({ kind: 'AGENT_EXECUTION', title: 'planner', user: 'ann' }); // x0, 5 minutes ago
    // Relay edges: the same items with cursors; paging after any edge's cursor continues with the next item, also
    // between items of different kinds at the same time (an agent execution and its tool call here).
    const relay = await api.data(
      `{ activity(first: 5) { edges { cursor node { kind id } } pageInfo { startCursor endCursor } } }`
    );
    const { edges, pageInfo } = relay.activity;
    expect(edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual(
      first.activity.nodes.map((n: { kind: string }) => n.kind)
    );
    expect([edges[0].cursor, edges.at(-1).cursor]).toEqual([pageInfo.startCursor, pageInfo.endCursor]);
    const afterSecond = await api.data(
      `query($after: String) { activity(first: 3, after: $after) { edges { node { kind id } } } }`,
      { after: edges[1].cursor }
    );
    expect(afterSecond.activity.edges.map((e: { node: unknown }) => e.node)).toEqual(
      edges.slice(2).map((e: { node: unknown }) => e.node)
    );
  });

  it('Activity feed: each item names its user by display name beside the platform id', async () => {
    const { activity } = await api.data(`{ activity(first: 1000) { nodes { kind user userName } } }`);
    const nodes: { kind: string; user: string | null; userName: string | null }[] = activity.nodes;
    // Names come from the users' logins; an item that names no one (a run nobody triggered, an
    // approval still pending) has neither.
    const NAMES: Record<string, string> = { ann: 'Ann', bob: 'Bob' };
    for (const node of nodes) expect(node.userName).toBe(node.user === null ? null : NAMES[node.user]);
    // Every kind's source carries the name, not only the id.
    const namedKinds = new Set(nodes.filter((n) => n.userName).map((n) => n.kind));
    expect([...namedKinds].sort()).toEqual(
      ['AGENT_EXECUTION', 'APPROVAL', 'LOGIN', 'PLAN', 'TOOL_EXECUTION', 'WORKFLOW_RUN'].sort()
    );
    expect(nodes.some((n) => n.user === null)).toBe(true);
  });

  it('generic series and breakdowns: zero-filled buckets, grouping, filters and clear errors', async () => {
    const data = await api.data(`{
      timeSeries(metric: AGENT_EXECUTIONS, interval: "5m", groupBy: AGENT, limit: 2) { intervalSeconds times series { key values } }
      byStatus: breakdown(metric: TOOL_EXECUTIONS, by: STATUS) { key value }
      filtered: summary(metric: AGENT_EXECUTIONS, filter: { agent: ["coder"], status: ["SUCCESS"] }) { count }
      topAgents: breakdown(metric: AGENT_EXECUTIONS, by: AGENT, limit: 2) { key value }
    }`);
    expect(data.timeSeries.intervalSeconds).toBe(300);
    expect(data.timeSeries.series).toHaveLength(2);
    for (const line of data.timeSeries.series) expect(line.values).toHaveLength(data.timeSeries.times.length);
    expect(data.timeSeries.series.flatMap((s: { values: number[] }) => s.values)).toContain(0);
    const hour = EXECUTIONS.filter(inLastHour);
    expect(Object.fromEntries(data.byStatus.map((r: { key: string; value: number }) => [r.key, r.value]))).toEqual(
      hour.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.status]: (acc[e.status] ?? 0) + 1 }), {})
    );
    expect(data.filtered.count).toBe(hour.filter((e) => e.agent === 'coder' && e.status === 'SUCCESS').length);
    // The agents tie in the last hour: the limit keeps the first by name.
    const perAgent = hour.reduce<Record<string, number>>(
      (acc, e) => ({ ...acc, [e.agent]: (acc[e.agent] ?? 0) + 1 }),
      {}
    );
    const ranked = Object.entries(perAgent).sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
    expect(new Set(Object.values(perAgent)).size).toBe(1);
    expect(data.topAgents).toEqual(ranked.slice(0, 2).map(([key, value]) => ({ key, value })));
    // The same when the first by name was stored last (a tie past the limit is still read).
    const past = (minutes: number) => new Date(NOW - 50 * 24 * 60 * MINUTE + minutes * MINUTE).toISOString();
    for (const [i, agent] of ['zeta-late', 'alpha-late'].entries()) {
      const call = { requestId: `tie-${i}`, agent, status: 'SUCCESS', startedAt: past(i), durationMs: 100 };
      await api.data(`mutation($e: AgentExecutionEventInput!) { recordAgentExecution(event: $e) { id } }`, { e: call });
    }
    const tie = await api.data(
      `query($from: DateTimeISO!, $to: DateTimeISO!) { breakdown(metric: AGENT_EXECUTIONS, by: AGENT, range: { from: $from, to: $to }, limit: 1) { key } }`,
      { from: past(-10), to: past(10) }
    );
    expect(tie.breakdown).toEqual([{ key: 'alpha-late' }]);

    const bad = await api.gql(`{ a: timeSeries(metric: LOGINS, interval: "7m") { times } }`);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'interval' });
    const mixed = await api.gql(
      `{ breakdown(metric: AGENT_EXECUTIONS, by: MODEL, filter: { agent: ["coder"] }) { key } }`
    );
    expect(mixed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.agent' });
    const zone = await api.gql(`{ periodCounts(metric: LOGINS, timezone: "Mars/Olympus") { today } }`);
    expect(zone.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timezone' });
  });
});
