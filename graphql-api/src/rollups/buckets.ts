/**
 * Rollup resolutions and how a time range is covered by them. Buckets are identified by their
 * start in whole minutes since the epoch (UTC).
 */
/** Also what the rollups' `res` column holds. All time is the sum of the months. */
export type Resolution = 'minute' | 'hour' | 'day' | 'month';

export const RESOLUTIONS: readonly Resolution[] = ['minute', 'hour', 'day', 'month'];

const MINUTE_MS = 60_000;
/** Minutes in a day (UTC days: no leap seconds in minutes since the epoch). */
export const DAY_MINUTES = 1440;
/** The length of the fixed-length buckets, in minutes. */
const MINUTES = { minute: 1, hour: 60, day: DAY_MINUTES } as const;

export function toMinute(time: Date | number): number {
  return Math.floor((typeof time === 'number' ? time : time.getTime()) / MINUTE_MS);
}

export function minuteToDate(minute: number): Date {
  return new Date(minute * MINUTE_MS);
}

/** The start (in minutes) of the bucket of resolution `res` that holds minute `m`. */
export function bucketStart(res: Resolution, m: number): number {
  switch (res) {
    case 'minute':
      return m;
    case 'hour':
      return m - (((m % 60) + 60) % 60);
    case 'day':
      return m - (((m % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES);
    case 'month': {
      const date = minuteToDate(m);
      return toMinute(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
    }
  }
}

function bucketEnd(res: Resolution, start: number): number {
  switch (res) {
    case 'minute':
      return start + 1;
    case 'hour':
      return start + 60;
    case 'day':
      return start + DAY_MINUTES;
    case 'month': {
      const date = minuteToDate(start);
      return toMinute(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
    }
  }
}

/** The first minute from `m` on that starts a bucket of resolution `res`. */
function ceiling(res: Resolution, m: number): number {
  return bucketEnd(res, bucketStart(res, m - 1));
}

/** A run of consecutive buckets of one resolution: starts in [from, to). */
export interface BucketSpan {
  res: Resolution;
  from: number;
  to: number;
}

const COARSEST_FIRST = ['month', 'day', 'hour', 'minute'] as const;

/**
 * Covers the minutes [from, to) with the fewest buckets: minutes up to the first whole hour,
 * hours up to the first whole day, days, months, then back down at the end. A range of any
 * length reads at most about 2×59 + 2×23 + 2×30 buckets plus its months.
 */
export function cover(from: number, to: number): BucketSpan[] {
  const spans: BucketSpan[] = [];
  let at = from;
  while (at < to) {
    const res = COARSEST_FIRST.find((r) => bucketStart(r, at) === at && bucketEnd(r, at) <= to)!;
    const end = runEnd(res, at, to);
    spans.push({ res, from: at, to: end });
    at = end;
  }
  return spans;
}

/**
 * Where a run of whole `res` buckets from `at` ends: at the next bucket of the coarser
 * resolution if one fits there before `to`, else at the last whole `res` bucket before `to`.
 */
function runEnd(res: Resolution, at: number, to: number): number {
  let end = bucketEnd(res, at);
  if (res === 'month') {
    while (bucketEnd('month', end) <= to) end = bucketEnd('month', end);
    return end;
  }
  // The coarser bucket does not fit at `at` (it would have been taken), so the next one starts after.
  const coarser = COARSEST_FIRST[COARSEST_FIRST.indexOf(res) - 1];
  const next = bucketEnd(coarser, bucketStart(coarser, at));
  if (bucketEnd(coarser, next) <= to) return next;
  const length = MINUTES[res];
  return Math.max(end, at + Math.floor((to - at) / length) * length);
}

/** The starts of a span's buckets, in order. */
export function bucketsIn(span: BucketSpan): number[] {
  const starts: number[] = [];
  for (let at = span.from; at < span.to; at = bucketEnd(span.res, at)) starts.push(at);
  return starts;
}

/** A span whose rows are added, or with `sign` -1 taken away. */
export interface SignedSpan extends BucketSpan {
  sign?: -1;
  /**
   * Subtracted, and from `now` on: it holds nothing but events stamped ahead of the clock, so the
   * bucket it is taken from holds no other record outside the range.
   */
  ahead?: true;
}

const WHOLE = ['hour', 'day', 'month'] as const;
const EXTENSIONS = [undefined, ...WHOLE] as const;

/**
 * Rows a bucket holds per key, relative to an hour's: measured at 10M executions, a minute held
 * 1/26 (histogram bins per tool) to 1/34 (per-user totals) of an hour's rows, a day 1.9 to 2.8
 * times and a month 2.4 to 4 times. A minute bucket is cheap; the rest are about alike.
 */
const ROWS_PER_BUCKET: Record<Resolution, number> = { minute: 1 / 30, hour: 1, day: 2, month: 3 };

/**
 * What reading the spans costs, in hours' rows: buckets that start at or after `now` hold none, and
 * the bucket that holds now only its minutes so far (the current hour at ten past, a sixth of an
 * hour's rows at most).
 */
export function coverCost(spans: BucketSpan[], now: number): number {
  let cost = 0;
  for (const span of spans) {
    const to = Math.min(span.to, now);
    if (to <= span.from) continue;
    const buckets =
      span.res === 'month' ? bucketsIn({ ...span, to }).length : Math.ceil((to - span.from) / MINUTES[span.res]);
    cost += buckets * ROWS_PER_BUCKET[span.res];
    const live = bucketStart(span.res, now - 1);
    if (span.to > now && live >= span.from) {
      const end = bucketEnd(span.res, live);
      cost -= ((end - now) / (end - live)) * ROWS_PER_BUCKET[span.res];
    }
  }
  return cost;
}

/** Where a range's middle may start: the start itself or the next whole hour, day or month within it. */
function innerStarts(from: number, to: number): number[] {
  const starts = [from];
  for (const res of WHOLE) {
    const at = ceiling(res, from);
    if (at <= to && !starts.includes(at)) starts.push(at);
  }
  return starts;
}

/** Where a range's middle may end: the end itself or the last whole hour, day or month before it. */
function innerEnds(from: number, to: number): number[] {
  const ends = [to];
  for (const res of WHOLE) {
    const at = bucketStart(res, to);
    if (at >= from && !ends.includes(at)) ends.push(at);
  }
  return ends;
}

/** Spans of one resolution and sign that meet are one span (fewer conditions in the statement). */
function merged(spans: SignedSpan[]): SignedSpan[] {
  const sorted = [...spans].sort(
    (a, b) => a.res.localeCompare(b.res) || (a.sign ?? 1) - (b.sign ?? 1) || a.from - b.from
  );
  const out: SignedSpan[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && last.res === span.res && last.sign === span.sign && last.to === span.from) last.to = span.to;
    else out.push({ ...span });
  }
  return out;
}

/**
 * Covers the minutes [from, to) like cover(), or, where that reads fewer rows, with whole hours,
 * days or months less the parts of them outside the range: the last 30 days from 19:00 read as the
 * five hours to midnight, then last month less its first six days, plus this month (whose days
 * after today hold nothing), not as 30 days and the hours before them. Each end is covered plainly
 * up to the next whole hour, day or month (or not at all), and the middle may reach out to a whole
 * hour, day or month around it. Only for sums that subtract (counts, histogram bins), not for the
 * duration bounds. `now`: buckets from it on cost nothing.
 */
export function signedCover(from: number, to: number, now: number): SignedSpan[] {
  // The search takes up to half a millisecond, and a page asks for the same range several times.
  const id = `${from}/${to}/${now}`;
  const known = recentCovers.get(id);
  if (known) return known.map((span) => ({ ...span }));
  if (recentCovers.size >= 64) recentCovers.clear();
  const best = cheapestSignedCover(from, to, now).map((span) =>
    span.sign && span.from >= now ? { ...span, ahead: true as const } : span
  );
  recentCovers.set(id, best);
  return best.map((span) => ({ ...span }));
}

const recentCovers = new Map<string, SignedSpan[]>();

function cheapestSignedCover(from: number, to: number, now: number): SignedSpan[] {
  let best: SignedSpan[] = cover(from, to);
  let bestCost = coverCost(best, now);
  for (const innerFrom of innerStarts(from, to)) {
    for (const innerTo of innerEnds(innerFrom, to)) {
      if (innerTo <= innerFrom) continue;
      for (const left of EXTENSIONS) {
        const start = left ? bucketStart(left, innerFrom) : innerFrom;
        if (left && start === innerFrom) continue;
        for (const right of EXTENSIONS) {
          const end = right ? ceiling(right, innerTo) : innerTo;
          if (right && end === innerTo) continue;
          if (!left && !right) continue;
          const added = [...cover(from, innerFrom), ...cover(start, end), ...cover(innerTo, to)];
          const subtracted = [...cover(start, innerFrom), ...cover(innerTo, end)];
          const spans: SignedSpan[] = [...added, ...subtracted.map((span) => ({ ...span, sign: -1 as const }))];
          const cost = coverCost(spans, now);
          // A row is read once, so no two spans may hold the same bucket.
          if (cost < bestCost && !overlapping(spans)) [best, bestCost] = [merged(spans), cost];
        }
      }
    }
  }
  return best;
}

function overlapping(spans: BucketSpan[]): boolean {
  return spans.some((a, i) => spans.some((b, j) => i < j && a.res === b.res && a.from < b.to && b.from < a.to));
}

/** Series intervals the API offers, in minutes, and the rollup each one reads. */
export const INTERVALS: Record<string, { minutes: number; res: Resolution }> = {
  '1m': { minutes: 1, res: 'minute' },
  '5m': { minutes: 5, res: 'minute' },
  '10m': { minutes: 10, res: 'minute' },
  '15m': { minutes: 15, res: 'minute' },
  '30m': { minutes: 30, res: 'minute' },
  '1h': { minutes: 60, res: 'hour' },
  '6h': { minutes: 360, res: 'hour' },
  '12h': { minutes: 720, res: 'hour' },
  '1d': { minutes: DAY_MINUTES, res: 'day' },
};

/** The first minute that still has minute rollups, when they are kept `days` days. */
export function minuteFloor(days: number, now = Date.now()): number {
  return bucketStart('hour', toMinute(now) - days * DAY_MINUTES);
}
