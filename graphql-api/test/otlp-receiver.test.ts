import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { dialectOf } from '../src/db/dialect';
import { rebuildRollups } from '../src/rollups/rebuild';
import { ADMIN_TOKEN, createTestDatabase, DIALECTS, startApi, TestApi, TestDatabase } from './support/api';
import { Encoding, exportOk, hexIds, makeSpans } from './support/otel';
import { RESEARCH_CALLS, researchTrace } from './support/otel-scenario';
import { Build, buildApi, RunningProcess, startApiProcess } from './support/process';
import { ROLLUP_TABLES } from '../src/rollups/rebuild';

const EXECUTIONS = `{ agentExecutions(first: 100) { totalCount nodes {
  requestId traceId spanId agent { name } provider requestModel responseModel inputTokens outputTokens totalTokens cachedInputTokens reasoningTokens
  costUsd unpriced status errorType errorMessage workflowRunExternalId taskRunExternalId sessionExternalId user { externalId } startedAt durationMs } } }`;
const PAGES = `{
  agentStats { summary { count inputTokens outputTokens costUsd unpriced } agents { key summary { count costUsd unpriced } } byModel { key summary { count unpriced } } byProvider { key summary { costUsd } } }
  toolStats { summary { count } }
  dagStats { runs { allTime } summary { count success failure } workflows { key summary { count } } }
  periodCounts(metric: AGENT_EXECUTIONS) { allTime } }`;

type Execution = Record<string, any>;

/**
 * The pages' figures. An agent first named for a call (the service, while the call's parents were
 * missing) keeps a rollup row of zero executions, which a rebuild does not make: rows of no
 * executions are left out, so what is compared is every figure.
 */
async function figures(api: Pick<TestApi, 'data'>): Promise<Record<string, any>> {
  const pages = await api.data(PAGES);
  pages.agentStats.agents = pages.agentStats.agents.filter(
    (row: { summary: { count: number } }) => row.summary.count > 0
  );
  return pages;
}

async function executions(api: Pick<TestApi, 'data'>): Promise<Execution[]> {
  return (await api.data<{ agentExecutions: { nodes: Execution[] } }>(EXECUTIONS)).agentExecutions.nodes;
}

const byName = (spans: ReadableSpan[], name: string) => spans.find((span) => span.name === name)!;

/** What the spans said, checked against what Agentmon stored and shows. */
async function expectResearchRecorded(api: TestApi, spans: ReadableSpan[]): Promise<void> {
  const stored = await executions(api);
  const workflow = byName(spans, 'invoke_workflow research');
  const runId = `${hexIds(workflow).traceId}-${hexIds(workflow).spanId}`;
  expect(stored).toHaveLength(Object.keys(RESEARCH_CALLS).length);
  for (const [name, expected] of Object.entries(RESEARCH_CALLS)) {
    const span = byName(spans, name);
    const { traceId, spanId } = hexIds(span);
    const record = stored.find((execution) => execution.spanId === spanId);
    expect(record).toMatchObject({
      requestId: `${traceId}-${spanId}`,
      traceId,
      agent: { name: expected.agent },
      provider: expected.provider,
      requestModel: expected.requestModel,
      inputTokens: expected.inputTokens,
      outputTokens: expected.outputTokens,
      totalTokens: expected.inputTokens + expected.outputTokens,
      cachedInputTokens: expected.cachedInputTokens,
      reasoningTokens: expected.reasoningTokens,
      costUsd: expected.costUsd,
      unpriced: expected.unpriced,
      status: expected.status,
      errorType: expected.errorType,
      workflowRunExternalId: runId,
      sessionExternalId: 'conv-ann',
      user: { externalId: 'ann' },
      startedAt: new Date(span.startTime[0] * 1000 + span.startTime[1] / 1e6).toISOString(),
    });
  }
  // The model calls of an agent step belong to that step's task run.
  const planner = byName(spans, 'invoke_agent Planner');
  expect(stored.find((e) => e.spanId === hexIds(byName(spans, 'chat gpt-4o')).spanId)!.taskRunExternalId).toBe(
    `${hexIds(planner).traceId}-${hexIds(planner).spanId}`
  );
  expect(stored.find((e) => e.errorType)!.errorMessage).toBe('rate limited');

  const { toolExecutions } = await api.data(
    `{ toolExecutions(first: 10) { nodes { tool { name } agentExecutionRequestId traceId spanId status } } }`
  );
  const chat = hexIds(byName(spans, 'chat gpt-4o'));
  expect(toolExecutions.nodes).toEqual([
    {
      tool: { name: 'web_search' },
      agentExecutionRequestId: `${chat.traceId}-${chat.spanId}`,
      traceId: chat.traceId,
      spanId: hexIds(byName(spans, 'execute_tool web_search')).spanId,
      status: 'SUCCESS',
    },
  ]);

  const { workflowRun, workflow: definition } = await api.data(
    `query($id: String!) {
    workflowRun(runId: $id) { status traceId spanId durationMs taskRuns { nodeKey status agent { name } } }
    workflow(key: "research") { name nodes { key agent } edges { from to } } }`,
    { id: runId }
  );
  expect(workflowRun).toMatchObject({
    status: 'SUCCESS',
    traceId: hexIds(workflow).traceId,
    spanId: hexIds(workflow).spanId,
    durationMs: 60_000,
  });
  expect(workflowRun.taskRuns.map((task: { nodeKey: string }) => task.nodeKey).sort()).toEqual(['Planner', 'Writer']);
  expect(definition).toEqual({
    name: 'research',
    nodes: [
      { key: 'Planner', agent: 'Planner' },
      { key: 'Writer', agent: 'Writer' },
    ],
    edges: [{ from: 'Planner', to: 'Writer' }],
  });

  const pages = await api.data(
    PAGES.replace('agentStats {', 'agentStats(range: { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" }) {')
  );
  expect(pages.periodCounts.allTime).toBe(4);
  expect(pages.agentStats.summary).toEqual({
    count: 4,
    inputTokens: 1510,
    outputTokens: 370,
    costUsd: '0.00945',
    unpriced: 1,
  });
  expect(pages.agentStats.agents).toEqual(
    expect.arrayContaining([
      { key: 'Planner', summary: { count: 2, costUsd: '0.00945', unpriced: 0 } },
      { key: 'Writer', summary: { count: 2, costUsd: '0', unpriced: 1 } },
    ])
  );
  // The unpriced counts of every page figure are those of the raw records.
  const unpriced = (match: (execution: Execution) => boolean) => stored.filter((e) => e.unpriced && match(e)).length;
  for (const row of pages.agentStats.agents)
    expect(row.summary.unpriced).toBe(unpriced((e) => e.agent.name === row.key));
  for (const row of pages.agentStats.byModel)
    expect(row.summary.unpriced).toBe(unpriced((e) => e.requestModel === row.key));
  expect(pages.agentStats.byModel.find((row: { key: string }) => row.key === 'local-llm').summary.unpriced).toBe(1);
  const { overview } = await api.data(
    `{ overview(range: { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" }) { unpricedAgentExecutions } }`
  );
  expect(overview.unpricedAgentExecutions).toBe(unpriced(() => true));
  expect(pages.dagStats.summary).toMatchObject({ count: 1, success: 1 });
}

describe.each(DIALECTS)('OTLP/HTTP traces receiver on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'otlp');
  });
  afterAll(() => api.close());
  beforeEach(async () => {
    for (const table of [
      'task_runs',
      'workflow_runs',
      'tool_executions',
      'agent_executions',
      'otlp_spans',
      ...ROLLUP_TABLES,
    ]) {
      await api.services.dataSource.query(`DELETE FROM ${table}`);
    }
  });

  it.each<Encoding>(['json', 'proto'])(
    'the real %s exporter: a workflow of agents, model and tool calls lands as Agentmon records and page figures',
    async (encoding) => {
      const spans = makeSpans(researchTrace(Date.now() - 3_600_000));
      // As the batch processor sends them: each span when it ends, so children before parents.
      await exportOk(encoding, api.url, ADMIN_TOKEN, spans);
      await expectResearchRecorded(api, spans);
    }
  );

  it('children before their parents, over several requests: attributed once the parents arrive, and the rollups equal a rebuild', async () => {
    const spans = makeSpans(researchTrace(Date.now() - 3_600_000));
    const calls = spans.filter((span) => span.name.startsWith('chat ') || span.name.startsWith('execute_tool'));
    const rest = spans.filter((span) => !calls.includes(span));
    await exportOk('proto', api.url, ADMIN_TOKEN, calls.slice(0, 2));
    await exportOk('json', api.url, ADMIN_TOKEN, calls.slice(2));
    // No agent span yet: the calls belong to the service, as the resource names it.
    expect(new Set((await executions(api)).map((e) => e.agent.name))).toEqual(new Set(['otel-test-service']));
    await exportOk('proto', api.url, ADMIN_TOKEN, rest);
    await expectResearchRecorded(api, spans);

    const before = await figures(api);
    expect(before.agentStats.agents.map((row: { key: string }) => row.key).sort()).toEqual(['Planner', 'Writer']);
    await rebuildRollups(api.services.dataSource, api.services.config.minuteRollupDays);
    expect(await figures(api)).toEqual(before);
  });

  it('spans kept by the older code (each a whole span object) are read when the rest of their trace arrives', async () => {
    const spans = makeSpans(researchTrace(Date.now() - 3_600_000));
    const calls = spans.filter((span) => span.name.startsWith('chat ') || span.name.startsWith('execute_tool'));
    const ms = ([seconds, nanos]: [number, number]) => seconds * 1000 + Math.floor(nanos / 1e6);
    for (const span of calls) {
      const { traceId, spanId } = hexIds(span);
      const old = {
        traceId,
        spanId,
        parentSpanId: span.parentSpanContext?.spanId ?? null,
        name: span.name,
        startMs: ms(span.startTime),
        endMs: ms(span.endTime),
        statusCode: span.status.code,
        statusMessage: span.status.message ?? null,
        attributes: span.attributes,
        resource: { 'service.name': 'otel-test-service' },
        exception: null,
      };
      await api.services.dataSource.query(
        'INSERT INTO otlp_spans (trace_id, span_id, span_json, received_at) VALUES (?, ?, ?, ?)',
        [traceId, spanId, JSON.stringify(old), dialectOf(api.services.dataSource).timestamp(new Date())]
      );
    }
    await exportOk(
      'proto',
      api.url,
      ADMIN_TOKEN,
      spans.filter((span) => !calls.includes(span))
    );
    await expectResearchRecorded(api, spans);
  });

  it('a replayed export changes nothing: same records, same figures', async () => {
    const spans = makeSpans(researchTrace(Date.now() - 3_600_000));
    await exportOk('json', api.url, ADMIN_TOKEN, spans);
    const records = await executions(api);
    const pages = await api.data(PAGES);
    await exportOk('proto', api.url, ADMIN_TOKEN, spans);
    await exportOk('json', api.url, ADMIN_TOKEN, [...spans].reverse().slice(0, 3));
    expect(await executions(api)).toEqual(records);
    expect(await api.data(PAGES)).toEqual(pages);
  });
});

/** An API answering GraphQL over HTTP with the admin token: an API in this process or a `node dist/main.js`. */
type Reader = Pick<TestApi, 'data'>;

function processReader(base: string): Reader {
  return {
    async data<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown };
      if (body.errors || !body.data) throw new Error(`${base}: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
  };
}

const RECORDS = `{
  toolExecutions(first: 100) { nodes { requestId tool { name } agentExecutionRequestId traceId spanId status } }
  workflowRuns(first: 100) { nodes { runId status traceId spanId durationMs taskRuns { nodeKey status agent { name } } } }
  workflow(key: "research") { name nodes { key agent } edges { from to } } }`;

/** Every record the spans made and every page figure, in one order. */
async function everything(api: Reader) {
  const bySpan = (a: Execution, b: Execution) => (a.spanId < b.spanId ? -1 : 1);
  const records = await api.data(RECORDS);
  for (const run of records.workflowRuns.nodes)
    run.taskRuns.sort((a: { nodeKey: string }, b: { nodeKey: string }) => (a.nodeKey < b.nodeKey ? -1 : 1));
  return {
    executions: (await executions(api)).sort(bySpan),
    tools: records.toolExecutions.nodes.sort(bySpan),
    runs: records.workflowRuns.nodes,
    workflow: records.workflow,
    figures: await figures(api),
  };
}

/**
 * Two API processes (`node dist/main.js`, each with its own writer and pool) on one MariaDB
 * database take one trace's spans at once, in pieces and both encodings, as an exporter behind a
 * load balancer sends them: they must leave what one ordered export to one API leaves.
 */
describe('one trace split over two API processes on one MariaDB database', () => {
  let build: Build;
  let database: TestDatabase;
  let ordered: TestApi;
  const running: RunningProcess[] = [];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-otlp-processes-'));

  beforeAll(async () => {
    [build, database, ordered] = await Promise.all([
      buildApi(),
      createTestDatabase('mysql', 'otlp_processes'),
      startApi('mysql', {}, 'otlp_ordered'),
    ]);
  }, 240_000);
  afterAll(async () => {
    for (const api of running) await api.stop();
    await ordered?.close();
    build?.remove();
    await database?.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function start(): Promise<string> {
    const { base, api } = await startApiProcess(
      build,
      {
        DATABASE_URL: (database.config as { url: string }).url,
        LOG_LEVEL: 'warn',
        AGENTMON_ADMIN_TOKEN: ADMIN_TOKEN,
        RATE_LIMIT_PER_SECOND: '1000000',
        RATE_LIMIT_BURST: '10000000',
      },
      workDir
    );
    running.push(api);
    return base;
  }

  it('spans sent to both at once, in random pieces: the same records and figures as one ordered export', async () => {
    // The second process starts on a database the first has migrated.
    const first = await start();
    const second = await start();
    const spans = makeSpans([
      ...researchTrace(Date.now() - 3_600_000, 'ann'),
      ...researchTrace(Date.now() - 1_800_000, 'bob'),
    ]);
    await exportOk('proto', ordered.url, ADMIN_TOKEN, spans);

    const shuffled = [...spans];
    for (let i = 0; i < shuffled.length; i++) {
      const j = (i * 7 + 3) % shuffled.length;
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    // Pieces of one to three spans, children often before parents, alternately to each process.
    const pieces: ReadableSpan[][] = [];
    for (let at = 0, size = 1; at < shuffled.length; at += size, size = 1 + (size % 3))
      pieces.push(shuffled.slice(at, at + size));
    expect(new Set(pieces.flat())).toEqual(new Set(spans));
    await Promise.all(
      pieces.map((piece, i) => exportOk(i % 2 ? 'json' : 'proto', i % 2 ? first : second, ADMIN_TOKEN, piece))
    );

    const expected = await everything(ordered);
    expect(expected.executions).toHaveLength(2 * Object.keys(RESEARCH_CALLS).length);
    expect(await everything(processReader(first))).toEqual(expected);
    expect(await everything(processReader(second))).toEqual(expected);
  });
});
