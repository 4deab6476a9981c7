import { type DataFrame, DataFrameType, FieldType } from '@grafana/data';
import { createDataSource, queryRequest } from '../../test/fixtures';
import { schemaTransport, validationErrors } from '../../test/schemaTransport';
import type { AgentmonQuery } from '../types';

// The heatmap frames as Grafana's heatmap panel reads pre-bucketed data ("heatmap-rows"): the
// first field is the time, every other field a numeric bucket in ascending order, labelled `le`
// with its upper bound, with one count per time.

const TIMES = ['2026-11-26T08:00:00.000Z', '2026-11-26T08:10:00.000Z', '2026-11-26T08:20:00.000Z'];
const DISTRIBUTION = {
  metric: 'TOOL_EXECUTIONS',
  interval: '10m',
  intervalSeconds: 600,
  times: TIMES,
  rows: [
    { lowerMs: 0, upperMs: 1.2155062500000001, counts: [0, 1, 0] },
    { lowerMs: 1.2155062500000001, upperMs: 1.8166, counts: [3, 0, 0] },
    { lowerMs: 1.8166, upperMs: 2.716, counts: [0, 0, 0] },
    { lowerMs: 2.716, upperMs: null, counts: [2, 4, 1] },
  ],
};

async function run(query: Partial<AgentmonQuery>, root: Record<string, unknown>) {
  const { send, calls } = schemaTransport(root);
  const response = await createDataSource(send).query(queryRequest([{ refId: 'H', ...query } as AgentmonQuery]));
  expect(calls.map((call) => validationErrors(call.query))).toEqual(calls.map(() => []));
  expect(response.errors).toEqual([]);
  return { calls, frame: response.data[0] as DataFrame };
}

/** What a heatmap panel needs of a heatmap-rows frame; returns the rows' `le` bounds. */
function expectHeatmapRows(frame: DataFrame): string[] {
  expect(frame.meta?.type).toBe(DataFrameType.HeatmapRows);
  const [time, ...buckets] = frame.fields;
  expect(time.type).toBe(FieldType.time);
  expect(buckets.length).toBeGreaterThan(0);
  for (const bucket of buckets) {
    expect(bucket.type).toBe(FieldType.number);
    expect(bucket.values).toHaveLength(time.values.length);
    expect(bucket.values.every((v: unknown) => typeof v === 'number')).toBe(true);
  }
  return buckets.map((bucket) => bucket.labels?.le ?? '');
}

describe('duration heatmaps', () => {
  it('asks durationDistribution for the panel range and turns its rows into le-labelled bucket fields', async () => {
    const { calls, frame } = await run(
      { queryType: 'durationHeatmap', metric: 'TOOL_EXECUTIONS', binsPerRow: 2, filter: { tool: ['search'] } },
      { durationDistribution: () => DISTRIBUTION }
    );
    expect(calls[0].variables).toMatchObject({
      metric: 'TOOL_EXECUTIONS',
      binsPerRow: 2,
      filter: { tool: ['search'] },
    });
    const bounds = expectHeatmapRows(frame);
    // Ascending upper bounds in ms, three significant digits, the open-ended last row "+Inf".
    expect(bounds).toEqual(['1.22', '1.82', '2.72', '+Inf']);
    expect(frame.fields[0].values).toEqual(TIMES.map((t) => Date.parse(t)));
    expect(frame.fields[0].config.interval).toBe(600_000);
    expect(frame.fields.slice(1).map((f) => f.values)).toEqual(DISTRIBUTION.rows.map((row) => row.counts));
    expect(frame.fields.slice(1).map((f) => f.config.displayNameFromDS)).toEqual(bounds);
    expect(frame.refId).toBe('H');
  });

  it('gives an empty distribution as a frame with the time field only', async () => {
    const { frame } = await run(
      { queryType: 'durationHeatmap', metric: 'HEALTH_PROBES' },
      { durationDistribution: () => ({ ...DISTRIBUTION, rows: [] }) }
    );
    expect(frame.fields.map((f) => f.name)).toEqual(['time']);
  });
});

describe('hour-of-day heatmaps', () => {
  it('asks for hourly counts and sums them into one field per hour of the day, one time per day', async () => {
    // Two days, hourly from 22:00 on the first to 01:00 on the third.
    const start = Date.parse('2026-11-25T22:00:00.000Z');
    const times = Array.from({ length: 28 }, (_, i) => new Date(start + i * 3_600_000).toISOString());
    const values = times.map((_, i) => i + 1);
    const { calls, frame } = await run(
      { queryType: 'hourOfDayHeatmap', metric: 'TASK_RUNS_COMPLETED' },
      {
        timeSeries: () => ({
          metric: 'TASK_RUNS_COMPLETED',
          measure: 'COUNT',
          interval: '1h',
          intervalSeconds: 3600,
          times,
          series: [{ key: 'COUNT', label: 'COUNT', values }],
        }),
      }
    );
    expect(calls[0].variables).toMatchObject({ metric: 'TASK_RUNS_COMPLETED', interval: '1h' });
    expect(frame.meta?.type).toBe(DataFrameType.HeatmapRows);
    const [time, ...hours] = frame.fields;
    expect(time.values).toEqual([
      Date.parse('2026-11-25T00:00:00Z'),
      Date.parse('2026-11-26T00:00:00Z'),
      Date.parse('2026-11-27T00:00:00Z'),
    ]);
    expect(hours.map((f) => f.name)).toEqual(Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`));
    // 2026-11-25 22:00 is the first value (1), 23:00 the second; 2026-11-26 00:00 the third.
    expect(hours[22].values).toEqual([1, 25, 0]);
    expect(hours[0].values).toEqual([0, 3, 27]);
    const total = hours.reduce((sum, f) => sum + f.values.reduce((a: number, b: number) => a + b, 0), 0);
    expect(total).toBe(values.reduce((a, b) => a + b, 0));
  });
});
