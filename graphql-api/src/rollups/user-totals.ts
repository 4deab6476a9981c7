import { DataSource } from 'typeorm';
import { chunks, dialectOf, placeholders, ROWS_PER_STATEMENT } from '../db/dialect';
import { SignedSpan } from './buckets';
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
 * Each user's totals of the `metrics` over the buckets, by metric (as stored, e.g. "logins"), of the
 * given users (whose rows the key leads with: no others are read); users without any are left out.
 * Signed spans (see signedCover) read a month less its first days rather than each of its days.
 */
export async function readUserTotals(
  dataSource: DataSource,
  spans: SignedSpan[],
  userIds: number[],
  metrics: readonly StatsMetric[]
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
          `WHERE user_id IN (${placeholders(ids)}) AND metric IN (${placeholders(metrics)}) AND ${within.sql} ` +
          'GROUP BY user_id, metric ORDER BY NULL',
        [...value.parameters, ...value.parameters, ...value.parameters, ...ids, ...metrics, ...within.parameters]
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
 * Each user's cost of `metric` in the spans (signed: see signedCover), of those with rows of it
 * there (0 if their rows cancel), read from the index that holds the cost: one entry per user and
 * bucket, and no row looked up. Only `userIds` when given.
 */
export async function readUserCosts(
  dataSource: DataSource,
  metric: StatsMetric,
  spans: SignedSpan[],
  userIds?: number[]
): Promise<Map<number, bigint>> {
  const within = withinSpans(spans);
  const value = signed(spans);
  const rows: { user_id: number; cost_nanos: string }[] = await dataSource.query(
    `SELECT user_id, ${dialectOf(dataSource).exactSum('cost_nanos', value.of('cost_nanos'))} FROM user_rollups ` +
      `WHERE metric = ? AND ${within.sql}${onlyUsers(userIds)} GROUP BY user_id ORDER BY NULL`,
    [...value.parameters, metric, ...within.parameters, ...(userIds ?? [])]
  );
  return new Map(rows.map((row) => [Number(row.user_id), BigInt(row.cost_nanos)]));
}

/**
 * The users with a count of any of the `metrics` in the spans (signed: see signedCover; a user
 * whose rows there cancel has none), read from the index that holds the count: one entry per user,
 * metric and bucket, and no row looked up. Only `userIds` when given.
 */
export async function readActiveUsers(
  dataSource: DataSource,
  spans: SignedSpan[],
  metrics: readonly StatsMetric[],
  userIds?: number[]
): Promise<Set<number>> {
  const within = withinSpans(spans);
  const value = signed(spans);
  const rows: { user_id: number; n: number | string }[] = await dataSource.query(
    `SELECT user_id, SUM(${value.of('n')}) AS n FROM user_rollups ` +
      `WHERE metric IN (${placeholders(metrics)}) AND ${within.sql}${onlyUsers(userIds)} GROUP BY user_id ORDER BY NULL`,
    [...value.parameters, ...metrics, ...within.parameters, ...(userIds ?? [])]
  );
  // No metric's count in a range is below zero, so only a user with none of them sums to zero.
  return new Set(rows.filter((row) => Number(row.n) !== 0).map((row) => Number(row.user_id)));
}

const onlyUsers = (userIds?: number[]) => (userIds ? ` AND user_id IN (${placeholders(userIds)})` : '');
