import { readTimestamp } from '../src/db/dialect';
import { binOf } from '../src/rollups/histogram';
import { DIALECTS, startApi, TestApi } from './support/api';
import { ingest } from './support/events';
import { mixedBatch } from './support/mixed';

// The duration distributions (heatmaps) read from the rollups' bins equal the counts of the raw
// records' durations per time bucket and row, and every raw duration lies within its row's bounds.
// Per hour the rows are of fine bins; per day of coarse ones (two fine bins each), so rows of an
// odd number of bins are one bin wider there.

const HOUR_MS = 3_600_000;
const INTERVALS = [
  { interval: '1h', slotMs: HOUR_MS, width: (binsPerRow: number) => binsPerRow },
  { interval: '1d', slotMs: 24 * HOUR_MS, width: (binsPerRow: number) => binsPerRow + (binsPerRow % 2) },
];

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

const QUERY = `query($m: StatsMetric!, $r: TimeRangeInput, $f: StatsFilter, $k: Int!, $i: String! = "1h") {
  durationDistribution(metric: $m, range: $r, interval: $i, filter: $f, binsPerRow: $k) { intervalSeconds times rows { lowerMs upperMs counts } } }`;

describe.each(DIALECTS)('duration distributions equal the raw records (%s)', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'distribution');
    expect((await ingest(api, mixedBatch(800, 5).events)).rejected).toBe(0);
  });
  afterAll(() => api.close());

  it.each(CASES)(
    '$metric, whole and filtered by one $dimension, per hour and per day, in rows of 1, 3 and 4 bins',
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
      const someKey = raw[0].k;
      for (const { interval, slotMs, width } of INTERVALS) {
        const from = Math.floor(Math.min(...raw.map((row) => row.t)) / slotMs) * slotMs;
        const to = Math.max(...raw.map((row) => row.t)) + 1;
        for (const [filter, rows] of [
          [null, raw],
          [{ [dimension]: [someKey] }, raw.filter((row) => row.k === someKey)],
        ] as const) {
          for (const binsPerRow of [1, 3, 4]) {
            const { durationDistribution: answer } = await api.data(QUERY, {
              m: metric,
              r: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
              f: filter,
              k: binsPerRow,
              i: interval,
            });
            expect(answer.intervalSeconds).toBe(slotMs / 1000);
            const times: number[] = answer.times.map((time: string) => Date.parse(time));
            // Expected: counts per (time bucket, row) from the raw durations.
            const rowOf = (d: number) => Math.floor(binOf(d) / width(binsPerRow));
            const expected = new Map<string, number>();
            for (const row of rows) {
              const key = `${Math.floor(row.t / slotMs) * slotMs}/${rowOf(row.d)}`;
              expected.set(key, (expected.get(key) ?? 0) + 1);
            }
            const firstRow = Math.min(...rows.map((row) => rowOf(row.d)));
            const lastRow = Math.max(...rows.map((row) => rowOf(row.d)));
            expect(answer.rows).toHaveLength(lastRow - firstRow + 1);
            const actual = new Map<string, number>();
            answer.rows.forEach((row: { counts: number[] }, i: number) =>
              row.counts.forEach((n, slot) => n && actual.set(`${times[slot]}/${firstRow + i}`, n))
            );
            expect({ interval, binsPerRow, actual }).toEqual({ interval, binsPerRow, actual: expected });
            // Every raw duration falls within the bounds of the row it is counted in.
            for (const row of rows) {
              const bounds = answer.rows[rowOf(row.d) - firstRow];
              expect(row.d >= bounds.lowerMs && (row.d > bounds.lowerMs || bounds.lowerMs === 0)).toBe(true);
              if (bounds.upperMs !== null) expect(row.d).toBeLessThanOrEqual(bounds.upperMs * (1 + 1e-12));
            }
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
