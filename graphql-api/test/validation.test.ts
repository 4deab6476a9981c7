import { DIALECTS, GraphQLResponse, startApi, TestApi } from './support/api';
import {
  at,
  BatchEvent,
  countRows,
  Event,
  EventKind,
  INGEST,
  IngestAnswer,
  make,
  record,
  singleDocument,
  uid,
} from './support/events';

/**
 * Bad input is answered with a coded error that names the input at fault, and writes nothing. In a
 * batch only the bad events are rejected; the good ones are stored.
 */
const PAYLOAD_MAX_BYTES = 64;
const BATCH_MAX_EVENTS = 20;

describe.each(DIALECTS)('rejecting bad input on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(
      dialect,
      { payloadMaxBytes: PAYLOAD_MAX_BYTES, batchMaxEvents: BATCH_MAX_EVENTS },
      'validation'
    );
    // Something to refer to, so that "unknown" really means unknown.
    await record(api, 'workflowRun', make.workflowRun(uid('wf'), { runId: 'known-run' }));
  });
  afterAll(() => api?.close());

  /** Sends one event; expects exactly one error with `code` and `field`, and no row written anywhere. */
  async function expectRejected(kind: EventKind, event: Event, code: string, field: string, httpStatus = 200) {
    const before = await countRows(api);
    const response = await api.gql(singleDocument(kind, 'id'), { event });
    expect({ status: response.status, data: response.data ?? null, errors: response.errors?.length }).toEqual({
      status: httpStatus,
      data: null,
      errors: 1,
    });
    expect(response.errors![0].extensions).toMatchObject({ code, field });
    expect(await countRows(api)).toEqual(before);
    return response.errors![0];
  }

  describe('a single event', () => {
    it('an unknown status is a variable coercion error (HTTP 400) naming event.status', async () => {
      const error = await expectRejected(
        'agentExecution',
        make.agentExecution({ status: 'DONE' }),
        'BAD_USER_INPUT',
        'event.status',
        400
      );
      expect(error.message).toMatch(/DONE/);
      await expectRejected(
        'workflowRun',
        make.workflowRun('wf-x', { status: 'FINISHED' }),
        'BAD_USER_INPUT',
        'event.status',
        400
      );
      await expectRejected(
        'approvalDecided',
        make.approvalDecided('a-1', { decision: 'MAYBE' }),
        'BAD_USER_INPUT',
        'event.decision',
        400
      );
    });

    it('a value of the wrong type is a coercion error naming the field', async () => {
      await expectRejected(
        'agentExecution',
        make.agentExecution({ durationMs: 'fast' }),
        'BAD_USER_INPUT',
        'event.durationMs',
        400
      );
      await expectRejected(
        'agentExecution',
        make.agentExecution({ startedAt: 'yesterday' }),
        'BAD_USER_INPUT',
        'event.startedAt',
        400
      );
      await expectRejected(
        'agentExecution',
        make.agentExecution({ costUsd: '1,50' }),
        'BAD_USER_INPUT',
        'event.costUsd',
        400
      );
    });

    it('a missing required field is a coercion error naming that field', async () => {
      await expectRejected(
        'agentExecution',
        make.agentExecution({ agent: undefined }),
        'BAD_USER_INPUT',
        'event.agent',
        400
      );
      const response = await api.gql(INGEST, {
        events: [{ agentExecution: make.agentExecution({ startedAt: undefined }) }],
      });
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'events[0].agentExecution.startedAt',
      });
    });

    it('a negative duration, count or cost names the field', async () => {
      await expectRejected(
        'agentExecution',
        make.agentExecution({ finishedAt: null, durationMs: -5 }),
        'BAD_USER_INPUT',
        'event.durationMs'
      );
      await expectRejected(
        'toolExecution',
        make.toolExecution({ durationMs: -1 }),
        'BAD_USER_INPUT',
        'event.durationMs'
      );
      await expectRejected(
        'workflowRun',
        make.workflowRun('wf-x', { durationMs: -1000 }),
        'BAD_USER_INPUT',
        'event.durationMs'
      );
      await expectRejected(
        'taskRun',
        make.taskRun('known-run', { finishedAt: null, durationMs: -1 }),
        'BAD_USER_INPUT',
        'event.durationMs'
      );
      await expectRejected(
        'agentExecution',
        make.agentExecution({ inputTokens: -1 }),
        'BAD_USER_INPUT',
        'event.inputTokens'
      );
      await expectRejected(
        'agentExecution',
        make.agentExecution({ costUsd: '-0.01' }),
        'BAD_USER_INPUT',
        'event.costUsd'
      );
      await expectRejected('plan', make.plan({ stepCount: -2 }), 'BAD_USER_INPUT', 'event.stepCount');
    });

    it('a finish before the start names the finish', async () => {
      await expectRejected(
        'agentExecution',
        make.agentExecution({ startedAt: at(1_000), finishedAt: at(999) }),
        'BAD_USER_INPUT',
        'event.finishedAt'
      );
      await expectRejected(
        'toolExecution',
        make.toolExecution({ startedAt: at(1_000), durationMs: null, finishedAt: at(0) }),
        'BAD_USER_INPUT',
        'event.finishedAt'
      );
      await expectRejected(
        'workflowRun',
        make.workflowRun('wf-x', { startedAt: at(1_000), finishedAt: at(500) }),
        'BAD_USER_INPUT',
        'event.finishedAt'
      );
      await expectRejected(
        'taskRun',
        make.taskRun('known-run', { startedAt: at(1_000), finishedAt: at(0) }),
        'BAD_USER_INPUT',
        'event.finishedAt'
      );
      await expectRejected(
        'plan',
        make.plan({ createdAt: at(1_000), decidedAt: at(0) }),
        'BAD_USER_INPUT',
        'event.decidedAt'
      );
      // Activity is dated by the platform: a year before 2000 is a unit mistake (seconds sent as milliseconds).
      await expectRejected(
        'agentExecution',
        make.agentExecution({ startedAt: '1970-01-21T06:00:00.000Z', finishedAt: null }),
        'BAD_USER_INPUT',
        'event.startedAt'
      );
    });

    it('a decision before its request names decidedAt', async () => {
      const request = make.approvalRequested({ runId: 'known-run' }, { requestedAt: at(10_000) });
      await record(api, 'approvalRequested', request);
      await expectRejected(
        'approvalDecided',
        make.approvalDecided(request.approvalId, { decidedAt: at(9_999) }),
        'BAD_USER_INPUT',
        'event.decidedAt'
      );
      await expectRejected(
        'approvalDecided',
        make.approvalDecided(request.approvalId, { decision: 'PENDING' }),
        'BAD_USER_INPUT',
        'event.decision'
      );
    });

    it(`a payload larger than PAYLOAD_MAX_BYTES (${PAYLOAD_MAX_BYTES}) is rejected, counted in UTF-8 bytes; one that fits is kept`, async () => {
      await expectRejected(
        'agentExecution',
        make.agentExecution({ input: 'x'.repeat(PAYLOAD_MAX_BYTES + 1) }),
        'BAD_USER_INPUT',
        'event.input'
      );
      await expectRejected(
        'agentExecution',
        make.agentExecution({ output: 'y'.repeat(PAYLOAD_MAX_BYTES + 1) }),
        'BAD_USER_INPUT',
        'event.output'
      );
      // 22 characters, 66 bytes.
      await expectRejected(
        'agentExecution',
        make.agentExecution({ input: '€'.repeat(22) }),
        'BAD_USER_INPUT',
        'event.input'
      );
      const fits = 'é'.repeat(PAYLOAD_MAX_BYTES / 2);
      const stored = await record(
        api,
        'agentExecution',
        make.agentExecution({ input: fits, output: 'z'.repeat(PAYLOAD_MAX_BYTES) }),
        'inputPayload outputPayload'
      );
      expect(stored).toEqual({ inputPayload: fits, outputPayload: 'z'.repeat(PAYLOAD_MAX_BYTES) });
    });

    it.each([
      ['with a space', 'req 1'],
      ['empty', ''],
      ['too long (192 characters)', 'r'.repeat(192)],
      ['not ASCII', 'réq-1'],
      ['with a newline', 'req-1\n'],
    ])('a malformed id (%s) names the id field', async (_, bad) => {
      await expectRejected(
        'agentExecution',
        make.agentExecution({ requestId: bad }),
        'BAD_USER_INPUT',
        'event.requestId'
      );
      await expectRejected('agentExecution', make.agentExecution({ userId: bad }), 'BAD_USER_INPUT', 'event.userId');
      await expectRejected(
        'toolExecution',
        make.toolExecution({ agentExecutionId: bad }),
        'BAD_USER_INPUT',
        'event.agentExecutionId'
      );
      await expectRejected('login', make.login({ sessionId: bad }), 'BAD_USER_INPUT', 'event.sessionId');
      await expectRejected('workflowRun', make.workflowRun(bad), 'BAD_USER_INPUT', 'event.workflowKey');
      await expectRejected(
        'taskRun',
        make.taskRun('known-run', { taskRunId: bad }),
        'BAD_USER_INPUT',
        'event.taskRunId'
      );
      await expectRejected('plan', make.plan({ planId: bad }), 'BAD_USER_INPUT', 'event.planId');
      await expectRejected(
        'conversationMessage',
        make.conversationMessage(uid('c'), uid('u'), { messageId: bad }),
        'BAD_USER_INPUT',
        'event.messageId'
      );
      await expectRejected(
        'approvalRequested',
        make.approvalRequested({ runId: 'known-run' }, { approvalId: bad }),
        'BAD_USER_INPUT',
        'event.approvalId'
      );
    });

    it('an id of exactly 191 printable characters is accepted', async () => {
      const requestId = `${'r'.repeat(182)}-!~#:/@._`;
      expect(requestId).toHaveLength(191);
      const stored = await record(api, 'agentExecution', make.agentExecution({ requestId }), 'requestId');
      expect(stored.requestId).toBe(requestId);
    });

    it('an empty name, and a DAG edge to a missing node, name their field', async () => {
      await expectRejected('agentExecution', make.agentExecution({ agent: '   ' }), 'BAD_USER_INPUT', 'event.agent');
      await expectRejected('toolExecution', make.toolExecution({ tool: '' }), 'BAD_USER_INPUT', 'event.tool');
      await expectRejected(
        'workflow',
        make.workflow({ edges: [{ from: 'search', to: 'publish' }] }),
        'BAD_USER_INPUT',
        'event.edges[0].to'
      );
      await expectRejected(
        'workflow',
        make.workflow({ nodes: [{ key: 'a' }, { key: 'a' }], edges: [] }),
        'BAD_USER_INPUT',
        'event.nodes[1].key'
      );
    });

    it('a task run of an unknown run is NOT_FOUND on event.runId', async () => {
      await expectRejected(
        'taskRun',
        make.taskRun('no-such-run', { agent: uid('agent-never-created') }),
        'NOT_FOUND',
        'event.runId'
      );
    });

    it('a decision for an unknown approval is NOT_FOUND on event.approvalId', async () => {
      await expectRejected(
        'approvalDecided',
        make.approvalDecided('no-such-approval', { decidedBy: uid('user-never-created') }),
        'NOT_FOUND',
        'event.approvalId'
      );
    });

    it('an approval of an unknown subject is NOT_FOUND on that subject; naming two subjects is BAD_USER_INPUT', async () => {
      await expectRejected(
        'approvalRequested',
        make.approvalRequested({ runId: 'no-such-run' }),
        'NOT_FOUND',
        'event.runId'
      );
      await expectRejected(
        'approvalRequested',
        make.approvalRequested({ taskRunId: 'no-such-task' }),
        'NOT_FOUND',
        'event.taskRunId'
      );
      await expectRejected(
        'approvalRequested',
        make.approvalRequested({ planId: 'no-such-plan' }),
        'NOT_FOUND',
        'event.planId'
      );
      const error = await expectRejected(
        'approvalRequested',
        make.approvalRequested({ runId: 'known-run', planId: 'no-such-plan' }),
        'BAD_USER_INPUT',
        'event.planId'
      );
      expect(error.message).toMatch(/exactly one/);
    });

    it('activity in an unknown session without a user is NOT_FOUND on event.sessionId', async () => {
      await expectRejected('sessionActivity', make.session('no-such-session'), 'NOT_FOUND', 'event.sessionId');
      await expectRejected('sessionEnd', make.session('no-such-session'), 'NOT_FOUND', 'event.sessionId');
    });

    it('a malformed record id in a lookup names the id argument', async () => {
      for (const query of [
        `{ agentExecution(id: "12 3") { id } }`,
        `{ workflowRun(id: "${'9'.repeat(40)}") { id } }`,
        `{ plan { id } }`,
      ]) {
        const response = await api.gql(query);
        expect({ query, extensions: response.errors?.[0].extensions }).toEqual({
          query,
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'id' }),
        });
      }
    });
  });

  describe('a batch', () => {
    async function sendBatch(events: BatchEvent[]): Promise<GraphQLResponse<{ ingest: IngestAnswer }>> {
      return api.gql<{ ingest: IngestAnswer }>(INGEST, { events });
    }

    it('rejects only the bad events, says which and why, and stores the good ones', async () => {
      const goodExecution = make.agentExecution({ agent: uid('batch-agent') });
      const goodTool = make.toolExecution({ tool: uid('batch-tool'), agentExecutionId: goodExecution.requestId });
      const badDuration = make.agentExecution({ agent: uid('agent-never-created'), finishedAt: null, durationMs: -1 });
      const goodLogin = make.login();
      const orphanTask = make.taskRun('no-such-run');
      const goodWorkflow = make.workflow();
      const oversized = make.agentExecution({ input: 'x'.repeat(PAYLOAD_MAX_BYTES + 1) });
      const badRun = make.workflowRun(uid('wf-never-created'), { startedAt: at(5_000), finishedAt: at(4_000) });
      const taskOfBadRun = make.taskRun(badRun.runId);
      const events: BatchEvent[] = [
        { agentExecution: goodExecution },
        { toolExecution: goodTool },
        { agentExecution: badDuration },
        { login: goodLogin },
        { taskRun: orphanTask },
        { workflow: goodWorkflow },
        { agentExecution: oversized },
        { login: make.login(), plan: make.plan() },
        {},
        { workflowRun: badRun },
        { taskRun: taskOfBadRun },
        { approvalDecided: make.approvalDecided('no-such-approval') },
      ];
      const before = await countRows(api);
      const response = await sendBatch(events);
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
      const answer = response.data!.ingest;
      const rejected = answer.results
        .filter((r) => !r.accepted)
        .map((r) => ({ index: r.index, kind: r.kind, id: r.id, code: r.error?.code, field: r.error?.field }));
      expect(rejected).toEqual([
        {
          index: 2,
          kind: 'agentExecution',
          id: null,
          code: 'BAD_USER_INPUT',
          field: 'events[2].agentExecution.durationMs',
        },
        { index: 4, kind: 'taskRun', id: null, code: 'NOT_FOUND', field: 'events[4].taskRun.runId' },
        { index: 6, kind: 'agentExecution', id: null, code: 'BAD_USER_INPUT', field: 'events[6].agentExecution.input' },
        { index: 7, kind: null, id: null, code: 'BAD_USER_INPUT', field: 'events[7]' },
        { index: 8, kind: null, id: null, code: 'BAD_USER_INPUT', field: 'events[8]' },
        { index: 9, kind: 'workflowRun', id: null, code: 'BAD_USER_INPUT', field: 'events[9].workflowRun.finishedAt' },
        { index: 10, kind: 'taskRun', id: null, code: 'NOT_FOUND', field: 'events[10].taskRun.runId' },
        {
          index: 11,
          kind: 'approvalDecided',
          id: null,
          code: 'NOT_FOUND',
          field: 'events[11].approvalDecided.approvalId',
        },
      ]);
      expect(answer).toMatchObject({ accepted: 4, rejected: 8 });
      for (const r of answer.results.filter((x) => x.accepted)) expect(r.id).toMatch(/^\d+$/);

      // The good ones are stored, under the ids the answer gave...
      const read = await api.data(
        `query($e: String!, $t: String!, $s: String!, $w: String!) {
          agentExecution(requestId: $e) { id } toolExecution(requestId: $t) { id agentExecution { id } } loginSession(externalId: $s) { id } workflow(key: $w) { id }
        }`,
        { e: goodExecution.requestId, t: goodTool.requestId, s: goodLogin.sessionId, w: goodWorkflow.key }
      );
      expect(read).toEqual({
        agentExecution: { id: answer.results[0].id },
        toolExecution: { id: answer.results[1].id, agentExecution: { id: answer.results[0].id } },
        loginSession: { id: answer.results[3].id },
        workflow: { id: answer.results[5].id },
      });
      // ...and nothing of the bad ones: not their records, not the agents, workflows or users they named.
      const after = await countRows(api);
      const grew = Object.fromEntries(
        Object.entries(after)
          .filter(([table, n]) => n !== before[table] && !table.includes('rollup'))
          .map(([table, n]) => [table, n - before[table]])
      );
      expect(grew).toEqual({
        agent_executions: 1,
        tool_executions: 1,
        login_sessions: 1,
        workflows: 1,
        agents: 1,
        tools: 1,
        users: 1,
      });
      const missing = await api.data(
        `query($a: String!, $r: String!, $w: String!, $o: String!) { agent(name: $a) { id } workflowRun(runId: $r) { id } workflow(key: $w) { id } agentExecution(requestId: $o) { id } }`,
        { a: badDuration.agent, r: badRun.runId, w: badRun.workflowKey, o: oversized.requestId }
      );
      expect(missing).toEqual({ agent: null, workflowRun: null, workflow: null, agentExecution: null });
    });

    it('a batch that is all bad writes nothing and still answers every event', async () => {
      const events: BatchEvent[] = Array.from({ length: 5 }, (_, i) => ({
        agentExecution: make.agentExecution({ requestId: `bad id ${i}` }),
      }));
      const before = await countRows(api);
      const answer = (await api.data<{ ingest: IngestAnswer }>(INGEST, { events })).ingest;
      expect(answer).toMatchObject({ accepted: 0, rejected: 5 });
      expect(answer.results.map((r) => r.error?.field)).toEqual(
        events.map((_, i) => `events[${i}].agentExecution.requestId`)
      );
      expect(await countRows(api)).toEqual(before);
    });

    it('an unknown status anywhere in a batch rejects the whole request (HTTP 400), naming its path, and writes nothing', async () => {
      const events: BatchEvent[] = [
        { agentExecution: make.agentExecution() },
        { login: make.login() },
        { agentExecution: make.agentExecution({ status: 'DONE' }) },
      ];
      const before = await countRows(api);
      const response = await sendBatch(events);
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'events[2].agentExecution.status',
      });
      expect(await countRows(api)).toEqual(before);
    });

    it(`a batch of more than BATCH_MAX_EVENTS (${BATCH_MAX_EVENTS}) events is refused whole, naming events`, async () => {
      const events: BatchEvent[] = Array.from({ length: BATCH_MAX_EVENTS + 1 }, () => ({ login: make.login() }));
      const before = await countRows(api);
      const response = await sendBatch(events);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
      expect(response.data?.ingest ?? null).toBeNull();
      expect(await countRows(api)).toEqual(before);
      const fits = await api.data<{ ingest: IngestAnswer }>(INGEST, { events: events.slice(1) });
      expect(fits.ingest.accepted).toBe(BATCH_MAX_EVENTS);
    });
  });
});

describe.each(DIALECTS)('payloads up to PAYLOAD_MAX_BYTES on %s', (dialect) => {
  // The largest PAYLOAD_MAX_BYTES the configuration accepts.
  const LIMIT = 1_048_576;
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, { payloadMaxBytes: LIMIT }, 'payload');
  });
  afterAll(() => api?.close());

  it('a payload of 60,000 bytes is kept whole', async () => {
    const event = make.agentExecution({ input: 'x'.repeat(60_000), output: 'é'.repeat(30_000) });
    const stored = await record(api, 'agentExecution', event, 'inputPayload outputPayload');
    expect(stored).toEqual({ inputPayload: event.input, outputPayload: event.output });
  });

  it(`a payload of ${LIMIT} bytes (the largest limit allowed) is kept whole`, async () => {
    const event = make.agentExecution({ input: 'x'.repeat(LIMIT), output: 'é'.repeat(LIMIT / 2) });
    const response = await api.gql(singleDocument('agentExecution', 'id'), { event });
    expect(response.errors).toBeUndefined();
    const { agentExecution } = await api.data(
      `query($r: String!) { agentExecution(requestId: $r) { inputPayload outputPayload } }`,
      { r: event.requestId }
    );
    expect(agentExecution.inputPayload === event.input && agentExecution.outputPayload === event.output).toBe(true);
  });
});
