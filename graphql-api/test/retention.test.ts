import { deleteExpiredEvents } from '../src/retention/retention.service';
import { pruneMinuteRollups } from '../src/rollups/maintenance';
import { ADMIN_TOKEN, DIALECTS, startApi, TestApi } from './support/api';
import { exportOk, hexIds, makeSpans } from './support/otel';
import { researchTrace } from './support/otel-scenario';

const DAY = 86_400_000;

describe.each(DIALECTS)('retention on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'retention');
  });
  afterAll(() => api.close());

  it('deletes raw events older than the retention in batches, while the statistics keep the history', async () => {
    const old = Date.now() - 40 * DAY;
    const recent = Date.now() - 2 * DAY;
    const events = [
      ...Array.from({ length: 1203 }, (_, i) => ({
        toolExecution: {
          requestId: `old-${i}`,
          tool: 'search',
          status: 'SUCCESS',
          startedAt: new Date(old + i * 1000).toISOString(),
          durationMs: 40,
        },
      })),
      ...Array.from({ length: 7 }, (_, i) => ({
        toolExecution: {
          requestId: `new-${i}`,
          tool: 'search',
          status: 'FAILURE',
          startedAt: new Date(recent + i * 1000).toISOString(),
          durationMs: 90,
        },
      })),
      {
        workflowRun: {
          runId: 'old-run',
          workflowKey: 'wf',
          status: 'SUCCESS',
          startedAt: new Date(old).toISOString(),
          durationMs: 5,
        },
      },
      {
        taskRun: {
          taskRunId: 'old-task',
          runId: 'old-run',
          nodeKey: 'a',
          status: 'SUCCESS',
          startedAt: new Date(old).toISOString(),
        },
      },
    ];
    expect(
      (await api.data(`mutation($e: [EventInput!]!) { ingest(events: $e) { rejected } }`, { e: events })).ingest
        .rejected
    ).toBe(0);
    const query = `{ periodCounts(metric: TOOL_EXECUTIONS) { allTime } toolExecutions { totalCount } taskRuns { totalCount } workflows { totalCount } }`;
    expect(await api.data(query)).toMatchObject({
      periodCounts: { allTime: 1210 },
      toolExecutions: { totalCount: 1210 },
      taskRuns: { totalCount: 1 },
    });

    const deleted = await deleteExpiredEvents(api.services.dataSource, 30);
    expect(deleted).toMatchObject({ tool_executions: 1203, workflow_runs: 1 });
    const after = await api.data(query);
    expect(after).toEqual({
      periodCounts: { allTime: 1210 },
      toolExecutions: { totalCount: 7 },
      taskRuns: { totalCount: 0 },
      workflows: { totalCount: 1 },
    });
  });

  it('prunes minute rollups older than MINUTE_ROLLUP_DAYS and keeps the newer ones', async () => {
    const record = (id: string, at: number) =>
      api.data(`mutation($e: ToolExecutionEventInput!) { recordToolExecution(event: $e) { id } }`, {
        e: { requestId: id, tool: 'fetch', status: 'SUCCESS', startedAt: new Date(at).toISOString(), durationMs: 12 },
      });
    await record('prune-old', Date.now() - 3 * DAY);
    await record('prune-new', Date.now() - 3_600_000);
    const minuteRows = async () =>
      Number(
        (
          await api.services.dataSource.query(
            `SELECT COUNT(*) AS n FROM rollups WHERE res = 'minute' AND metric = 'tool_executions' AND dim = 'tool' AND dim_key = (SELECT CAST(id AS CHAR) FROM tools WHERE name = 'fetch')`
          )
        )[0].n
      );
    expect(await minuteRows()).toBe(2);
    await pruneMinuteRollups(api.services.dataSource, 1);
    expect(await minuteRows()).toBe(1);
  });
});

describe.each(DIALECTS)('retention of received OTLP spans on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'retention_otlp');
  });
  afterAll(() => api.close());

  it('deletes spans received before the cutoff with the raw records, so a late parent finds none of them', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 30));
    const start = Date.now() - 3_600_000;
    const [old, recent] = [makeSpans(researchTrace(start)), makeSpans(researchTrace(start))];
    const isCall = (span: { name: string }) => span.name.startsWith('chat ') || span.name.startsWith('execute_tool');
    await exportOk('proto', api.url, ADMIN_TOKEN, old.filter(isCall));
    await pause();
    const cutoff = Date.now();
    await pause();
    await exportOk('proto', api.url, ADMIN_TOKEN, recent.filter(isCall));
    const keptTraces = async () =>
      (
        (await api.services.dataSource.query(
          `SELECT trace_id AS id, COUNT(*) AS n FROM otlp_spans GROUP BY trace_id ORDER BY trace_id`
        )) as { id: string; n: number | string }[]
      ).map((row) => ({ id: row.id, n: Number(row.n) }));
    const traceOf = (spans: typeof old) => hexIds(spans[0]).traceId;
    expect(await keptTraces()).toEqual(
      [
        { id: traceOf(old), n: old.filter(isCall).length },
        { id: traceOf(recent), n: recent.filter(isCall).length },
      ].sort((a, b) => (a.id < b.id ? -1 : 1))
    );

    // Records started an hour ago: a cutoff just before the second export deletes every record and the first trace's spans.
    const deleted = await deleteExpiredEvents(api.services.dataSource, 30, cutoff + 30 * DAY);
    expect(deleted.otlp_spans).toBe(old.filter(isCall).length);
    expect(await keptTraces()).toEqual([{ id: traceOf(recent), n: recent.filter(isCall).length }]);

    // The parents arrive late: the kept calls are mapped again under their agents, the deleted ones stay deleted.
    await exportOk(
      'json',
      api.url,
      ADMIN_TOKEN,
      [...old, ...recent].filter((span) => !isCall(span))
    );
    const { agentExecutions } = await api.data(`{ agentExecutions(first: 100) { nodes { traceId agent { name } } } }`);
    const nodes = agentExecutions.nodes as { traceId: string; agent: { name: string } }[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node.traceId === traceOf(recent))).toBe(true);
    expect(new Set(nodes.map((node) => node.agent.name))).toEqual(new Set(['Planner', 'Writer']));
  });
});

describe.each(DIALECTS)('ranges older than the minute rollups on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, { minuteRollupDays: 1 }, 'minutes');
  });
  afterAll(() => api.close());

  it('are read from hour rollups, their ends rounded out to whole hours', async () => {
    const at = Date.now() - 3 * DAY;
    await api.data(`mutation($e: ToolExecutionEventInput!) { recordToolExecution(event: $e) { id } }`, {
      e: {
        requestId: 'old-1',
        tool: 'fetch',
        status: 'SUCCESS',
        startedAt: new Date(at).toISOString(),
        durationMs: 12,
      },
    });
    const summary = async (from: number, to: number) =>
      (
        await api.data(`query($r: TimeRangeInput) { summary(metric: TOOL_EXECUTIONS, range: $r) { count } }`, {
          r: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        })
      ).summary.count;
    const hour = Math.floor(at / 3_600_000) * 3_600_000;
    expect(await summary(at - 60_000, at + 60_000)).toBe(1);
    expect(await summary(hour, hour + 3_600_000)).toBe(1);
    expect(await summary(hour + 3_600_000, hour + 7_200_000)).toBe(0);
    const tooFine = await api.gql(
      `query($r: TimeRangeInput) { timeSeries(metric: TOOL_EXECUTIONS, range: $r, interval: "10m") { times } }`,
      {
        r: { from: new Date(hour).toISOString(), to: new Date(hour + 3_600_000).toISOString() },
      }
    );
    expect(tooFine.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'interval' });
  });
});
