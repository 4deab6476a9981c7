import { Clock, install } from '@sinonjs/fake-timers';
import { DIALECTS, startApi, TestApi } from './support/api';
import { ingest } from './support/events';

// The last hour's percentiles when its buckets reach past now. From 45 minutes past the hour, the
// last hour is read as the minutes to the hour and the current hour, less the minutes ahead of now:
// its duration bounds are those of the buckets added, and must be the range's. From 10 minutes
// past, the cheapest cover is the last hour less its first 10 minutes, which hold a record outside
// the range: its bounds must not reach the percentiles. Every duration in the range is 100 ms, so
// any bound from outside it moves them off 100.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SUMMARY = `query($r: TimeRangeInput, $f: StatsFilter) { summary(metric: AGENT_EXECUTIONS, range: $r, filter: $f) {
  count p50DurationMs p95DurationMs p99DurationMs } }`;

describe.each(DIALECTS)('the last hour read past now (%s)', (dialect) => {
  let api: TestApi;
  let clock: Clock | undefined;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'last-hour');
  });
  afterEach(() => clock?.uninstall());
  afterAll(() => api.close());

  it.each([10, 45])('gives the range’s own percentiles at %i minutes past the hour', async (minutesPast) => {
    // An hour a few hours back, so its minutes are still kept; 30 s into the minute, so the clock
    // (which runs on) stays in it.
    const hour = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    const now = hour + minutesPast * MINUTE + 30_000;
    clock = install({ now, shouldAdvanceTime: true, toFake: ['Date'] });
    const agent = `last-hour-${dialect}-${minutesPast}`;
    const execution = (at: number, durationMs: number, i: number) => ({
      agentExecution: {
        requestId: `${agent}-${i}`,
        agent,
        userId: 'last-hour-user',
        status: 'SUCCESS',
        startedAt: new Date(at).toISOString(),
        durationMs,
      },
    });
    // In the range: every few minutes from 50 minutes before now; outside it, five minutes into the
    // hour before, one far longer.
    const inRange = Array.from({ length: 20 }, (_, i) => execution(now - 50 * MINUTE + i * 2 * MINUTE, 100, i));
    const before = execution(hour - HOUR + 5 * MINUTE, 900_000, 99);
    expect((await ingest(api, [...inRange, before])).rejected).toBe(0);

    const range = { from: new Date(now - HOUR).toISOString(), to: new Date(now).toISOString() };
    const filter = { agent: [agent] };
    const answer = await api.data<{ summary: Record<string, number> }>(SUMMARY, { r: range, f: filter });
    expect(answer.summary).toEqual({ count: 20, p50DurationMs: 100, p95DurationMs: 100, p99DurationMs: 100 });
  });
});
