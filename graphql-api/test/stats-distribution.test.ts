import { readTimestamp } from '../src/db/dialect';
import { binOf } from '../src/rollups/histogram';
import { DIALECTS, startApi, TestApi } from './support/api';
import { ingest } from './support/events';
import { mixedBatch } from './support/mixed';

// The duration distributions (heatmaps) read from the rollups' bins equal the counts of the raw
// records' durations per time bucket and row, and every raw duration lies within its row's bounds.

const HOUR_MS = 3_600_000;

interface Case {
  metric: string;
  /** The raw records it counts: time, duration and the dimension the filter names. */
  sql: string;
  dimension: string;
}

const CASES: Case[] = [
  {
    metric: 'AGENT_EXECUTIONS',
    dimension: 'agent',
    sql: `SELECT r.started_at AS t, r.duration_ms AS d, a.name AS k FROM agent_executions r JOIN agents a ON a.id = r.agent_id WHERE r.status <> 'running' AND r.duration_ms IS NOT NULL`,
  },
  {
    metric: 'TOOL_EXECUTIONS',
    dimension: 'tool',
    sql: `SELECT r.started_at AS t, r.duration_ms AS d, a.name AS k FROM tool_executions r JOIN tools a ON a.id = r.tool_id WHERE r.status <> 'running' AND r.duration_ms IS NOT NULL`,
  },
  {
    metric: 'WORKFLOW_RUNS',
    dimension: 'workflow',
    sql: `SELECT r.started_at AS t, r.duration_ms AS d, w.${'`key`'} AS k FROM workflow_runs r JOIN workflows w ON w.id = r.workflow_id WHERE r.finished_at IS NOT NULL AND r.duration_ms IS NOT NULL`,
  },
  {
    metric: 'TASK_RUNS',
    dimension: 'workflow',
    sql: `SELECT r.started_at AS t, r.duration_ms AS d, w.${'`key`'} AS k FROM task_runs r JOIN workflows w ON w.id = r.workflow_id WHERE r.started_at IS NOT NULL AND r.finished_at IS NOT NULL AND r.duration_ms IS NOT NULL`,
  },
  {
    metric: 'TASK_RUNS_COMPLETED',
    dimension: 'workflow',
    sql: `SELECT r.finished_at AS t, r.duration_ms AS d, w.${'`key`'} AS k FROM task_runs r JOIN workflows w ON w.id = r.workflow_id WHERE r.finished_at IS NOT NULL AND r.status IN ('success', 'failed', 'cancelled')`,
  },
];

const QUERY = `query($m: StatsMetric!, $r: TimeRangeInput, $f: StatsFilter, $k: Int!) {
  durationDistribution(metric: $m, range: $r, interval: "1h", filter: $f, binsPerRow: $k) { intervalSeconds times rows { lowerMs upperMs counts } } }`;

describe.each(DIALECTS)('duration distributions equal the raw records (%s)', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'distribution');
    expect((await ingest(api, mixedBatch(800, 5).events)).rejected).toBe(0);
  });
  afterAll(() => api.close());

  it.each(CASES)(
    '$metric, whole and filtered by one $dimension, in rows of 1 and of 4 bins',
    async ({ metric, sql, dimension }) => {
      const quoted = dialect === 'mysql' ? sql : sql.replace(/`/g, '"');
      const raw = ((await api.services.dataSource.query(quoted)) as { t: Date | string; d: number; k: string }[]).map(
        (row) => ({
          t: readTimestamp(row.t).getTime(),
          d: Number(row.d),
          k: row.k,
        })
      );
      expect(raw.length).toBeGreaterThan(20);
      const from = Math.floor(Math.min(...raw.map((row) => row.t)) / HOUR_MS) * HOUR_MS;
      const to = Math.max(...raw.map((row) => row.t)) + 1;
      const someKey = raw[0].k;
      for (const [filter, rows] of [
        [null, raw],
        [{ [dimension]: [someKey] }, raw.filter((row) => row.k === someKey)],
      ] as const) {
        for (const binsPerRow of [1, 4]) {
          const { durationDistribution: answer } = await api.data(QUERY, {
            m: metric,
            r: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
            f: filter,
            k: binsPerRow,
          });
          expect(answer.intervalSeconds).toBe(3600);
          const times: number[] = answer.times.map((time: string) => Date.parse(time));
          // Expected: counts per (hour, row) from the raw durations.
          const expected = new Map<string, number>();
          for (const row of rows) {
            const key = `${Math.floor(row.t / HOUR_MS) * HOUR_MS}/${Math.floor(binOf(row.d) / binsPerRow)}`;
            expected.set(key, (expected.get(key) ?? 0) + 1);
          }
          const firstRow = Math.min(...rows.map((row) => Math.floor(binOf(row.d) / binsPerRow)));
          const lastRow = Math.max(...rows.map((row) => Math.floor(binOf(row.d) / binsPerRow)));
          expect(answer.rows).toHaveLength(lastRow - firstRow + 1);
          const actual = new Map<string, number>();
          answer.rows.forEach((row: { counts: number[] }, i: number) =>
            row.counts.forEach((n, slot) => n && actual.set(`${times[slot]}/${firstRow + i}`, n))
          );
          expect(actual).toEqual(expected);
          // Every raw duration falls within the bounds of the row it is counted in.
          for (const row of rows) {
            const bounds = answer.rows[Math.floor(binOf(row.d) / binsPerRow) - firstRow];
            expect(row.d >= bounds.lowerMs && (row.d > bounds.lowerMs || bounds.lowerMs === 0)).toBe(true);
            if (bounds.upperMs !== null) expect(row.d).toBeLessThanOrEqual(bounds.upperMs * (1 + 1e-12));
          }
        }
      }
    }
  );

  it('refuses a status filter and a bad row width with the argument at fault', async () => {
    const status = await api.gql(QUERY, { m: 'AGENT_EXECUTIONS', f: { status: ['SUCCESS'] }, k: 4 });
    expect(status.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.status' });
    const width = await api.gql(QUERY, { m: 'AGENT_EXECUTIONS', k: 0 });
    expect(width.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'binsPerRow' });
    const empty = await api.data(QUERY, { m: 'HEALTH_PROBES', k: 4 });
    expect(empty.durationDistribution.rows).toEqual([]);
  });
});
