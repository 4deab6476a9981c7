import fc from 'fast-check';
import { BucketSpan, bucketStart, cover, coverCost, signedCover, toMinute } from '../src/rollups/buckets';
import { enclosing } from '../src/rollups/user-ranking';
import {
  binBounds,
  binOf,
  binValue,
  BIN_COUNT,
  BIN_ID_COUNT,
  coarseBinOf,
  COARSE_RELATIVE_ACCURACY,
  quantiles,
  RELATIVE_ACCURACY,
} from '../src/rollups/histogram';
import { AgentExecution } from '../src/agents/agent-execution.entity';
import { RollupDeltas } from '../src/rollups/rollup.writer';
import { StatsService } from '../src/stats/stats.service';
import { startOfDay } from '../src/stats/timezone';

describe('duration histogram', () => {
  it('stands for every duration within the stated relative accuracy', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300_000_000 }), (ms) => {
        expect(Math.abs(binValue(binOf(ms)) - ms) / ms).toBeLessThanOrEqual(RELATIVE_ACCURACY + 1e-12);
      })
    );
    expect(binValue(binOf(0))).toBe(0);
    expect(binOf(10 ** 12)).toBe(BIN_COUNT - 1);
  });

  it('gives nearest-rank quantiles within the accuracy', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (durations, q) => {
          const bins = new Array<number>(BIN_COUNT).fill(0);
          for (const d of durations) bins[binOf(d)] += 1;
          const sorted = [...durations].sort((a, b) => a - b);
          const exact = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
          expect(Math.abs(quantiles(bins, [q])[0]! - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY + 1e-12);
        }
      )
    );
    expect(quantiles(new Array(BIN_COUNT).fill(0), [0.5])[0]).toBeNull();
  });

  it('keeps two fine bins in a coarse bin, which stands for them within about 10 %', () => {
    expect(COARSE_RELATIVE_ACCURACY).toBeGreaterThan(0.099);
    expect(COARSE_RELATIVE_ACCURACY).toBeLessThan(0.1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300_000_000 }), (ms) => {
        const coarse = coarseBinOf(binOf(ms));
        const { lowerMs, upperMs } = binBounds(coarse);
        expect(ms === 0 ? lowerMs === 0 && upperMs === 0 : ms > lowerMs && ms <= upperMs!).toBe(true);
        if (ms > 1) expect(coarse).toBeGreaterThanOrEqual(BIN_COUNT);
        if (ms > 0) expect(Math.abs(binValue(coarse) - ms) / ms).toBeLessThanOrEqual(COARSE_RELATIVE_ACCURACY + 1e-12);
      })
    );
    // A coarse bin's bounds are its two fine bins'; the last one has no upper bound.
    expect(binBounds(coarseBinOf(40))).toEqual({ lowerMs: binBounds(40).lowerMs, upperMs: binBounds(41).upperMs });
    expect(coarseBinOf(41)).toBe(coarseBinOf(40));
    expect(coarseBinOf(42)).toBe(coarseBinOf(41) + 1);
    expect(binBounds(coarseBinOf(BIN_COUNT - 1)).upperMs).toBeNull();
    expect(coarseBinOf(BIN_COUNT - 1)).toBeLessThan(BIN_ID_COUNT);
  });

  it('reads hours (fine bins) and days (coarse bins) together, hours taken away from a day included, within about 10 %', () => {
    const duration = fc.integer({ min: 1, max: 10_000_000 });
    fc.assert(
      fc.property(
        fc.array(duration, { maxLength: 100 }),
        fc.array(duration, { maxLength: 100 }),
        fc.array(duration, { minLength: 1, maxLength: 100 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (hoursAdded, hoursTakenAway, restOfDay, q) => {
          // The range: some hours of one day (fine), and another day (coarse) less some of its hours (fine).
          const bins = new Array<number>(BIN_ID_COUNT).fill(0);
          for (const d of hoursAdded) bins[binOf(d)] += 1;
          for (const d of [...hoursTakenAway, ...restOfDay]) bins[coarseBinOf(binOf(d))] += 1;
          for (const d of hoursTakenAway) bins[binOf(d)] -= 1;
          const sorted = [...hoursAdded, ...restOfDay].sort((a, b) => a - b);
          const exact = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
          expect(Math.abs(quantiles(bins, [q])[0]! - exact) / exact).toBeLessThanOrEqual(
            COARSE_RELATIVE_ACCURACY + 1e-12
          );
        }
      )
    );
  });
});

describe('summing rollup deltas', () => {
  const execution = (requestId: string, durationMs: number, costNanos: bigint, inputTokens = 2_000_000_000) =>
    Object.assign(new AgentExecution(), {
      requestId,
      agentId: 1,
      userId: null,
      requestModel: 'm',
      provider: 'p',
      status: 'success',
      startedAt: new Date('2026-11-26T10:00:00Z'),
      durationMs,
      inputTokens,
      outputTokens: 1,
      costNanos,
    });
  const month = (deltas: RollupDeltas) =>
    deltas.rollupRows().find((row) => row.key[1] === 'all' && row.key[2] === 'month')!;

  it('adds up counts, tokens, durations and costs exactly, and takes back what a change replaces', () => {
    const deltas = new RollupDeltas();
    const first = execution('a', 1_500, 10_000_000_000_000n);
    deltas.addChange({ entity: AgentExecution.name, before: null, after: first });
    deltas.addChange({ entity: AgentExecution.name, before: null, after: execution('b', 2_000_000_000, 1n) });
    deltas.addChange({ entity: AgentExecution.name, before: first, after: { ...first, durationMs: 500 } });
    // Bounds keep every duration added (1,500 ms is taken back from the sums, not from them).
    expect(month(deltas).sums).toEqual({
      n: 2,
      durN: 2,
      durSum: 2_000_000_500,
      inTok: 4_000_000_000,
      outTok: 2,
      costNanos: 10_000_000_000_001n,
      unpriced: 0,
      durMin: 500,
      durMax: 2_000_000_000,
    });
  });

  it('counts unpriced executions, and takes one back when a cost prices it', () => {
    const deltas = new RollupDeltas();
    const unpriced = { ...execution('a', 10, 0n), unpriced: true };
    deltas.addChange({ entity: AgentExecution.name, before: null, after: unpriced });
    deltas.addChange({
      entity: AgentExecution.name,
      before: null,
      after: { ...execution('b', 10, 0n), unpriced: true },
    });
    expect(month(deltas).sums).toMatchObject({ n: 2, costNanos: 0n, unpriced: 2 });
    deltas.addChange({
      entity: AgentExecution.name,
      before: unpriced,
      after: { ...unpriced, costNanos: 7n, unpriced: false },
    });
    expect(month(deltas).sums).toMatchObject({ n: 2, costNanos: 7n, unpriced: 1 });
  });

  it('refuses sums past 2^53 rather than round them', () => {
    const deltas = new RollupDeltas();
    // Stored columns cap one record's tokens at 2^31-1; these stand for many records' sums.
    for (const requestId of ['a', 'b', 'c'])
      deltas.addChange({ entity: AgentExecution.name, before: null, after: execution(requestId, 10, 0n, 2 ** 52) });
    expect(() => deltas.rollupRows()).toThrow(/too large to add up exactly/);
  });
});

describe('covering a range with rollup buckets', () => {
  it('covers exactly the minutes of the range, with aligned buckets and few of them', () => {
    const start = toMinute(Date.UTC(2025, 0, 1));
    fc.assert(
      fc.property(fc.nat({ max: 800_000 }), fc.nat({ max: 800_000 }), (a, b) => {
        const from = start + Math.min(a, b);
        const to = start + Math.max(a, b) + 1;
        const spans = cover(from, to);
        let at = from;
        let buckets = 0;
        for (const span of spans) {
          expect(span.from).toBe(at);
          expect(bucketStart(span.res, span.from)).toBe(span.from);
          at = span.to;
          buckets +=
            span.res === 'month' ? 1 : (span.to - span.from) / { minute: 1, hour: 60, day: 1440, total: 1 }[span.res];
        }
        expect(at).toBe(to);
        // At most 59+23+30 on each side, plus whole months (about 19 in 800k minutes).
        expect(buckets).toBeLessThanOrEqual(2 * (59 + 23 + 30) + 20);
      })
    );
  });
});

describe("the buckets that bound a range's per-user cost", () => {
  const DAY = 1440;
  const holds = (spans: BucketSpan[], m: number) =>
    spans.some((span) => {
      const start = bucketStart(span.res, m);
      return start >= span.from && start < span.to;
    });

  it('hold every minute of the range, and of the minutes before now no more than its hours or days (up to a week) would', () => {
    const start = toMinute(Date.UTC(2025, 0, 1));
    fc.assert(
      fc.property(
        fc.nat({ max: 400_000 }),
        fc.integer({ min: 1, max: 9 * DAY }),
        fc.nat({ max: 3 * DAY }),
        (a, length, later) => {
          const [from, to] = [start + a, start + a + length];
          const now = to + later;
          const spans = enclosing(from, to, now);
          for (const m of [from, to - 1, from + Math.floor(length / 2)]) expect(holds(spans, m)).toBe(true);
          const res = spans[0].res;
          if (res === 'hour' || (res === 'day' && spans.length === 1)) {
            expect(spans).toHaveLength(1);
            return;
          }
          const days = { first: bucketStart('day', from), end: bucketStart('day', to - 1) + DAY };
          const month = spans.at(-1)!;
          if (spans.length === 2 || days.end - days.first <= 8 * DAY) {
            // The current month stands for its days: it starts within the days and holds none after them.
            expect(month.res).toBe('month');
            expect(month.from).toBeGreaterThanOrEqual(days.first);
            expect(now).toBeLessThanOrEqual(days.end);
          }
        }
      ),
      { numRuns: 2000 }
    );
  });

  it('read a week that ends now across the start of a month as its days in the old month, then the month', () => {
    const now = toMinute(Date.UTC(2026, 11, 3, 10, 30));
    const spans = enclosing(now - 7 * DAY, now, now + 1);
    expect(spans).toEqual([
      { res: 'day', from: toMinute(Date.UTC(2026, 10, 26)), to: toMinute(Date.UTC(2026, 11, 1)) },
      { res: 'month', from: toMinute(Date.UTC(2026, 11, 1)), to: toMinute(Date.UTC(2026, 11, 1)) + 1 },
    ]);
    // A week of the past, or one within a month that began before it, is read as its days.
    expect(enclosing(now - 7 * DAY, now, now + 2 * DAY)).toEqual([
      // Spans hold the buckets that start in [from, to).
      { res: 'day', from: toMinute(Date.UTC(2026, 10, 26)), to: toMinute(Date.UTC(2026, 11, 3)) + 1 },
    ]);
    expect(enclosing(now + 3 * DAY, now + 10 * DAY, now + 10 * DAY)).toHaveLength(1);
  });
});

describe('covering a range with buckets added and taken away', () => {
  it('counts each minute of the range once and none outside it, reading no row twice and no more rows than cover()', () => {
    const start = toMinute(Date.UTC(2025, 0, 1));
    fc.assert(
      fc.property(fc.nat({ max: 200_000 }), fc.nat({ max: 200_000 }), fc.nat({ max: 250_000 }), (a, b, c) => {
        const from = start + Math.min(a, b);
        const to = start + Math.max(a, b) + 1;
        const now = start + c;
        const spans = signedCover(from, to, now);
        const steps = new Map<number, number>();
        const step = (at: number, by: number) => steps.set(at, (steps.get(at) ?? 0) + by);
        const seen = new Set<string>();
        for (const span of spans) {
          expect(bucketStart(span.res, span.from)).toBe(span.from);
          for (const other of seen) {
            const [res, f, t] = other.split('/');
            if (res === span.res) expect(span.from >= Number(t) || Number(f) >= span.to).toBe(true);
          }
          seen.add(`${span.res}/${span.from}/${span.to}`);
          step(span.from, span.sign ?? 1);
          step(span.to, -(span.sign ?? 1));
        }
        let depth = 0;
        for (const at of [...steps.keys()].sort((x, y) => x - y)) {
          depth += steps.get(at)!;
          // From `at` to the next point every minute is counted `depth` times.
          expect(depth).toBe(at >= from && at < to ? 1 : 0);
        }
        expect(coverCost(spans, now)).toBeLessThanOrEqual(coverCost(cover(from, to), now));
      })
    );
  });

  it('reads the last hour from 18:25 as the minutes to 18:00 and the current hour, which holds only 25 minutes', () => {
    const now = toMinute(Date.UTC(2026, 11, 6, 18, 25));
    const at = (hour: number, minute: number) => toMinute(Date.UTC(2026, 11, 6, hour, minute));
    expect(signedCover(now - 60, now + 1, now + 1)).toEqual([
      { res: 'hour', from: at(18, 0), to: at(19, 0) },
      { res: 'minute', from: now + 1, to: at(19, 0), sign: -1, ahead: true },
      { res: 'minute', from: at(17, 25), to: at(18, 0) },
    ]);
    // Read two hours later, when 18:00 is a whole hour, the same range is its 61 minutes: the hour
    // less the 34 minutes after the range costs more than the minutes it saves.
    expect(signedCover(now - 60, now + 1, now + 121)).toEqual(cover(now - 60, now + 1));
  });

  // The last 30 days to the end of today, 6 December: last month less its days before the range,
  // and this month less its days after today. What differs is the start's day: from 04:00, its
  // first 4 hours are taken away; from 19:00, its last 5 hours are read and the whole day taken
  // away (13 buckets, where taking away its first 19 hours would read 26).
  it.each([
    [4, 6, { res: 'hour', from: toMinute(Date.UTC(2026, 10, 6)), to: toMinute(Date.UTC(2026, 10, 6, 4)), sign: -1 }],
    [19, 7, { res: 'hour', from: toMinute(Date.UTC(2026, 10, 6, 19)), to: toMinute(Date.UTC(2026, 10, 7)) }],
  ])(
    'reads the last 30 days from %i:00 as months less days, and the hours of the first day',
    (hour, firstDayKept, hours) => {
      const to = toMinute(Date.UTC(2026, 11, 7));
      const now = toMinute(Date.UTC(2026, 11, 6, hour));
      expect(signedCover(toMinute(Date.UTC(2026, 10, 6, hour)), to, now + 1)).toEqual([
        { res: 'day', from: toMinute(Date.UTC(2026, 10, 1)), to: toMinute(Date.UTC(2026, 10, firstDayKept)), sign: -1 },
        { res: 'day', from: to, to: toMinute(Date.UTC(2027, 0, 1)), sign: -1, ahead: true },
        hours,
        { res: 'month', from: toMinute(Date.UTC(2026, 10, 1)), to: toMinute(Date.UTC(2027, 0, 1)) },
      ]);
    }
  );
});

describe('the buckets a long range reads', () => {
  // spans() reads no database; the data source is not needed.
  const stats = new StatsService(null as never, 7);
  const now = Date.UTC(2026, 10, 26, 14, 37, 20);
  const nowMinute = toMinute(now);
  const week = 7 * 1440;

  it('reads a week that reaches now through the end of today: hours only where the week starts', () => {
    const spans = stats.spans({ from: nowMinute - week, to: nowMinute + 1 }, now);
    expect(spans.at(-1)).toEqual({ res: 'day', from: spans.at(-1)!.from, to: bucketStart('day', nowMinute) + 1440 });
    expect(spans.filter((span) => span.res === 'hour')).toEqual([
      { res: 'hour', from: bucketStart('hour', nowMinute - week), to: bucketStart('day', nowMinute - week) + 1440 },
    ]);
  });

  it('reads a week that ended earlier to the end of its last hour, as before', () => {
    const to = nowMinute - 2 * 1440;
    const spans = stats.spans({ from: to - week, to }, now);
    expect(spans.at(-1)).toEqual({ res: 'hour', from: bucketStart('day', to), to: bucketStart('hour', to) + 60 });
  });
});

describe('today in a time zone', () => {
  it('starts at local midnight, across daylight-saving changes', () => {
    expect(startOfDay(new Date('2026-11-26T08:00:00Z'), 'UTC').toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(startOfDay(new Date('2026-11-26T08:00:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-11-26T05:00:00.000Z'
    );
    expect(startOfDay(new Date('2026-11-26T02:00:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-11-25T05:00:00.000Z'
    );
    expect(startOfDay(new Date('2026-11-26T20:00:00Z'), 'Asia/Kolkata').toISOString()).toBe('2026-11-26T18:30:00.000Z');
    // 2026-03-29 is the spring-forward day in Paris: midnight is still at +01:00.
    expect(startOfDay(new Date('2026-03-29T12:00:00Z'), 'Europe/Paris').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay(new Date('2026-10-25T12:00:00Z'), 'Europe/Paris').toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});
