import { DIALECTS, startApi, TestApi } from './support/api';
import { at, BatchEvent, compareDecimal, ingest, make, uid, walk } from './support/events';

/**
 * The list queries: every filter narrows to exactly the records the events describe, and Relay
 * pagination walks every record once, in the requested order, whatever the page size.
 */

type Direction = 'ASC' | 'DESC';
type Row = Record<string, any> & { id: string };

const AGENTS = ['coder', 'critic', 'planner'];
const TOOLS = ['browser', 'sql', 'web_search'];
const EXEC_STATUSES = ['SUCCESS', 'FAILURE', 'RUNNING', 'TIMEOUT', 'CANCELLED'];
const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCESS', 'FAILED', 'WAITING_APPROVAL', 'CANCELLED'];
// String order and numeric order disagree on these on purpose ("10" < "9.99" as text).
const COSTS = ['0.5', '10', '9.99', '0.000000123', '100.1', '2', '0.5'];

/** Everything the dataset's events say, kept to compute what each query must answer. */
function dataset() {
  const users = [uid('alice'), uid('bob'), uid('carol')];
  const workflows = ['a', 'b', 'c'].map((suffix) =>
    make.workflow({ key: uid(`wf-${suffix}`), ownerId: users[suffix === 'c' ? 1 : 0] })
  );
  const runs = Array.from({ length: 12 }, (_, i) =>
    make.workflowRun(workflows[i % 3].key as string, {
      status: RUN_STATUSES[i % 6],
      // Pairs of runs start in the same millisecond, to exercise the id tie-break.
      startedAt: at(Math.floor(i / 2) * 1_000 + 5),
      ...(['SUCCESS', 'FAILED', 'CANCELLED'].includes(RUN_STATUSES[i % 6]) ? { durationMs: (i % 4) * 250 } : {}),
      ...(i % 4 === 0 ? {} : { triggeredBy: users[i % 3] }),
      ...(i % 5 === 0 ? { planId: uid('plan-ref') } : {}),
    })
  );
  const tasks = runs.flatMap((run, r) =>
    Array.from({ length: 2 }, (_, k) =>
      make.taskRun(run.runId as string, {
        nodeKey: k === 0 ? 'search' : 'summarise',
        status: RUN_STATUSES[(r + k) % 6],
        startedAt: (r + k) % 7 === 0 ? null : at(Math.floor(r / 2) * 1_000 + 100 + k * 10),
        finishedAt: null,
        durationMs: ['SUCCESS', 'FAILED'].includes(RUN_STATUSES[(r + k) % 6]) ? 100 * ((r + k) % 3) : null,
        ...(k === 0 ? { tool: TOOLS[r % 3] } : { agent: AGENTS[r % 3] }),
      })
    )
  );
  const executions = Array.from({ length: 45 }, (_, i) => {
    const status = EXEC_STATUSES[i % 5];
    const running = status === 'RUNNING';
    return make.agentExecution({
      agent: AGENTS[i % 3],
      status,
      startedAt: at(Math.floor(i / 2) * 1_000 + 123),
      finishedAt: running ? null : at(Math.floor(i / 2) * 1_000 + 123 + ((i * 37) % 10) * 100),
      ...(i % 4 === 3 ? {} : { userId: users[i % 3] }),
      requestModel: ['chat-large', 'chat-medium', 'open-small'][i % 3],
      provider: i % 2 ? 'provider-a' : 'provider-b',
      errorType: status === 'FAILURE' ? (i % 2 ? 'RateLimitError' : 'TimeoutError') : null,
      workflowRunId: i % 6 === 0 ? runs[i % 12].runId : null,
      inputTokens: (i * 101) % 700,
      outputTokens: (i * 53) % 300,
      costUsd: COSTS[i % COSTS.length],
    });
  });
  const toolCalls = Array.from({ length: 30 }, (_, i) =>
    make.toolExecution({
      tool: TOOLS[i % 3],
      status: EXEC_STATUSES[(i + 1) % 5],
      startedAt: at(Math.floor(i / 3) * 1_000 + 200),
      durationMs: EXEC_STATUSES[(i + 1) % 5] === 'RUNNING' ? null : (i % 5) * 40,
      agentExecutionId: executions[i % 10].requestId,
      ...(i % 3 === 0 ? { userId: users[i % 2] } : {}),
      errorType: EXEC_STATUSES[(i + 1) % 5] === 'FAILURE' ? 'HttpError' : null,
    })
  );
  const conversations = [0, 1, 2, 3].map(() => uid('conv'));
  const messages = conversations.flatMap((conversationId, c) =>
    Array.from({ length: 1 + ((c * 3) % 4) }, (_, m) =>
      make.conversationMessage(conversationId, users[c % 3], { at: at(c * 5_000 + m * 100) })
    )
  );
  const PLAN_STATUSES = ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'EXECUTING', 'COMPLETED', 'FAILED'];
  const plans = Array.from({ length: 9 }, (_, i) =>
    make.plan({
      userId: users[i % 3],
      conversationId: conversations[i % 4],
      status: PLAN_STATUSES[i % 7],
      stepCount: i % 4,
      createdAt: at(40_000 + Math.floor(i / 2) * 500),
      decidedAt: ['APPROVED', 'REJECTED'].includes(PLAN_STATUSES[i % 7]) ? at(50_000 + i) : null,
    })
  );
  const approvals = [
    ...runs
      .slice(0, 6)
      .map((run, i) => make.approvalRequested({ runId: run.runId }, { requestedAt: at(60_000 + i * 100) })),
    ...tasks
      .slice(0, 4)
      .map((task, i) => make.approvalRequested({ taskRunId: task.taskRunId }, { requestedAt: at(61_000 + i * 100) })),
    ...plans
      .slice(0, 3)
      .map((plan, i) => make.approvalRequested({ planId: plan.planId }, { requestedAt: at(62_000 + i * 100) })),
  ];
  const DECISIONS = ['APPROVED', 'REJECTED', 'EXPIRED', null];
  const decisions = approvals.flatMap((approval, i) =>
    DECISIONS[i % 4]
      ? [
          make.approvalDecided(approval.approvalId as string, {
            decision: DECISIONS[i % 4],
            decidedAt: at(70_000 + (i % 3) * 1_000),
          }),
        ]
      : []
  );
  // Sessions relative to the real clock: "active" means not ended and seen within 30 minutes.
  const now = Date.now();
  const sessions = Array.from({ length: 6 }, (_, i) => {
    const login = make.login({ userId: users[i % 3], at: new Date(now - (i < 3 ? 5 : 120) * 60_000).toISOString() });
    return { login, ended: i % 3 === 2 };
  });
  return {
    users,
    workflows,
    runs,
    tasks,
    executions,
    toolCalls,
    conversations,
    messages,
    plans,
    approvals,
    decisions,
    sessions,
  };
}

type Dataset = ReturnType<typeof dataset>;

function events(d: Dataset): BatchEvent[] {
  return [
    ...d.sessions.map(({ login }) => ({ login })),
    ...d.sessions
      .filter((s) => s.ended)
      .map(({ login }) => ({
        sessionEnd: { sessionId: login.sessionId, at: new Date(Date.parse(login.at as string) + 1_000).toISOString() },
      })),
    ...d.workflows.map((workflow) => ({ workflow })),
    ...d.runs.map((workflowRun) => ({ workflowRun })),
    ...d.tasks.map((taskRun) => ({ taskRun })),
    ...d.executions.map((agentExecution) => ({ agentExecution })),
    ...d.toolCalls.map((toolExecution) => ({ toolExecution })),
    ...d.messages.map((conversationMessage) => ({ conversationMessage })),
    ...d.plans.map((plan) => ({ plan })),
    ...d.approvals.map((approvalRequested) => ({ approvalRequested })),
    ...d.decisions.map((approvalDecided) => ({ approvalDecided })),
  ];
}

const sorted = (values: unknown[]) => [...(values as string[])].sort();
const matching = <T extends Record<string, any>>(records: T[], keep: (r: T) => boolean, key: keyof T) =>
  sorted(records.filter(keep).map((r) => r[key]));

/** Compares two sort values: nulls first (the API's order for ascending sorts on both databases). */
function compareValues(a: unknown, b: unknown, kind: 'number' | 'time' | 'decimal' | 'text'): number {
  if (a === null && b === null) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (kind === 'time') return Date.parse(a as string) - Date.parse(b as string);
  if (kind === 'decimal') return compareDecimal(a as string, b as string);
  if (kind === 'number') return (a as number) - (b as number);
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}

/** The order the API promises: by the sort value, then by id, both in the requested direction. */
function expectOrdered(
  nodes: Row[],
  field: string,
  kind: 'number' | 'time' | 'decimal' | 'text',
  direction: Direction
) {
  const sign = direction === 'ASC' ? 1 : -1;
  for (let i = 1; i < nodes.length; i++) {
    const byValue = compareValues(nodes[i - 1][field], nodes[i][field], kind);
    const order = byValue !== 0 ? byValue : Number(nodes[i - 1].id) - Number(nodes[i].id);
    if (sign * order >= 0) {
      throw new Error(
        `${field} ${direction}: record ${i - 1} (${nodes[i - 1][field]}, id ${nodes[i - 1].id}) is not before record ${i} (${nodes[i][field]}, id ${nodes[i].id})`
      );
    }
  }
}

describe.each(DIALECTS)('list queries on %s', (dialect) => {
  let api: TestApi;
  const d = dataset();

  /** Every record a filter matches, by one key field, plus totalCount. */
  async function keys(field: string, filterType: string, filter: Record<string, unknown>, key: string) {
    const data = await api.data(
      `query($f: ${filterType}) { ${field}(first: 1000, filter: $f) { totalCount nodes { ${key} } pageInfo { hasNextPage } } }`,
      { f: filter }
    );
    const connection = data[field];
    expect(connection.pageInfo.hasNextPage).toBe(false);
    const values = connection.nodes.map((n: Row) => n[key]);
    expect(connection.totalCount).toBe(values.length);
    return sorted(values);
  }

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'lists');
    const batch = events(d);
    const answer = await ingest(api, batch);
    const rejected = answer.results.filter((r) => !r.accepted);
    if (rejected.length) throw new Error(`the dataset was not accepted: ${JSON.stringify(rejected.slice(0, 3))}`);
  });
  afterAll(() => api?.close());

  describe('filters', () => {
    const E = 'AgentExecutionFilter';
    it('agent executions by status, agent, user, model, provider, error type and workflow run', async () => {
      const x = d.executions;
      expect(await keys('agentExecutions', E, {}, 'requestId')).toEqual(matching(x, () => true, 'requestId'));
      expect(await keys('agentExecutions', E, { status: ['FAILURE', 'TIMEOUT'] }, 'requestId')).toEqual(
        matching(x, (e) => ['FAILURE', 'TIMEOUT'].includes(e.status as string), 'requestId')
      );
      expect(await keys('agentExecutions', E, { agent: ['coder'] }, 'requestId')).toEqual(
        matching(x, (e) => e.agent === 'coder', 'requestId')
      );
      expect(await keys('agentExecutions', E, { user: [d.users[0], d.users[2]] }, 'requestId')).toEqual(
        matching(x, (e) => e.userId === d.users[0] || e.userId === d.users[2], 'requestId')
      );
      expect(await keys('agentExecutions', E, { model: ['open-small'] }, 'requestId')).toEqual(
        matching(x, (e) => e.requestModel === 'open-small', 'requestId')
      );
      expect(await keys('agentExecutions', E, { provider: ['provider-a'] }, 'requestId')).toEqual(
        matching(x, (e) => e.provider === 'provider-a', 'requestId')
      );
      expect(await keys('agentExecutions', E, { errorType: ['RateLimitError'] }, 'requestId')).toEqual(
        matching(x, (e) => e.errorType === 'RateLimitError', 'requestId')
      );
      const runIds = [d.runs[0].runId, d.runs[6].runId];
      expect(await keys('agentExecutions', E, { workflowRunId: runIds }, 'requestId')).toEqual(
        matching(x, (e) => runIds.includes(e.workflowRunId), 'requestId')
      );
      expect(await keys('agentExecutions', E, { agent: ['nobody-runs-this-agent'] }, 'requestId')).toEqual([]);
    });

    it('agent executions by time range [from, to), alone and combined with other filters', async () => {
      const x = d.executions;
      const from = at(5_123);
      const to = at(15_123);
      const inRange = (e: Record<string, any>) =>
        Date.parse(e.startedAt) >= Date.parse(from) && Date.parse(e.startedAt) < Date.parse(to);
      const expected = matching(x, inRange, 'requestId');
      expect(expected.length).toBeGreaterThan(4);
      expect(await keys('agentExecutions', E, { from, to }, 'requestId')).toEqual(expected);
      expect(await keys('agentExecutions', E, { from }, 'requestId')).toEqual(
        matching(x, (e) => Date.parse(e.startedAt) >= Date.parse(from), 'requestId')
      );
      expect(await keys('agentExecutions', E, { to }, 'requestId')).toEqual(
        matching(x, (e) => Date.parse(e.startedAt) < Date.parse(to), 'requestId')
      );
      const combined = { from, to, agent: ['planner', 'critic'], status: ['SUCCESS', 'RUNNING'], user: [d.users[2]] };
      expect(await keys('agentExecutions', E, combined, 'requestId')).toEqual(
        matching(
          x,
          (e) =>
            inRange(e) &&
            ['planner', 'critic'].includes(e.agent) &&
            ['SUCCESS', 'RUNNING'].includes(e.status) &&
            e.userId === d.users[2],
          'requestId'
        )
      );
    });

    it('tool executions by tool, status, user, calling execution, error type and time', async () => {
      const x = d.toolCalls;
      const T = 'ToolExecutionFilter';
      expect(await keys('toolExecutions', T, { tool: ['sql', 'browser'] }, 'requestId')).toEqual(
        matching(x, (t) => ['sql', 'browser'].includes(t.tool), 'requestId')
      );
      expect(await keys('toolExecutions', T, { status: ['RUNNING'] }, 'requestId')).toEqual(
        matching(x, (t) => t.status === 'RUNNING', 'requestId')
      );
      expect(await keys('toolExecutions', T, { user: [d.users[1]] }, 'requestId')).toEqual(
        matching(x, (t) => t.userId === d.users[1], 'requestId')
      );
      const callers = [d.executions[3].requestId];
      expect(await keys('toolExecutions', T, { agentExecutionId: callers }, 'requestId')).toEqual(
        matching(x, (t) => callers.includes(t.agentExecutionId), 'requestId')
      );
      expect(await keys('toolExecutions', T, { errorType: ['HttpError'] }, 'requestId')).toEqual(
        matching(x, (t) => t.errorType === 'HttpError', 'requestId')
      );
      const from = at(3_200);
      expect(await keys('toolExecutions', T, { from, tool: ['web_search'] }, 'requestId')).toEqual(
        matching(x, (t) => Date.parse(t.startedAt) >= Date.parse(from) && t.tool === 'web_search', 'requestId')
      );
    });

    it('workflow runs by workflow, status, user, plan and time; task runs by run, agent, tool and status', async () => {
      const R = 'WorkflowRunFilter';
      const wf = d.workflows[1].key;
      expect(await keys('workflowRuns', R, { workflow: [wf] }, 'runId')).toEqual(
        matching(d.runs, (r) => r.workflowKey === wf, 'runId')
      );
      expect(await keys('workflowRuns', R, { status: ['SUCCESS', 'FAILED'] }, 'runId')).toEqual(
        matching(d.runs, (r) => ['SUCCESS', 'FAILED'].includes(r.status), 'runId')
      );
      expect(await keys('workflowRuns', R, { user: [d.users[1]] }, 'runId')).toEqual(
        matching(d.runs, (r) => r.triggeredBy === d.users[1], 'runId')
      );
      const planIds = d.runs.filter((r) => r.planId).map((r) => r.planId);
      expect(await keys('workflowRuns', R, { planId: planIds.slice(0, 1) }, 'runId')).toEqual(
        matching(d.runs, (r) => r.planId === planIds[0], 'runId')
      );
      expect(await keys('workflowRuns', R, { to: at(3_005) }, 'runId')).toEqual(
        matching(d.runs, (r) => Date.parse(r.startedAt) < Date.parse(at(3_005)), 'runId')
      );

      const K = 'TaskRunFilter';
      const runIds = [d.runs[2].runId, d.runs[7].runId];
      expect(await keys('taskRuns', K, { runId: runIds }, 'externalId')).toEqual(
        matching(d.tasks, (t) => runIds.includes(t.runId), 'taskRunId')
      );
      expect(await keys('taskRuns', K, { agent: ['critic'] }, 'externalId')).toEqual(
        matching(d.tasks, (t) => t.agent === 'critic', 'taskRunId')
      );
      expect(await keys('taskRuns', K, { tool: ['sql'] }, 'externalId')).toEqual(
        matching(d.tasks, (t) => t.tool === 'sql', 'taskRunId')
      );
      expect(await keys('taskRuns', K, { status: ['QUEUED'] }, 'externalId')).toEqual(
        matching(d.tasks, (t) => t.status === 'QUEUED', 'taskRunId')
      );
    });

    it('approvals by decision and subject; plans by status and user; conversations by user', async () => {
      const decided = new Map(d.decisions.map((x) => [x.approvalId, x.decision]));
      const decisionOf = (a: Record<string, any>) => decided.get(a.approvalId) ?? 'PENDING';
      const A = 'ApprovalFilter';
      expect(await keys('approvals', A, { decision: ['PENDING'] }, 'externalId')).toEqual(
        matching(d.approvals, (a) => decisionOf(a) === 'PENDING', 'approvalId')
      );
      expect(await keys('approvals', A, { decision: ['APPROVED', 'EXPIRED'] }, 'externalId')).toEqual(
        matching(d.approvals, (a) => ['APPROVED', 'EXPIRED'].includes(decisionOf(a)), 'approvalId')
      );
      expect(await keys('approvals', A, { subjectType: ['TASK_RUN'] }, 'externalId')).toEqual(
        matching(d.approvals, (a) => Boolean(a.taskRunId), 'approvalId')
      );
      expect(await keys('approvals', A, { subjectType: ['PLAN'], decision: ['APPROVED'] }, 'externalId')).toEqual(
        matching(d.approvals, (a) => Boolean(a.planId) && decisionOf(a) === 'APPROVED', 'approvalId')
      );

      expect(await keys('plans', 'PlanFilter', { status: ['DRAFT', 'COMPLETED'] }, 'externalId')).toEqual(
        matching(d.plans, (p) => ['DRAFT', 'COMPLETED'].includes(p.status), 'planId')
      );
      expect(await keys('plans', 'PlanFilter', { user: [d.users[0]] }, 'externalId')).toEqual(
        matching(d.plans, (p) => p.userId === d.users[0], 'planId')
      );
      expect(await keys('plannerConversations', 'ConversationFilter', { user: [d.users[0]] }, 'externalId')).toEqual(
        sorted(d.conversations.filter((_, c) => c % 3 === 0))
      );
    });

    it('login sessions by user and by whether they are active now; users, agents, tools and workflows', async () => {
      const S = 'LoginSessionFilter';
      const sessionIds = (keep: (s: Dataset['sessions'][number], i: number) => boolean) =>
        sorted(d.sessions.filter(keep).map((s) => s.login.sessionId));
      expect(await keys('loginSessions', S, { user: [d.users[2]] }, 'externalId')).toEqual(
        sessionIds((s) => s.login.userId === d.users[2])
      );
      // Logged in 5 minutes ago and not logged out: active. Ended, or idle for 2 hours: not.
      expect(await keys('loginSessions', S, { active: true }, 'externalId')).toEqual(
        sessionIds((s, i) => i < 3 && !s.ended)
      );
      expect(await keys('loginSessions', S, { active: false }, 'externalId')).toEqual(
        sessionIds((s, i) => i >= 3 || s.ended)
      );

      expect(await keys('users', 'UserFilter', { id: [d.users[0], 'no-such-user'] }, 'externalId')).toEqual([
        d.users[0],
      ]);
      expect(await keys('agents', 'NamedDimensionFilter', { name: ['critic', 'planner'] }, 'name')).toEqual([
        'critic',
        'planner',
      ]);
      expect(await keys('agents', 'NamedDimensionFilter', {}, 'name')).toEqual(AGENTS);
      expect(await keys('tools', 'NamedDimensionFilter', {}, 'name')).toEqual(TOOLS);
      expect(await keys('workflows', 'WorkflowFilter', { owner: [d.users[1]] }, 'key')).toEqual([d.workflows[2].key]);
      expect(await keys('workflows', 'WorkflowFilter', { key: [d.workflows[0].key] }, 'key')).toEqual([
        d.workflows[0].key,
      ]);
    });

    it('rejects a time range that ends before it starts, naming the field', async () => {
      const response = await api.gql(
        `query { agentExecutions(filter: { from: "2026-11-26T09:00:00Z", to: "2026-11-26T08:00:00Z" }) { totalCount } }`
      );
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.to' });
    });
  });

  describe('cursor pagination', () => {
    const CASES: {
      field: string;
      sortBy: string;
      value: string;
      kind: 'number' | 'time' | 'decimal' | 'text';
      key: string;
      filter?: Record<string, unknown>;
      expected: () => string[];
    }[] = [
      {
        field: 'agentExecutions',
        sortBy: 'STARTED_AT',
        value: 'startedAt',
        kind: 'time',
        key: 'requestId',
        expected: () => d.executions.map((e) => e.requestId as string),
      },
      {
        field: 'agentExecutions',
        sortBy: 'FINISHED_AT',
        value: 'finishedAt',
        kind: 'time',
        key: 'requestId',
        expected: () => d.executions.map((e) => e.requestId as string),
      },
      {
        field: 'agentExecutions',
        sortBy: 'DURATION_MS',
        value: 'durationMs',
        kind: 'number',
        key: 'requestId',
        expected: () => d.executions.map((e) => e.requestId as string),
      },
      {
        field: 'agentExecutions',
        sortBy: 'TOTAL_TOKENS',
        value: 'totalTokens',
        kind: 'number',
        key: 'requestId',
        expected: () => d.executions.map((e) => e.requestId as string),
      },
      {
        field: 'agentExecutions',
        sortBy: 'COST_USD',
        value: 'costUsd',
        kind: 'decimal',
        key: 'requestId',
        expected: () => d.executions.map((e) => e.requestId as string),
      },
      {
        field: 'agentExecutions',
        sortBy: 'STARTED_AT',
        value: 'startedAt',
        kind: 'time',
        key: 'requestId',
        filter: { agent: ['coder', 'planner'], status: ['SUCCESS', 'FAILURE', 'RUNNING'] },
        expected: () =>
          d.executions
            .filter(
              (e) =>
                ['coder', 'planner'].includes(e.agent as string) &&
                ['SUCCESS', 'FAILURE', 'RUNNING'].includes(e.status as string)
            )
            .map((e) => e.requestId as string),
      },
      {
        field: 'toolExecutions',
        sortBy: 'DURATION_MS',
        value: 'durationMs',
        kind: 'number',
        key: 'requestId',
        expected: () => d.toolCalls.map((t) => t.requestId as string),
      },
      {
        field: 'workflowRuns',
        sortBy: 'STARTED_AT',
        value: 'startedAt',
        kind: 'time',
        key: 'runId',
        expected: () => d.runs.map((r) => r.runId as string),
      },
      {
        field: 'workflowRuns',
        sortBy: 'DURATION_MS',
        value: 'durationMs',
        kind: 'number',
        key: 'runId',
        expected: () => d.runs.map((r) => r.runId as string),
      },
      {
        field: 'taskRuns',
        sortBy: 'STARTED_AT',
        value: 'startedAt',
        kind: 'time',
        key: 'externalId',
        expected: () => d.tasks.map((t) => t.taskRunId as string),
      },
      {
        field: 'approvals',
        sortBy: 'DECIDED_AT',
        value: 'decidedAt',
        kind: 'time',
        key: 'externalId',
        expected: () => d.approvals.map((a) => a.approvalId as string),
      },
      {
        field: 'plans',
        sortBy: 'STEP_COUNT',
        value: 'stepCount',
        kind: 'number',
        key: 'externalId',
        expected: () => d.plans.map((p) => p.planId as string),
      },
      {
        field: 'plannerConversations',
        sortBy: 'MESSAGE_COUNT',
        value: 'messageCount',
        kind: 'number',
        key: 'externalId',
        expected: () => d.conversations,
      },
      {
        field: 'loginSessions',
        sortBy: 'ENDED_AT',
        value: 'endedAt',
        kind: 'time',
        key: 'externalId',
        expected: () => d.sessions.map((s) => s.login.sessionId as string),
      },
      {
        field: 'users',
        sortBy: 'EXTERNAL_ID',
        value: 'externalId',
        kind: 'text',
        key: 'externalId',
        expected: () => d.users,
      },
      { field: 'agents', sortBy: 'NAME', value: 'name', kind: 'text', key: 'name', expected: () => AGENTS },
      {
        field: 'workflows',
        sortBy: 'KEY',
        value: 'key',
        kind: 'text',
        key: 'key',
        expected: () => d.workflows.map((w) => w.key as string),
      },
    ];

    describe.each(CASES.map((c) => [`${c.field} by ${c.sortBy}${c.filter ? ' (filtered)' : ''}`, c] as const))(
      '%s',
      (_, c) => {
        it.each(['ASC', 'DESC'] as Direction[])(
          'walks every record once, in %s order, with pages of 4',
          async (direction) => {
            const expected = sorted(c.expected());
            const result = await walk<Row>(
              api,
              c.field,
              { first: 4, sortBy: c.sortBy, direction, filter: c.filter },
              `id ${c.key} ${c.value === c.key ? '' : c.value}`
            );
            const found = result.nodes.map((n) => n[c.key]);
            expect(new Set(found).size).toBe(found.length);
            expect(sorted(found)).toEqual(expected);
            expect(new Set(result.cursors).size).toBe(result.cursors.length);
            expect(result.pages).toBe(Math.max(1, Math.ceil(expected.length / 4)));
            expect(new Set(result.totalCounts)).toEqual(new Set([expected.length]));
            expectOrdered(result.nodes, c.value, c.kind, direction);
          }
        );
      }
    );

    it('gives the same records with any page size, and page size 1 ends without an empty page', async () => {
      const everything = await walk<Row>(
        api,
        'agentExecutions',
        { first: 1000, sortBy: 'COST_USD', direction: 'DESC' },
        'id'
      );
      for (const first of [1, 7, 45]) {
        const paged = await walk<Row>(api, 'agentExecutions', { first, sortBy: 'COST_USD', direction: 'DESC' }, 'id');
        expect(paged.nodes.map((n) => n.id)).toEqual(everything.nodes.map((n) => n.id));
        expect(paged.pages).toBe(Math.ceil(d.executions.length / first));
      }
    });

    it('keeps its place when records are added in front of the cursor', async () => {
      const query = `query($after: String) { workflowRuns(first: 5, after: $after, sortBy: STARTED_AT, direction: ASC) { edges { cursor node { runId } } pageInfo { endCursor } } }`;
      const first = (await api.data(query, {})).workflowRuns;
      // A run that sorts before everything already read must not shift the next page.
      const before = (await api.data(query, { after: first.pageInfo.endCursor })).workflowRuns.edges.map(
        (e: { node: { runId: string } }) => e.node.runId
      );
      const late = make.workflowRun(d.workflows[0].key as string, { startedAt: at(-60_000) });
      await ingest(api, [{ workflowRun: late }]);
      const after = (await api.data(query, { after: first.pageInfo.endCursor })).workflowRuns.edges.map(
        (e: { node: { runId: string } }) => e.node.runId
      );
      expect(after).toEqual(before);
    });

    it('rejects a cursor it did not give out, and page sizes out of range, naming the argument', async () => {
      for (const [args, field] of [
        ['after: "not-a-cursor"', 'after'],
        ['after: "WzEsMl0"', 'after'],
        ['first: 1001', 'first'],
        ['first: -1', 'first'],
      ]) {
        const response = await api.gql(`query { agentExecutions(${args}) { totalCount } }`);
        expect({ args, extensions: response.errors?.[0].extensions }).toEqual({
          args,
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
        });
      }
    });
  });
});
