import { rowsPerStatement } from '../src/db/dialect';
import { bucketStart, toMinute } from '../src/rollups/buckets';
import {
  binOf,
  COARSE_BIN_COLUMNS,
  COARSE_BIN_COUNT,
  coarseBinOf,
  coarsePositionOf,
  COARSE_RELATIVE_ACCURACY,
} from '../src/rollups/histogram';
import { rebuildRollups, ROLLUP_TABLES } from '../src/rollups/rebuild';
import { DIALECTS, startApi, TestApi } from './support/api';
import { make } from './support/events';

describe.each(DIALECTS)('rebuilding the rollups from raw records on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'rebuild');
  });
  afterAll(() => api.close());

  it('recomputes the same statistics after the rollups are lost', async () => {
    const start = Date.UTC(2026, 5, 1, 12);
    const events = Array.from({ length: 120 }, (_, i) => ({
      agentExecution: {
        requestId: `rb-${i}`,
        agent: `agent-${i % 4}`,
        userId: `user-${i % 3}`,
        status: i % 5 === 0 ? 'FAILURE' : 'SUCCESS',
        startedAt: new Date(start + i * 97_000).toISOString(),
        durationMs: 50 + ((i * 7919) % 5000),
        inputTokens: i,
        costUsd: `0.0${i % 9}1`,
      },
    }));
    await api.data(`mutation($e: [EventInput!]!) { ingest(events: $e) { rejected } }`, { e: events });
    const query = `query($range: TimeRangeInput) {
      breakdown(metric: AGENT_EXECUTIONS, by: AGENT, range: $range) { key summary { count success avgDurationMs p95DurationMs inputTokens costUsd } }
      periodCounts(metric: AGENT_EXECUTIONS) { allTime }
      timeSeries(metric: AGENT_EXECUTIONS, range: $range, interval: "1h", groupBy: STATUS) { series { key values } }
      userStats(range: $range, interval: "1h") { users { userId agentExecutions totalTokens costUsd } topUsersByCost { userId costUsd } } }`;
    const variables = {
      range: { from: new Date(start - 3_600_000).toISOString(), to: new Date(start + 4 * 3_600_000).toISOString() },
    };
    const before = await api.data(query, variables);
    expect(before.periodCounts.allTime).toBe(120);
    expect(before.userStats.users).toHaveLength(3);
    expect(before.userStats.topUsersByCost).toHaveLength(3);

    for (const table of ROLLUP_TABLES) await api.services.dataSource.query(`DELETE FROM ${table}`);
    const lost = await api.data(query, variables);
    expect(lost.periodCounts.allTime).toBe(0);
    expect(lost.userStats.users).toEqual([]);

    expect(await rebuildRollups(api.services.dataSource, api.services.config.minuteRollupDays)).toBeGreaterThanOrEqual(
      120
    );
    expect(await api.data(query, variables)).toEqual(before);
  });

  it('writes a year of day histograms, more rows than one statement takes, as a rebuild does, with percentiles within 10 %', async () => {
    // Two tools a day for 400 days, in one batch: over a thousand day and month histogram rows,
    // each statement naming only the bins its rows add to.
    const DAY = 86_400_000;
    const first = Math.floor(Date.now() / DAY) * DAY - 401 * DAY;
    const executions = Array.from({ length: 800 }, (_, i) => ({
      tool: `year-tool-${i % 2}`,
      status: 'SUCCESS',
      startedAt: new Date(first + Math.floor(i / 2) * DAY + (i % 7) * 3_600_000).toISOString(),
      durationMs: 1 + ((i * 7919) % 200_000),
    }));
    const answer = await api.data(`mutation($e: [EventInput!]!) { ingest(events: $e) { accepted } }`, {
      e: executions.map((execution) => ({ toolExecution: make.toolExecution(execution) })),
    });
    expect(answer.ingest.accepted).toBe(800);
    const histograms = async () =>
      (await api.services.dataSource.query(`SELECT * FROM rollup_coarse_bins WHERE metric = 'tool_executions'`))
        .map((row: object) => JSON.stringify(Object.values(row).map(String)))
        .sort();
    const written = await histograms();
    expect(written.length).toBeGreaterThan(rowsPerStatement(5 + COARSE_BIN_COUNT));
    // Each tool's day rows hold exactly its executions' durations, in their wide bins.
    const expected = new Map<string, number[]>();
    for (const { tool, startedAt, durationMs } of executions) {
      const id = `${tool}/${bucketStart('day', toMinute(Date.parse(startedAt)))}`;
      if (!expected.has(id)) expected.set(id, new Array<number>(COARSE_BIN_COUNT).fill(0));
      expected.get(id)![coarsePositionOf(coarseBinOf(binOf(durationMs)))]++;
    }
    // Tools are keyed by id.
    const days: Record<string, string | number>[] = await api.services.dataSource.query(
      `SELECT t.name, h.* FROM rollup_coarse_bins h JOIN tools t ON h.dim_key = CAST(t.id AS CHAR) ` +
        `WHERE h.metric = 'tool_executions' AND h.dim = 'tool' AND h.res = 'day' AND t.name LIKE 'year-tool-%'`
    );
    expect(
      new Map(days.map((row) => [`${row.name}/${row.bucket}`, COARSE_BIN_COLUMNS.map((c) => Number(row[c]))]))
    ).toEqual(expected);

    for (const table of ROLLUP_TABLES) await api.services.dataSource.query(`DELETE FROM ${table}`);
    await rebuildRollups(api.services.dataSource, api.services.config.minuteRollupDays);
    expect(await histograms()).toEqual(written);

    const { breakdown } = await api.data(
      `query($range: TimeRangeInput) { breakdown(metric: TOOL_EXECUTIONS, by: TOOL, range: $range) { key summary { count p95DurationMs } } }`,
      { range: { from: new Date(first).toISOString(), to: new Date(first + 401 * DAY).toISOString() } }
    );
    for (const row of breakdown.filter((r: { key: string }) => r.key.startsWith('year-tool-'))) {
      const durations = executions
        .filter((e) => e.tool === row.key)
        .map((e) => e.durationMs)
        .sort((a, b) => a - b);
      const exact = durations[Math.ceil(0.95 * durations.length) - 1];
      expect(row.summary.count).toBe(400);
      expect(Math.abs(row.summary.p95DurationMs - exact) / exact).toBeLessThanOrEqual(COARSE_RELATIVE_ACCURACY + 1e-9);
    }
    expect(breakdown.filter((r: { key: string }) => r.key.startsWith('year-tool-'))).toHaveLength(2);
  });
});
