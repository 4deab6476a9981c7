/**
 * Rollup resolutions and how a time range is covered by them. Buckets are identified by their
 * start in whole minutes since the epoch (UTC).
 */
/** Also what the rollups' `res` column holds. All time is the sum of the months. */
export type Resolution = 'minute' | 'hour' | 'day' | 'month';

export const RESOLUTIONS: readonly Resolution[] = ['minute', 'hour', 'day', 'month'];

const MINUTE_MS = 60_000;

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
      return m - (((m % 1440) + 1440) % 1440);
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
      return start + 1440;
    case 'month': {
      const date = minuteToDate(start);
      return toMinute(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
    }
  }
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
    for (const res of COARSEST_FIRST) {
      const end = bucketEnd(res, at);
      if (bucketStart(res, at) === at && end <= to) {
        const last = spans.at(-1);
        if (last && last.res === res && last.to === at) last.to = end;
        else spans.push({ res, from: at, to: end });
        at = end;
        break;
      }
    }
  }
  return spans;
}

/** A span whose rows are added, or with `sign` -1 taken away. */
export interface SignedSpan extends BucketSpan {
  sign?: -1;
}

const EXTENSIONS = [undefined, 'hour', 'day', 'month'] as const;

/** Buckets of a span that may hold rows: none starts at or after `now`. */
function bucketsBefore(span: BucketSpan, now: number): number {
  let count = 0;
  for (let at = span.from; at < span.to && at < now; at = bucketEnd(span.res, at)) count++;
  return count;
}

/**
 * Covers the minutes [from, to) like cover(), or, where that reads fewer buckets, with a whole
 * hour, day or month at either end less the part of it outside the range: the last 30 days read
 * as last month less its first days plus this month (whose days after today hold nothing), not
 * as 30 days and the hours before them. Only for sums that subtract (counts, histogram bins), not
 * for the duration bounds. `now`: buckets from it on cost nothing.
 */
export function signedCover(from: number, to: number, now: number): SignedSpan[] {
  let best: SignedSpan[] = cover(from, to);
  let bestCost = best.reduce((sum, span) => sum + bucketsBefore(span, now), 0);
  for (const left of EXTENSIONS) {
    const start = left ? bucketStart(left, from) : from;
    if (left && start === from) continue;
    for (const right of EXTENSIONS) {
      const end = right ? bucketEnd(right, bucketStart(right, to - 1)) : to;
      if (right && end === to) continue;
      const added = cover(start, end);
      const subtracted = [...cover(start, from), ...cover(to, end)];
      // A row is read once, so it cannot be both added and taken away.
      if (subtracted.some((a) => added.some((b) => a.res === b.res && a.from < b.to && b.from < a.to))) continue;
      const spans: SignedSpan[] = [...added, ...subtracted.map((span) => ({ ...span, sign: -1 as const }))];
      const cost = spans.reduce((sum, span) => sum + bucketsBefore(span, now), 0);
      if (cost < bestCost) [best, bestCost] = [spans, cost];
    }
  }
  return best;
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
  '1d': { minutes: 1440, res: 'day' },
};

/** The first minute that still has minute rollups, when they are kept `days` days. */
export function minuteFloor(days: number, now = Date.now()): number {
  return bucketStart('hour', toMinute(now) - days * 1440);
}
