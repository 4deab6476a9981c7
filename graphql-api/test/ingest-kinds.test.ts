import { DIALECTS, startApi, TestApi } from './support/api';
import { at, BatchEvent, Event, EventKind, FIELDS, ingest, make, record, sumDecimals, uid } from './support/events';

/**
 * Every kind of event goes in through its own mutation and through `ingest`, and comes back out
 * of the read queries with its nested records; times keep their milliseconds and money stays exact.
 */
describe.each(DIALECTS)('ingesting every event kind on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'kinds');
  });
  afterAll(() => api?.close());

  describe('one mutation per kind', () => {
    // One story, told in order: later steps refer to the records earlier steps created.
    const login = make.login({
      userName: 'Ada Lovelace',
      userEmail: 'ada@example.com',
      ip: '10.0.0.7',
      userAgent: 'Mozilla/5.0',
      at: at(123),
    });
    const userId = login.userId as string;
    const sessionId = login.sessionId as string;
    const execution = make.agentExecution({
      userId,
      sessionId,
      agent: 'researcher',
      responseModel: 'chat-large-2026-08-06',
      input: 'What changed in the contract?',
      output: 'Three clauses changed.',
      startedAt: at(1_001),
      finishedAt: at(3_502),
    });
    const toolCall = make.toolExecution({
      agentExecutionId: execution.requestId,
      userId,
      sessionId,
      tool: 'web_search',
      startedAt: at(1_500),
      durationMs: 900,
    });
    const workflow = make.workflow({ ownerId: userId });
    const run = make.workflowRun(workflow.key as string, { triggeredBy: userId, status: 'RUNNING' });
    const task = make.taskRun(run.runId as string, { nodeKey: 'summarise', agent: 'writer', tool: 'pdf_reader' });
    const conversationId = uid('conv');
    const plan = make.plan({ userId, conversationId, status: 'PENDING_APPROVAL', stepCount: 4 });
    let sessionRecordId: string;

    it('recordLogin, recordSessionActivity and endSession keep one login session', async () => {
      const opened = await record(api, 'login', login, `${FIELDS.loginSession} user { externalId name email }`);
      expect(opened).toMatchObject({
        externalId: sessionId,
        startedAt: login.at,
        lastActivityAt: login.at,
        endedAt: null,
        ip: '10.0.0.7',
        userAgent: 'Mozilla/5.0',
        durationMs: null,
        user: { externalId: userId, name: 'Ada Lovelace', email: 'ada@example.com' },
      });
      sessionRecordId = opened.id;

      const active = await record(
        api,
        'sessionActivity',
        make.session(sessionId, { at: at(60_456) }),
        FIELDS.loginSession
      );
      expect(active).toMatchObject({
        id: sessionRecordId,
        startedAt: login.at,
        lastActivityAt: at(60_456),
        endedAt: null,
      });

      const ended = await record(api, 'sessionEnd', make.session(sessionId, { at: at(120_789) }), FIELDS.loginSession);
      expect(ended).toMatchObject({
        id: sessionRecordId,
        lastActivityAt: at(120_789),
        endedAt: at(120_789),
        durationMs: 120_789 - 123,
      });

      const { loginSession } = await api.data(
        `query($id: String!) { loginSession(externalId: $id) { ${FIELDS.loginSession} active user { externalId } } }`,
        { id: sessionId }
      );
      expect(loginSession).toEqual({ ...ended, active: false, user: { externalId: userId } });
      const { loginSessions } = await api.data(
        `query($u: [String!]) { loginSessions(filter: { user: $u }) { totalCount nodes { id } } }`,
        { u: [userId] }
      );
      expect(loginSessions).toEqual({ totalCount: 1, nodes: [{ id: sessionRecordId }] });
    });

    it('recordAgentExecution stores the execution with its agent, user and session', async () => {
      const stored = await record(api, 'agentExecution', execution, FIELDS.agentExecution);
      expect(stored).toMatchObject({
        requestId: execution.requestId,
        status: 'SUCCESS',
        startedAt: at(1_001),
        finishedAt: at(3_502),
        durationMs: 2_501,
        requestModel: 'chat-large',
        responseModel: 'chat-large-2026-08-06',
        provider: 'provider-a',
        inputTokens: 1200,
        outputTokens: 300,
        totalTokens: 1500,
        costUsd: '0.0105',
        sessionExternalId: sessionId,
        inputPayload: 'What changed in the contract?',
        outputPayload: 'Three clauses changed.',
      });
      const { agentExecution } = await api.data(
        `query($r: String!) { agentExecution(requestId: $r) { ${FIELDS.agentExecution} agent { name } user { externalId } session { id externalId } } }`,
        { r: execution.requestId }
      );
      expect(agentExecution).toEqual({
        ...stored,
        agent: { name: 'researcher' },
        user: { externalId: userId },
        session: { id: sessionRecordId, externalId: sessionId },
      });
      const byId = await api.data(`query($id: ID!) { agentExecution(id: $id) { requestId } }`, { id: stored.id });
      expect(byId.agentExecution).toEqual({ requestId: execution.requestId });
    });

    it('recordToolExecution stores the call and links it to its agent execution', async () => {
      const stored = await record(api, 'toolExecution', toolCall, FIELDS.toolExecution);
      expect(stored).toMatchObject({
        requestId: toolCall.requestId,
        status: 'SUCCESS',
        startedAt: at(1_500),
        durationMs: 900,
        finishedAt: at(2_400),
        agentExecutionRequestId: execution.requestId,
        sessionExternalId: sessionId,
      });
      const { toolExecution } = await api.data(
        `query($r: String!) { toolExecution(requestId: $r) { id tool { name } user { externalId } agentExecution { requestId agent { name } toolExecutions { requestId } } } }`,
        { r: toolCall.requestId }
      );
      expect(toolExecution).toEqual({
        id: stored.id,
        tool: { name: 'web_search' },
        user: { externalId: userId },
        agentExecution: {
          requestId: execution.requestId,
          agent: { name: 'researcher' },
          toolExecutions: [{ requestId: toolCall.requestId }],
        },
      });
    });

    it('recordWorkflow stores the DAG and its owner', async () => {
      const stored = await record(api, 'workflow', workflow, FIELDS.workflow);
      expect(stored).toMatchObject({
        key: workflow.key,
        name: workflow.name,
        nodes: workflow.nodes,
        edges: workflow.edges,
        createdAt: workflow.at,
        updatedAt: workflow.at,
      });
      const { workflow: read } = await api.data(
        `query($k: String!) { workflow(key: $k) { ${FIELDS.workflow} owner { externalId } } }`,
        { k: workflow.key }
      );
      expect(read).toEqual({ ...stored, owner: { externalId: userId } });
    });

    it('recordWorkflowRun and recordTaskRun store a run with its tasks', async () => {
      const storedRun = await record(
        api,
        'workflowRun',
        run,
        `${FIELDS.workflowRun} workflow { key name } triggeredBy { externalId }`
      );
      expect(storedRun).toMatchObject({
        runId: run.runId,
        status: 'RUNNING',
        startedAt: run.startedAt,
        finishedAt: null,
        workflow: { key: workflow.key, name: workflow.name },
        triggeredBy: { externalId: userId },
      });
      const storedTask = await record(
        api,
        'taskRun',
        task,
        `${FIELDS.taskRun} workflowRun { id } agent { name } tool { name }`
      );
      expect(storedTask).toMatchObject({
        externalId: task.taskRunId,
        nodeKey: 'summarise',
        attempt: 1,
        status: 'SUCCESS',
        startedAt: task.startedAt,
        finishedAt: task.finishedAt,
        durationMs: 1000,
        workflowRun: { id: storedRun.id },
        agent: { name: 'writer' },
        tool: { name: 'pdf_reader' },
      });
      const { workflowRun } = await api.data(
        `query($r: String!) { workflowRun(runId: $r) { id taskRuns { id externalId } } }`,
        { r: run.runId }
      );
      expect(workflowRun).toEqual({ id: storedRun.id, taskRuns: [{ id: storedTask.id, externalId: task.taskRunId }] });
      const { taskRun } = await api.data(
        `query($t: String!) { taskRun(externalId: $t) { id workflowRun { runId } } }`,
        { t: task.taskRunId }
      );
      expect(taskRun).toEqual({ id: storedTask.id, workflowRun: { runId: run.runId } });
    });

    it('recordPlan and recordConversationMessage store a plan in its conversation', async () => {
      const first = make.conversationMessage(conversationId, userId, { at: at(28_000), role: 'USER' });
      const second = make.conversationMessage(conversationId, userId, { at: at(29_500), role: 'ASSISTANT' });
      const afterFirst = await record(api, 'conversationMessage', first, FIELDS.plannerConversation);
      expect(afterFirst).toMatchObject({
        externalId: conversationId,
        startedAt: first.at,
        lastMessageAt: first.at,
        messageCount: 1,
      });
      const afterSecond = await record(api, 'conversationMessage', second, FIELDS.plannerConversation);
      expect(afterSecond).toMatchObject({
        id: afterFirst.id,
        startedAt: first.at,
        lastMessageAt: second.at,
        messageCount: 2,
      });

      const storedPlan = await record(
        api,
        'plan',
        plan,
        `${FIELDS.plan} user { externalId } conversation { externalId }`
      );
      expect(storedPlan).toMatchObject({
        externalId: plan.planId,
        title: plan.title,
        status: 'PENDING_APPROVAL',
        stepCount: 4,
        createdAt: plan.createdAt,
        decidedAt: null,
        user: { externalId: userId },
        conversation: { externalId: conversationId },
      });
      const { plannerConversation } = await api.data(
        `query($c: String!) { plannerConversation(externalId: $c) { ${FIELDS.plannerConversation} user { externalId } plans { externalId } messages { ${FIELDS.plannerMessage} } } }`,
        { c: conversationId }
      );
      expect(plannerConversation).toMatchObject({
        id: afterFirst.id,
        messageCount: 2,
        user: { externalId: userId },
        plans: [{ externalId: plan.planId }],
        messages: [
          { externalId: first.messageId, role: 'USER', sentAt: first.at },
          { externalId: second.messageId, role: 'ASSISTANT', sentAt: second.at },
        ],
      });
    });

    it('requestApproval and decideApproval store approvals of a run, a task run and a plan', async () => {
      const decider = uid('user');
      const onRun = make.approvalRequested({ runId: run.runId }, { requestedAt: at(20_000) });
      const onTask = make.approvalRequested({ taskRunId: task.taskRunId }, { requestedAt: at(20_100) });
      const onPlan = make.approvalRequested({ planId: plan.planId }, { requestedAt: at(31_000) });
      const selection = `${FIELDS.approval} workflowRun { runId } taskRun { externalId } plan { externalId } decidedBy { externalId }`;

      const pending = await record(api, 'approvalRequested', onRun, selection);
      expect(pending).toMatchObject({
        externalId: onRun.approvalId,
        subjectType: 'WORKFLOW_RUN',
        decision: 'PENDING',
        requestedAt: at(20_000),
        decidedAt: null,
        waitMs: null,
        workflowRun: { runId: run.runId },
        taskRun: null,
        plan: null,
        decidedBy: null,
      });
      const decided = await record(
        api,
        'approvalDecided',
        make.approvalDecided(onRun.approvalId as string, {
          decidedAt: at(25_250),
          decidedBy: decider,
          comment: 'Looks right',
        }),
        selection
      );
      expect(decided).toMatchObject({
        id: pending.id,
        decision: 'APPROVED',
        decidedAt: at(25_250),
        waitMs: 5_250,
        comment: 'Looks right',
        decidedBy: { externalId: decider },
      });

      const taskApproval = await record(api, 'approvalRequested', onTask, selection);
      expect(taskApproval).toMatchObject({
        subjectType: 'TASK_RUN',
        taskRun: { externalId: task.taskRunId },
        workflowRun: { runId: run.runId },
      });
      const planApproval = await record(api, 'approvalRequested', onPlan, selection);
      expect(planApproval).toMatchObject({ subjectType: 'PLAN', plan: { externalId: plan.planId }, workflowRun: null });

      const { workflowRun } = await api.data(
        `query($r: String!) { workflowRun(runId: $r) { approvals { externalId } } }`,
        { r: run.runId }
      );
      expect(workflowRun.approvals.map((a: { externalId: string }) => a.externalId).sort()).toEqual(
        [onRun.approvalId, onTask.approvalId].sort()
      );
      const { plan: readPlan } = await api.data(
        `query($p: String!) { plan(externalId: $p) { approvals { externalId decision } } }`,
        { p: plan.planId }
      );
      expect(readPlan.approvals).toEqual([{ externalId: onPlan.approvalId, decision: 'PENDING' }]);
      const { approval } = await api.data(`query($a: String!) { approval(externalId: $a) { ${selection} } }`, {
        a: onRun.approvalId,
      });
      expect(approval).toEqual(decided);
    });
  });

  describe('ingest(events)', () => {
    it("keeps a user's latest name and email, for a user new in the batch and for one stored earlier", async () => {
      const profile = `query($u: String!) { user(externalId: $u) { name email } }`;
      const fresh = uid('renamed-new');
      const answer = await ingest(api, [
        { login: make.login({ userId: fresh, userName: 'First', userEmail: 'first@example.com', at: at(10) }) },
        { login: make.login({ userId: fresh, userName: 'Second', at: at(20) }) },
      ]);
      expect(answer.rejected).toBe(0);
      expect((await api.data(profile, { u: fresh })).user).toEqual({ name: 'Second', email: 'first@example.com' });
      await record(api, 'login', make.login({ userId: fresh, userEmail: 'second@example.com', at: at(30) }));
      expect((await api.data(profile, { u: fresh })).user).toEqual({ name: 'Second', email: 'second@example.com' });
    });

    /** Events of all twelve kinds, in an order where each one's references exist. */
    function story(): BatchEvent[] {
      const login = make.login();
      const execution = make.agentExecution({ userId: login.userId, sessionId: login.sessionId, agent: 'batch-agent' });
      const workflow = make.workflow();
      const run = make.workflowRun(workflow.key as string);
      const task = make.taskRun(run.runId as string);
      const approval = make.approvalRequested({ runId: run.runId });
      const conversationId = uid('conv');
      return [
        { login },
        { sessionActivity: make.session(login.sessionId as string, { at: at(30_000) }) },
        { agentExecution: execution },
        { toolExecution: make.toolExecution({ agentExecutionId: execution.requestId, tool: 'batch-tool' }) },
        { workflow },
        { workflowRun: run },
        { taskRun: task },
        { approvalRequested: approval },
        { approvalDecided: make.approvalDecided(approval.approvalId as string, { decision: 'REJECTED' }) },
        { conversationMessage: make.conversationMessage(conversationId, login.userId as string) },
        { plan: make.plan({ userId: login.userId, conversationId }) },
        { sessionEnd: make.session(login.sessionId as string, { at: at(90_000) }) },
      ];
    }

    /** Reads back the record an event of `kind` made, by the platform's id, with `fields`. */
    async function readBack(kind: EventKind, event: Event, fields = 'id'): Promise<Record<string, any> | null> {
      const lookups: Record<EventKind, [string, string, unknown]> = {
        login: ['loginSession', 'externalId', event.sessionId],
        sessionActivity: ['loginSession', 'externalId', event.sessionId],
        sessionEnd: ['loginSession', 'externalId', event.sessionId],
        agentExecution: ['agentExecution', 'requestId', event.requestId],
        toolExecution: ['toolExecution', 'requestId', event.requestId],
        workflow: ['workflow', 'key', event.key],
        workflowRun: ['workflowRun', 'runId', event.runId],
        taskRun: ['taskRun', 'externalId', event.taskRunId],
        approvalRequested: ['approval', 'externalId', event.approvalId],
        approvalDecided: ['approval', 'externalId', event.approvalId],
        plan: ['plan', 'externalId', event.planId],
        conversationMessage: ['plannerConversation', 'externalId', event.conversationId],
      };
      const [query, argument, value] = lookups[kind];
      const data = await api.data(`query($v: String!) { ${query}(${argument}: $v) { ${fields} } }`, { v: value });
      return data[query];
    }

    it('accepts a batch of all kinds and answers each event with the id of its record', async () => {
      const events = story();
      const answer = await ingest(api, events);
      expect(answer).toMatchObject({ accepted: events.length, rejected: 0 });
      expect(answer.results.map((r) => r.index)).toEqual(events.map((_, i) => i));
      for (const [i, event] of events.entries()) {
        const kind = Object.keys(event)[0] as EventKind;
        const result = answer.results[i];
        expect({ kind: result.kind, accepted: result.accepted, error: result.error }).toEqual({
          kind,
          accepted: true,
          error: null,
        });
        const stored = await readBack(kind, event[kind]!);
        expect({ kind, id: stored?.id }).toEqual({ kind, id: result.id });
      }
      const [login, , execution, , , run, task, approval, , message, plan] = events;
      expect(await readBack('login', login.login!, 'endedAt lastActivityAt')).toEqual({
        endedAt: at(90_000),
        lastActivityAt: at(90_000),
      });
      expect(
        await readBack('agentExecution', execution.agentExecution!, 'agent { name } toolExecutions { tool { name } }')
      ).toEqual({
        agent: { name: 'batch-agent' },
        toolExecutions: [{ tool: { name: 'batch-tool' } }],
      });
      expect(await readBack('workflowRun', run.workflowRun!, 'taskRuns { externalId } approvals { decision }')).toEqual(
        {
          taskRuns: [{ externalId: task.taskRun!.taskRunId }],
          approvals: [{ decision: 'REJECTED' }],
        }
      );
      expect(
        await readBack('approvalRequested', approval.approvalRequested!, 'decision workflowRun { runId }')
      ).toEqual({ decision: 'REJECTED', workflowRun: { runId: run.workflowRun!.runId } });
      expect(
        await readBack('conversationMessage', message.conversationMessage!, 'messageCount plans { externalId }')
      ).toEqual({
        messageCount: 1,
        plans: [{ externalId: plan.plan!.planId }],
      });
    });

    it('applies the events of one batch in order, so a run and its tasks can travel together', async () => {
      const workflow = make.workflow();
      const run = make.workflowRun(workflow.key as string, { status: 'QUEUED' });
      const tasks = ['search', 'summarise'].map((nodeKey, i) =>
        make.taskRun(run.runId as string, {
          nodeKey,
          startedAt: at(10_100 + i * 1000),
          finishedAt: at(10_900 + i * 1000),
        })
      );
      const answer = await ingest(api, [
        { workflowRun: run },
        ...tasks.map((taskRun) => ({ taskRun })),
        { workflowRun: { ...run, status: 'SUCCESS', finishedAt: at(12_000) } },
      ]);
      expect(answer).toMatchObject({ accepted: 4, rejected: 0 });
      expect(answer.results[3].id).toBe(answer.results[0].id);
      const stored = await readBack(
        'workflowRun',
        run,
        'status finishedAt durationMs workflow { key } taskRuns { nodeKey status durationMs }'
      );
      expect(stored).toEqual({
        status: 'SUCCESS',
        finishedAt: at(12_000),
        durationMs: 2_000,
        workflow: { key: workflow.key },
        taskRuns: [
          { nodeKey: 'search', status: 'SUCCESS', durationMs: 800 },
          { nodeKey: 'summarise', status: 'SUCCESS', durationMs: 800 },
        ],
      });
    });
  });

  describe('values that must survive the round trip', () => {
    const TIMES = [
      '2026-11-26T08:00:00.001Z',
      '2026-11-26T08:00:00.999Z',
      '2026-11-26T23:59:59.999Z',
      '2026-03-29T01:00:00.500Z',
      '2000-01-01T00:00:00.000Z',
      '2031-07-04T12:34:56.789Z',
    ];

    it.each(TIMES)('keeps the milliseconds of %s, in answers, lookups, lists and filters', async (time) => {
      const agent = uid('clock');
      const event = make.agentExecution({
        agent,
        startedAt: time,
        finishedAt: new Date(Date.parse(time) + 1).toISOString(),
      });
      const stored = await record(api, 'agentExecution', event, 'startedAt finishedAt durationMs');
      expect(stored).toEqual({
        startedAt: time,
        finishedAt: new Date(Date.parse(time) + 1).toISOString(),
        durationMs: 1,
      });
      const { agentExecution } = await api.data(
        `query($r: String!) { agentExecution(requestId: $r) { startedAt finishedAt agent { createdAt lastSeenAt } } }`,
        { r: event.requestId }
      );
      expect(agentExecution).toEqual({
        startedAt: time,
        finishedAt: stored.finishedAt,
        agent: { createdAt: time, lastSeenAt: time },
      });

      // The time range is [from, to): one millisecond either side decides.
      const plusOne = new Date(Date.parse(time) + 1).toISOString();
      const minusOne = new Date(Date.parse(time) - 1).toISOString();
      const count = async (from: string | null, to: string | null) =>
        (
          await api.data(
            `query($f: AgentExecutionFilter) { agentExecutions(filter: $f) { totalCount nodes { startedAt } } }`,
            { f: { agent: [agent], from, to } }
          )
        ).agentExecutions;
      expect(await count(time, plusOne)).toEqual({ totalCount: 1, nodes: [{ startedAt: time }] });
      expect(await count(plusOne, null)).toEqual({ totalCount: 0, nodes: [] });
      expect(await count(minusOne, time)).toEqual({ totalCount: 0, nodes: [] });
      expect(await count(null, plusOne)).toEqual({ totalCount: 1, nodes: [{ startedAt: time }] });
    });

    it('reads a time sent with an offset back as the same instant in UTC', async () => {
      const event = make.agentExecution({
        startedAt: '2026-11-26T10:15:30.250+02:00',
        finishedAt: '2026-11-26T08:15:31.000Z',
      });
      const stored = await record(api, 'agentExecution', event, 'startedAt durationMs');
      expect(stored).toEqual({ startedAt: '2026-11-26T08:15:30.250Z', durationMs: 750 });
    });

    const COSTS = ['0.000000123', '0.000000001', '0.1', '0.3', '12.5', '1234.567890123', '10000'];

    it.each(COSTS)('keeps the cost %s exact', async (costUsd) => {
      const event = make.agentExecution({ costUsd });
      const stored = await record(api, 'agentExecution', event, 'costUsd');
      expect(stored.costUsd).toBe(costUsd);
      const { agentExecution } = await api.data(`query($r: String!) { agentExecution(requestId: $r) { costUsd } }`, {
        r: event.requestId,
      });
      expect(agentExecution.costUsd).toBe(costUsd);
    });

    it('takes a cost sent as a JSON number, in plain or exponent notation, exactly', async () => {
      for (const [sent, expected] of [
        [0.0105, '0.0105'],
        [2.5, '2.5'],
        [1e-7, '0.0000001'],
        [2.5e-8, '0.000000025'],
      ] as const) {
        const event = make.agentExecution({ costUsd: sent });
        const response = await api.gql(
          `mutation($e: AgentExecutionEventInput!) { recordAgentExecution(event: $e) { costUsd } }`,
          { e: event }
        );
        expect({ sent, errors: response.errors, costUsd: response.data?.recordAgentExecution?.costUsd }).toEqual({
          sent,
          errors: undefined,
          costUsd: expected,
        });
      }
    });

    // $10,000 is the most one execution may cost, so that totals cannot overflow their BIGINT.
    it.each(['10000.000000001', '9007199.254740992', '999999999999.999999999'])(
      'rejects the cost %s, over the limit, with a coded error instead of storing something else',
      async (costUsd) => {
        const event = make.agentExecution({ costUsd });
        const response = await api.gql(
          `mutation($event: AgentExecutionEventInput!) { recordAgentExecution(event: $event) { costUsd } }`,
          { event }
        );
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'event.costUsd' });
        const { agentExecution } = await api.data(`query($r: String!) { agentExecution(requestId: $r) { id } }`, {
          r: event.requestId,
        });
        expect(agentExecution).toBeNull();
      }
    );

    it('adds costs up exactly, past what a double holds, in the cost totals', async () => {
      const agent = uid('sum-agent');
      // Enough of the largest cost accepted to pass 2^53 billionths (what a double holds exactly),
      // plus amounts a float cannot add exactly (0.1 + 0.2).
      const costs = [...Array<string>(901).fill('9999.999999999'), '0.000000123', '0.1', '0.2', '0.000000001'];
      const answer = await ingest(
        api,
        costs.map((costUsd, i) => ({
          agentExecution: make.agentExecution({
            agent,
            costUsd,
            startedAt: at(i * 1_000),
            finishedAt: at(i * 1_000 + 10),
          }),
        }))
      );
      expect(answer.rejected).toBe(0);
      const { summary } = await api.data(
        `query($f: StatsFilter, $r: TimeRangeInput) { summary(metric: AGENT_EXECUTIONS, filter: $f, range: $r) { count costUsd } }`,
        { f: { agent: [agent] }, r: { from: at(-3_600_000), to: at(3_600_000) } }
      );
      expect(summary).toEqual({ count: costs.length, costUsd: sumDecimals(costs) });
    });

    it('keeps large token counts and long texts as sent', async () => {
      const text = 'Grüße, 世界 🌍 '.repeat(500);
      const event = make.agentExecution({
        inputTokens: 2_000_000_000,
        outputTokens: 147_483_647,
        errorType: 'ContextLengthExceeded',
        errorMessage: text,
        status: 'FAILURE',
      });
      const stored = await record(
        api,
        'agentExecution',
        event,
        'inputTokens outputTokens totalTokens errorType errorMessage status'
      );
      expect(stored).toEqual({
        inputTokens: 2_000_000_000,
        outputTokens: 147_483_647,
        totalTokens: 2_147_483_647,
        errorType: 'ContextLengthExceeded',
        errorMessage: text,
        status: 'FAILURE',
      });
    });
  });
});
