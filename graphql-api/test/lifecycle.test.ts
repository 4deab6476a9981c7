import { DIALECTS, startApi, TestApi } from './support/api';
import { at, countRows, FIELDS, ingest, make, record, singleDocument, uid } from './support/events';

/**
 * Events for one record arrive as its state changes, sometimes late or twice: they update one row
 * (same id), and a late event never moves a record back to an earlier state.
 */
describe.each(DIALECTS)('lifecycle updates on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'lifecycle');
  });
  afterAll(() => api?.close());

  const rows = async (table: string) => (await countRows(api))[table];

  it('agent execution: RUNNING then SUCCESS updates one row; a late RUNNING does not move it back', async () => {
    const before = await rows('agent_executions');
    const running = make.agentExecution({
      status: 'RUNNING',
      startedAt: at(0),
      finishedAt: null,
      inputTokens: 100,
      outputTokens: null,
      costUsd: null,
    });
    const first = await record(api, 'agentExecution', running, FIELDS.agentExecution);
    expect(first).toMatchObject({
      status: 'RUNNING',
      finishedAt: null,
      durationMs: null,
      inputTokens: 100,
      costUsd: '0',
    });

    const success = {
      ...running,
      status: 'SUCCESS',
      finishedAt: at(4_321),
      outputTokens: 50,
      costUsd: '0.000000123',
      responseModel: 'chat-large-2026-08-06',
    };
    const second = await record(api, 'agentExecution', success, FIELDS.agentExecution);
    expect(second).toMatchObject({
      id: first.id,
      status: 'SUCCESS',
      finishedAt: at(4_321),
      durationMs: 4_321,
      inputTokens: 100,
      outputTokens: 50,
      totalTokens: 150,
      costUsd: '0.000000123',
      responseModel: 'chat-large-2026-08-06',
    });

    // The RUNNING event again, delivered late: it is behind SUCCESS and changes nothing it says.
    const late = await record(
      api,
      'agentExecution',
      { ...running, errorMessage: 'still working' },
      FIELDS.agentExecution
    );
    expect(late).toMatchObject({
      id: first.id,
      status: 'SUCCESS',
      finishedAt: at(4_321),
      durationMs: 4_321,
      costUsd: '0.000000123',
      totalTokens: 150,
    });
    const { agentExecution } = await api.data(
      `query($r: String!) { agentExecution(requestId: $r) { ${FIELDS.agentExecution} } }`,
      { r: running.requestId }
    );
    expect(agentExecution).toMatchObject({
      id: first.id,
      status: 'SUCCESS',
      finishedAt: at(4_321),
      costUsd: '0.000000123',
    });
    expect(await rows('agent_executions')).toBe(before + 1);

    const { agentExecutions } = await api.data(
      `query($a: [String!]) { agentExecutions(filter: { agent: $a, status: [RUNNING] }) { totalCount } }`,
      { a: [running.agent] }
    );
    expect(agentExecutions.totalCount).toBe(0);
  });

  it('agent execution: the outcome can arrive before the start and is still kept', async () => {
    const success = make.agentExecution({
      status: 'FAILURE',
      errorType: 'RateLimitError',
      startedAt: at(0),
      finishedAt: at(900),
    });
    const first = await record(api, 'agentExecution', success, 'id status');
    const late = await record(
      api,
      'agentExecution',
      { ...success, status: 'RUNNING', finishedAt: null, errorType: null },
      'id status errorType finishedAt'
    );
    expect(late).toEqual({ id: first.id, status: 'FAILURE', errorType: 'RateLimitError', finishedAt: at(900) });
  });

  it('tool execution: RUNNING then TIMEOUT updates one row; a late RUNNING does not move it back', async () => {
    const before = await rows('tool_executions');
    const running = make.toolExecution({ status: 'RUNNING', durationMs: null, startedAt: at(0) });
    const first = await record(api, 'toolExecution', running, FIELDS.toolExecution);
    const timeout = await record(
      api,
      'toolExecution',
      { ...running, status: 'TIMEOUT', durationMs: 30_000, errorType: 'TimeoutError' },
      FIELDS.toolExecution
    );
    expect(timeout).toMatchObject({
      id: first.id,
      status: 'TIMEOUT',
      durationMs: 30_000,
      finishedAt: at(30_000),
      errorType: 'TimeoutError',
    });
    const late = await record(api, 'toolExecution', running, FIELDS.toolExecution);
    expect(late).toEqual(timeout);
    expect(await rows('tool_executions')).toBe(before + 1);
  });

  it('workflow run: QUEUED → RUNNING → SUCCESS updates one row; late QUEUED and RUNNING do not move it back', async () => {
    const workflow = make.workflow();
    await record(api, 'workflow', workflow);
    const before = await rows('workflow_runs');
    const queued = make.workflowRun(workflow.key, { status: 'QUEUED', startedAt: at(1_000) });
    const q = await record(api, 'workflowRun', queued, FIELDS.workflowRun);
    expect(q).toMatchObject({ status: 'QUEUED', finishedAt: null });
    const r = await record(api, 'workflowRun', { ...queued, status: 'RUNNING' }, FIELDS.workflowRun);
    expect(r).toMatchObject({ id: q.id, status: 'RUNNING' });
    const s = await record(
      api,
      'workflowRun',
      { ...queued, status: 'SUCCESS', finishedAt: at(9_500) },
      FIELDS.workflowRun
    );
    expect(s).toMatchObject({ id: q.id, status: 'SUCCESS', finishedAt: at(9_500), durationMs: 8_500 });

    for (const status of ['RUNNING', 'QUEUED', 'WAITING_APPROVAL']) {
      const late = await record(api, 'workflowRun', { ...queued, status }, FIELDS.workflowRun);
      expect({ status, late }).toEqual({ status, late: s });
    }
    expect(await rows('workflow_runs')).toBe(before + 1);
    const { workflowRuns } = await api.data(
      `query($w: [String!]) { workflowRuns(filter: { workflow: $w }) { totalCount nodes { id status } } }`,
      { w: [workflow.key] }
    );
    expect(workflowRuns).toEqual({ totalCount: 1, nodes: [{ id: q.id, status: 'SUCCESS' }] });
  });

  it('workflow run: RUNNING → WAITING_APPROVAL → RUNNING → FAILED, each step kept', async () => {
    const run = make.workflowRun(uid('wf'), { status: 'RUNNING', startedAt: at(0) });
    const steps: [string, Record<string, unknown>][] = [
      ['WAITING_APPROVAL', {}],
      ['RUNNING', {}],
      ['FAILED', { finishedAt: at(60_000), errorType: 'StepFailed', errorMessage: 'summarise failed' }],
    ];
    const first = await record(api, 'workflowRun', run, 'id status');
    for (const [status, extra] of steps) {
      const now = await record(api, 'workflowRun', { ...run, status, ...extra }, 'id status errorType');
      expect({ id: now.id, status: now.status }).toEqual({ id: first.id, status });
    }
  });

  it('task run: QUEUED → RUNNING → SUCCESS updates one row; a late RUNNING does not move it back', async () => {
    const run = make.workflowRun(uid('wf'));
    await record(api, 'workflowRun', run);
    const before = await rows('task_runs');
    const queued = make.taskRun(run.runId, { status: 'QUEUED', startedAt: null, finishedAt: null });
    const q = await record(api, 'taskRun', queued, FIELDS.taskRun);
    expect(q).toMatchObject({ status: 'QUEUED', startedAt: null });
    const r = await record(api, 'taskRun', { ...queued, status: 'RUNNING', startedAt: at(10_200) }, FIELDS.taskRun);
    expect(r).toMatchObject({ id: q.id, status: 'RUNNING', startedAt: at(10_200) });
    const s = await record(
      api,
      'taskRun',
      { ...queued, status: 'SUCCESS', startedAt: at(10_200), finishedAt: at(12_000) },
      FIELDS.taskRun
    );
    expect(s).toMatchObject({ id: q.id, status: 'SUCCESS', finishedAt: at(12_000), durationMs: 1_800 });
    const late = await record(api, 'taskRun', { ...queued, status: 'RUNNING', startedAt: at(10_200) }, FIELDS.taskRun);
    expect(late).toEqual(s);
    expect(await rows('task_runs')).toBe(before + 1);
  });

  it('plan: DRAFT → PENDING_APPROVAL → APPROVED → EXECUTING → COMPLETED; late earlier states do not move it back', async () => {
    const draft = make.plan({ status: 'DRAFT', createdAt: at(0), stepCount: 2 });
    const before = await rows('plans');
    const first = await record(api, 'plan', draft, FIELDS.plan);
    let last = first;
    // Each event repeats what the platform knows by then, as a plan's state events do.
    let event = draft;
    for (const [status, extra] of [
      ['PENDING_APPROVAL', { stepCount: 3 }],
      ['APPROVED', { decidedAt: at(5_000) }],
      ['EXECUTING', {}],
      ['COMPLETED', {}],
    ] as const) {
      event = { ...event, status, ...extra };
      last = await record(api, 'plan', event, FIELDS.plan);
      expect({ id: last.id, status: last.status }).toEqual({ id: first.id, status });
    }
    expect(last).toMatchObject({ stepCount: 3, decidedAt: at(5_000) });
    for (const status of ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'EXECUTING']) {
      const late = await record(api, 'plan', { ...draft, status }, FIELDS.plan);
      expect({ status, late }).toEqual({ status, late: last });
    }
    expect(await rows('plans')).toBe(before + 1);
  });

  it('approval: requested then decided updates one row; a late request does not reopen it', async () => {
    const run = make.workflowRun(uid('wf'), { status: 'WAITING_APPROVAL' });
    await record(api, 'workflowRun', run);
    const before = await rows('approvals');
    const requested = make.approvalRequested({ runId: run.runId }, { requestedAt: at(20_000) });
    const pending = await record(api, 'approvalRequested', requested, `${FIELDS.approval} decidedBy { externalId }`);
    expect(pending).toMatchObject({ decision: 'PENDING', decidedAt: null, waitMs: null, decidedBy: null });

    const reviewer = uid('reviewer');
    const decided = await record(
      api,
      'approvalDecided',
      make.approvalDecided(requested.approvalId, {
        decision: 'REJECTED',
        decidedAt: at(80_000),
        decidedBy: reviewer,
        comment: 'Budget too high',
      }),
      `${FIELDS.approval} decidedBy { externalId }`
    );
    expect(decided).toMatchObject({
      id: pending.id,
      decision: 'REJECTED',
      decidedAt: at(80_000),
      waitMs: 60_000,
      comment: 'Budget too high',
      decidedBy: { externalId: reviewer },
    });

    const again = await record(api, 'approvalRequested', requested, `${FIELDS.approval} decidedBy { externalId }`);
    expect(again).toEqual(decided);
    expect(await rows('approvals')).toBe(before + 1);
    const { approvals } = await api.data(
      `query { approvals(filter: { decision: [PENDING] }) { nodes { externalId } } }`
    );
    expect(approvals.nodes).not.toContainEqual({ externalId: requested.approvalId });
  });

  it('login session: activity and logout arriving out of order end at the same state', async () => {
    const login = make.login({ at: at(0) });
    const inOrder = [
      { login },
      { sessionActivity: make.session(login.sessionId, { at: at(10_000) }) },
      { sessionEnd: make.session(login.sessionId, { at: at(20_000) }) },
    ];
    const other = make.login({ at: at(0), userId: login.userId });
    const shuffled = [
      { sessionEnd: make.session(other.sessionId, { at: at(20_000), userId: login.userId }) },
      { sessionActivity: make.session(other.sessionId, { at: at(10_000) }) },
      { login: other },
    ];
    expect((await ingest(api, inOrder)).rejected).toBe(0);
    expect((await ingest(api, shuffled)).rejected).toBe(0);
    const read = async (id: string) =>
      (
        await api.data(
          `query($s: String!) { loginSession(externalId: $s) { startedAt lastActivityAt endedAt durationMs active } }`,
          { s: id }
        )
      ).loginSession;
    const expected = {
      startedAt: at(0),
      lastActivityAt: at(20_000),
      endedAt: at(20_000),
      durationMs: 20_000,
      active: false,
    };
    expect(await read(login.sessionId)).toEqual(expected);
    expect(await read(other.sessionId)).toEqual(expected);
  });

  it('events for one record sent at the same time, in separate requests, still make one row in its final state', async () => {
    const before = await countRows(api);
    const agent = uid('concurrent-agent');
    const userId = uid('concurrent-user');
    const running = make.agentExecution({ agent, userId, status: 'RUNNING', finishedAt: null, costUsd: null });
    const done = { ...running, status: 'SUCCESS', finishedAt: at(2_000), costUsd: '0.25' };
    const events = [running, done, running, done, running, running, done, running];
    const answers = await Promise.all(
      events.map((event) => api.gql(singleDocument('agentExecution', 'id'), { event }))
    );
    expect(answers.map((a) => a.errors ?? null)).toEqual(events.map(() => null));
    expect(new Set(answers.map((a) => a.data!.recordAgentExecution.id)).size).toBe(1);
    const { agentExecution } = await api.data(
      `query($r: String!) { agentExecution(requestId: $r) { status costUsd finishedAt agent { name } user { externalId } } }`,
      { r: running.requestId }
    );
    expect(agentExecution).toEqual({
      status: 'SUCCESS',
      costUsd: '0.25',
      finishedAt: at(2_000),
      agent: { name: agent },
      user: { externalId: userId },
    });
    const after = await countRows(api);
    expect({
      executions: after.agent_executions - before.agent_executions,
      agents: after.agents - before.agents,
      users: after.users - before.users,
    }).toEqual({
      executions: 1,
      agents: 1,
      users: 1,
    });
  });

  it('conversation: a message sent twice is counted once', async () => {
    const conversationId = uid('conv');
    const userId = uid('user');
    const message = make.conversationMessage(conversationId, userId, { at: at(1_000) });
    await record(api, 'conversationMessage', message);
    const twice = await record(api, 'conversationMessage', message, 'messageCount messages { externalId }');
    expect(twice).toEqual({ messageCount: 1, messages: [{ externalId: message.messageId }] });
  });
});
