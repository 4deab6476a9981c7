import { signedCover } from '../src/rollups/buckets';
import { COARSE_RELATIVE_ACCURACY, RELATIVE_ACCURACY } from '../src/rollups/histogram';
import { Dialect, DIALECTS, startApi, TestApi } from './support/api';
import { BatchEvent, ingest, make } from './support/events';

/**
 * A month-long range is read as whole months, days and hours, some of them taken away (its start's
 * month less the days before it, and so on). Executions in every part that is taken away, and in
 * every part that is added, must count exactly as often as they lie in the range: once or not at all.
 * Day and month rows keep coarse duration bins and hours fine ones, so the percentiles add both and
 * take hours away from days.
 */
describe.each(DIALECTS)('figures over 30 days that start in the evening, on %s', (dialect) => {
  let api: TestApi;
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const now = Date.now();
  // 19:00 UTC forty days ago to 19:00 ten days ago: the range's first and last days are split.
  const from = Math.floor((now - 40 * DAY) / DAY) * DAY + 19 * HOUR;
  const to = from + 30 * DAY;
  const monthOf = (time: number) => new Date(time).getUTCMonth();
  const monthStart = Date.UTC(new Date(from).getUTCFullYear(), monthOf(from), 1);
  const monthEnd = Date.UTC(new Date(to).getUTCFullYear(), monthOf(to) + 1, 1);

  let seed = 7;
  const rand = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const times = [
    // Each side of each edge: the range's, its days', its hours'.
    ...[from, to].flatMap((edge) => [edge - 60_000, edge, edge + 60_000, edge - 5 * HOUR, edge + 4 * HOUR]),
    from - 19 * HOUR + 60_000,
    to + 5 * HOUR - 60_000,
    // Anywhere from the start of the first month to the end of the last, before now.
    ...Array.from({ length: 240 }, () => monthStart + rand() * (Math.min(monthEnd, now - HOUR) - monthStart)),
  ].map(Math.floor);
  const executions = times.map((time, i) => ({
    tool: i % 3 === 0 ? 'long-range-alpha' : 'long-range-beta',
    status: rand() < 0.8 ? 'SUCCESS' : 'FAILURE',
    startedAt: new Date(time).toISOString(),
    durationMs: 10 + Math.floor(rand() ** 3 * 20_000),
  }));
  const inRange = executions.filter((e) => Date.parse(e.startedAt) >= from && Date.parse(e.startedAt) < to);
  const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };

  beforeAll(async () => {
    api = await startWith(dialect, 'long-ranges', executions);
  });
  afterAll(() => api?.close());

  it('counts, averages and breaks down only the executions in the range', async () => {
    // Some of the range's executions, and some outside it in the same months.
    expect(inRange.length).toBeGreaterThan(100);
    expect(executions.length - inRange.length).toBeGreaterThan(50);
    const { summary, byTool, byStatus } = await api.data(
      `query($r: TimeRangeInput) {
        summary(metric: TOOL_EXECUTIONS, range: $r) { count success failure avgDurationMs }
        byTool: breakdown(metric: TOOL_EXECUTIONS, by: TOOL, range: $r) { key value }
        byStatus: breakdown(metric: TOOL_EXECUTIONS, by: STATUS, range: $r) { key value } }`,
      { r: range }
    );
    const count = (keep: (e: (typeof executions)[number]) => boolean) => inRange.filter(keep).length;
    expect(summary).toEqual({
      count: inRange.length,
      success: count((e) => e.status === 'SUCCESS'),
      failure: count((e) => e.status === 'FAILURE'),
      avgDurationMs: expect.closeTo(inRange.reduce((sum, e) => sum + e.durationMs, 0) / inRange.length, 6),
    });
    expect(Object.fromEntries(byTool.map((row: { key: string; value: number }) => [row.key, row.value]))).toEqual({
      'long-range-alpha': count((e) => e.tool === 'long-range-alpha'),
      'long-range-beta': count((e) => e.tool === 'long-range-beta'),
    });
    expect(Object.fromEntries(byStatus.map((row: { key: string; value: number }) => [row.key, row.value]))).toEqual({
      SUCCESS: count((e) => e.status === 'SUCCESS'),
      FAILURE: count((e) => e.status === 'FAILURE'),
    });
  });

  it('gives the same counts with percentiles, and percentiles within 10 % of the exact ones, in all and per tool', async () => {
    await expectPercentiles(api, range, inRange, COARSE_RELATIVE_ACCURACY);
  });
});

/**
 * Over a range of days, percentiles are kept within duration bounds read from the buckets added,
 * which hold time around the range: a tool that ran once in it gets that run's duration as every
 * percentile all the same, though it ran far shorter and far longer just outside the range.
 */
describe.each(DIALECTS)('one execution in a range of 30 days, on %s', (dialect) => {
  let api: TestApi;
  const DAY = 86_400_000;
  const to = Math.floor(Date.now() / DAY) * DAY - 2 * DAY + 7 * 3_600_000;
  const from = to - 30 * DAY;
  const run = (at: number, durationMs: number) => ({
    tool: 'long-range-once',
    status: 'SUCCESS',
    startedAt: new Date(at).toISOString(),
    durationMs,
  });

  beforeAll(async () => {
    api = await startWith(dialect, 'long-ranges-once', [
      run(from - 3_600_000, 10),
      run(from + 15 * DAY, 1234),
      run(to + 3_600_000, 90_000),
    ]);
  });
  afterAll(() => api?.close());

  it('gives its duration as p50, p95 and p99, and as the average', async () => {
    const { byTool } = await api.data(
      `query($r: TimeRangeInput) {
        byTool: breakdown(metric: TOOL_EXECUTIONS, by: TOOL, range: $r) { key summary { ${SUMMARY} avgDurationMs } } }`,
      { r: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } }
    );
    expect(byTool).toEqual([
      {
        key: 'long-range-once',
        summary: { count: 1, p50DurationMs: 1234, p95DurationMs: 1234, p99DurationMs: 1234, avgDurationMs: 1234 },
      },
    ]);
  });
});

/**
 * A range shorter than a day may be cheapest read as a day less its other hours, but a day row keeps
 * coarse bins: its percentiles are read from its hours (fine bins), within 5 %.
 */
describe.each(DIALECTS)('percentiles of a range shorter than a day, on %s', (dialect) => {
  let api: TestApi;
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  // 02:00 to 23:00 three days ago: a day less three of its hours would read fewer rows than 21 hours.
  const day = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
  const from = day + 2 * HOUR;
  const to = day + 23 * HOUR;
  let seed = 11;
  const rand = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const executions = Array.from({ length: 400 }, (_, i) => ({
    tool: i % 2 === 0 ? 'short-range-alpha' : 'short-range-beta',
    status: 'SUCCESS',
    startedAt: new Date(day + Math.floor(rand() * DAY)).toISOString(),
    durationMs: 10 + Math.floor(rand() ** 3 * 20_000),
  }));
  const inRange = executions.filter((e) => Date.parse(e.startedAt) >= from && Date.parse(e.startedAt) < to);

  beforeAll(async () => {
    api = await startWith(dialect, 'short-ranges', executions);
  });
  afterAll(() => api?.close());

  it('reads the sums as a day less its other hours, and the percentiles within 5 %, in all and per tool', async () => {
    const minute = (time: number) => time / 60_000;
    expect(signedCover(minute(from), minute(to), minute(Date.now())).map((span) => span.res)).toContain('day');
    const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    await expectPercentiles(api, range, inRange, RELATIVE_ACCURACY);
  });
});

/**
 * A range of days that ends now may be read as its months less the days and hours around it: its
 * first day's hours before it are then the only fine bins read, all of them taken away. Runs much
 * longer than the range's, in those hours, must not count in its percentiles.
 */
describe.each(DIALECTS)('percentiles of a range of days that ends now, on %s', (dialect) => {
  let api: TestApi;
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const now = Date.now();
  // 05:00 two days ago to now: the first day's 5 hours before the range are taken away from it.
  const day = Math.floor(now / DAY) * DAY - 2 * DAY;
  const from = day + 5 * HOUR;
  const run = (at: number, durationMs: number) => ({
    tool: 'ends-now',
    status: 'SUCCESS',
    startedAt: new Date(at).toISOString(),
    durationMs,
  });
  const before = Array.from({ length: 60 }, (_, i) => run(day + (i % 5) * HOUR + 60_000 * i, 60_000 + i));
  const inRange = Array.from({ length: 40 }, (_, i) => run(from + i * HOUR, 100 + 5 * i));

  beforeAll(async () => {
    api = await startWith(dialect, 'ends-now', [...before, ...inRange]);
  });
  afterAll(() => api?.close());

  it('takes the runs of the hours before it away from its percentiles, in all and per tool', async () => {
    const minute = (time: number) => Math.floor(time / 60_000);
    const cover = signedCover(minute(from), minute(now), minute(now));
    const fine = cover.filter((span) => span.res === 'hour' || span.res === 'minute');
    // The case under test: every fine span is one taken away.
    expect(fine.length).toBeGreaterThan(0);
    expect(fine.every((span) => span.sign === -1)).toBe(true);
    const range = { from: new Date(from).toISOString(), to: new Date(now).toISOString() };
    await expectPercentiles(api, range, inRange, COARSE_RELATIVE_ACCURACY);
  });
});

/** An API on its own database, holding these tool executions. */
async function startWith(dialect: Dialect, name: string, executions: ToolExecution[]): Promise<TestApi> {
  const api = await startApi(dialect, {}, name);
  const events: BatchEvent[] = executions.map((execution) => ({ toolExecution: make.toolExecution(execution) }));
  expect((await ingest(api, events)).accepted).toBe(events.length);
  return api;
}

/** The count, and p50, p95 and p99 within `accuracy` of the exact ones, of all the range's executions and per tool. */
async function expectPercentiles(
  api: TestApi,
  range: { from: string; to: string },
  inRange: ToolExecution[],
  accuracy: number
): Promise<void> {
  const { summary, byTool } = await api.data(
    `query($r: TimeRangeInput) {
      summary(metric: TOOL_EXECUTIONS, range: $r) { ${SUMMARY} }
      byTool: breakdown(metric: TOOL_EXECUTIONS, by: TOOL, range: $r) { key summary { ${SUMMARY} } } }`,
    { r: range }
  );
  const tools = [...new Set(inRange.map((e) => e.tool))];
  expect(byTool.map((row: { key: string }) => row.key).sort()).toEqual(tools.sort());
  checkPercentiles(
    summary,
    inRange.map((e) => e.durationMs),
    accuracy
  );
  for (const row of byTool) {
    const durations = inRange.filter((e) => e.tool === row.key).map((e) => e.durationMs);
    checkPercentiles(row.summary, durations, accuracy);
  }
}

const SUMMARY = 'count p50DurationMs p95DurationMs p99DurationMs';

interface ToolExecution {
  tool: string;
  status: string;
  startedAt: string;
  durationMs: number;
}

/** The count, and p50, p95 and p99 within `accuracy` of the durations' nearest ranks. */
function checkPercentiles(answer: Record<string, number>, durations: number[], accuracy: number): void {
  const sorted = [...durations].sort((a, b) => a - b);
  const nearestRank = (q: number) => sorted[Math.ceil(q * sorted.length) - 1];
  expect(answer.count).toBe(sorted.length);
  for (const [field, q] of [
    ['p50DurationMs', 0.5],
    ['p95DurationMs', 0.95],
    ['p99DurationMs', 0.99],
  ] as const) {
    const off = Math.abs(answer[field] - nearestRank(q)) / nearestRank(q);
    expect({ field, off, within: off <= accuracy + 1e-9 }).toEqual({ field, off, within: true });
  }
}
