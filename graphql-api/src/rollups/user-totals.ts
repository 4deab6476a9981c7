import { DataSource } from 'typeorm';
import { chunks, dialectOf, placeholders, ROWS_PER_STATEMENT } from '../db/dialect';
import { BucketSpan, bucketStart, DAY_MINUTES, Resolution, SignedSpan } from './buckets';
import { signed, withinSpans } from './rollup.reader';
import { StatsMetric } from './catalogue';

/** From this many users on, their totals are read in two statements at once. */
const HALVED_FROM = 80;

/** One user's total of one metric (all statuses) over some buckets. */
export interface UserSums {
  n: number;
  tokens: number;
  costNanos: bigint;
}

/**
 * Each user's totals over the buckets, by metric (as stored, e.g. "logins"), of the given users
 * (whose rows the key leads with: no others are read); users without any are left out. Signed spans
 * (see signedCover) read a month less its first days rather than each of its days.
 */
export async function readUserTotals(
  dataSource: DataSource,
  spans: SignedSpan[],
  userIds: number[]
): Promise<Map<number, Map<string, UserSums>>> {
  const totals = new Map<number, Map<string, UserSums>>();
  if (spans.length === 0 || userIds.length === 0) return totals;
  const within = withinSpans(spans);
  const value = signed(spans);
  const dialect = dialectOf(dataSource);
  const sums = `SUM(${value.of('n')}) AS n, SUM(${value.of('tokens')}) AS tokens, ${dialect.exactSum('cost_nanos', value.of('cost_nanos'))}`;
  // Many users are read in two halves at once: the database weighs and reads each span of each user
  // (hundreds of index ranges), which two connections do on two cores.
  const perStatement =
    userIds.length >= HALVED_FROM ? Math.min(ROWS_PER_STATEMENT, Math.ceil(userIds.length / 2)) : undefined;
  const reads = chunks(userIds, perStatement).map(
    (ids) =>
      dataSource.query(
        `SELECT user_id, metric, ${sums} FROM ${dialect.byPrimaryKey('user_rollups')} ` +
          `WHERE user_id IN (${placeholders(ids)}) AND ${within.sql} GROUP BY user_id, metric ORDER BY NULL`,
        [...value.parameters, ...value.parameters, ...value.parameters, ...ids, ...within.parameters]
      ) as Promise<
        { user_id: number; metric: string; n: number | string; tokens: number | string; cost_nanos: string }[]
      >
  );
  for (const row of (await Promise.all(reads)).flat()) {
    // Totals that cancel out (a signed cover's spans) are none; dropped here rather than by HAVING,
    // which would sum every row's signed count once more.
    if (Number(row.n) === 0) continue;
    const id = Number(row.user_id);
    if (!totals.has(id)) totals.set(id, new Map());
    totals.get(id)!.set(row.metric, {
      n: Number(row.n),
      tokens: Number(row.tokens),
      costNanos: BigInt(row.cost_nanos ?? 0),
    });
  }
  return totals;
}

/**
 * Buckets that hold the minutes [from, to): an hour or two, up to eight days (a week, read on to
 * the end of today), else the months it touches. A user's cost in them bounds their cost in the
 * range from above; the looser the bound, the further down each bucket's costliest entries a
 * ranking reads, and the months around a week may hold five times its cost. Where the days reach
 * `now`, those of the current month are read as the month: it holds nothing after now, so the bound
 * is as tight, and a week is ranked over two buckets instead of eight.
 */
export function enclosing(from: number, to: number, now: number): BucketSpan[] {
  for (const [res, minutes, most] of [
    ['hour', 60, 2],
    ['day', DAY_MINUTES, 8],
  ] as const) {
    const first = bucketStart(res, from);
    const last = bucketStart(res, to - 1);
    if (last - first >= most * minutes) continue;
    const whole = [{ res, from: first, to: last + 1 }];
    if (res === 'hour') return whole;
    const month = bucketStart('month', last);
    if (month < first || now > last + minutes) return whole;
    const days: BucketSpan[] = month > first ? [{ res, from: first, to: month }] : [];
    return [...days, { res: 'month', from: month, to: month + 1 }];
  }
  return [{ res: 'month', from: bucketStart('month', from), to: bucketStart('month', to - 1) + 1 }];
}

/**
 * Each user with rows of the `listed` metrics in the spans (signed: see signedCover), with their
 * cost of `metric` there (0 or less if none), read from an index that holds the cost: one entry per
 * user, metric and bucket, and no row looked up. Listing every per-user metric lists every user
 * active in the spans (and a user whose rows the subtracted spans cancel). Only `userIds` when given.
 */
export async function readUserCosts(
  dataSource: DataSource,
  metric: StatsMetric,
  spans: SignedSpan[],
  listed: readonly StatsMetric[],
  userIds?: number[]
): Promise<Map<number, bigint>> {
  const within = withinSpans(spans);
  const value = signed(spans);
  const cost = `CASE WHEN metric = ? THEN ${value.of('cost_nanos')} ELSE 0 END`;
  const only = userIds ? ` AND user_id IN (${placeholders(userIds)})` : '';
  const rows: { user_id: number; cost_nanos: string }[] = await dataSource.query(
    `SELECT user_id, ${dialectOf(dataSource).exactSum('cost_nanos', cost)} FROM user_rollups ` +
      `WHERE metric IN (${placeholders(listed)}) AND ${within.sql}${only} GROUP BY user_id ORDER BY NULL`,
    [metric, ...value.parameters, ...listed, ...within.parameters, ...(userIds ?? [])]
  );
  return new Map(rows.map((row) => [Number(row.user_id), BigInt(row.cost_nanos)]));
}

/** One bucket of per-user rows: a list of entries, each a user's cost there. */
export interface CostList {
  res: Resolution;
  bucket: number;
}

/** A user's cost of a metric in one bucket. */
export interface CostEntry {
  userId: number;
  costNanos: bigint;
}

/**
 * The `depth` costliest entries of each list (of `userIds` only, when given; in no order), read
 * backwards through the index that orders a bucket's entries by cost: `depth` entries per list and
 * no row looked up, however many users the bucket holds. Each call reads from the top again, so a
 * cost that grew between two calls is not passed over.
 */
export async function readCostliest(
  dataSource: DataSource,
  metric: StatsMetric,
  lists: CostList[],
  depth: number,
  userIds?: number[]
): Promise<CostEntry[][]> {
  if (lists.length === 0) return [];
  const only = userIds ? ` AND user_id IN (${placeholders(userIds)})` : '';
  // Each list's LIMIT inside a derived table of its own: a UNION's members take none of their own.
  const rows: { list: number | string; user_id: number | string; cost_nanos: number | string }[] =
    await dataSource.query(
      lists
        .map(
          (_, i) =>
            `SELECT * FROM (SELECT ${i} AS list, user_id, cost_nanos FROM user_rollups WHERE res = ? AND metric = ? AND bucket = ?${only} ` +
            `ORDER BY cost_nanos DESC, user_id DESC LIMIT ${Math.trunc(depth)}) AS list${i}`
        )
        .join(' UNION ALL '),
      lists.flatMap((list) => [list.res, metric, list.bucket, ...(userIds ?? [])])
    );
  const entries: CostEntry[][] = lists.map(() => []);
  for (const row of rows)
    entries[Number(row.list)].push({ userId: Number(row.user_id), costNanos: BigInt(row.cost_nanos) });
  return entries;
}
