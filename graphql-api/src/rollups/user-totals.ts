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
  const dialect = dialectOf(dataSource);
  const sums = sumsOf(dataSource, spans);
  // Many users are read in two halves at once: the database weighs and reads each span of each user
  // (hundreds of index ranges), which two connections do on two cores.
  const perStatement =
    userIds.length >= HALVED_FROM ? Math.min(ROWS_PER_STATEMENT, Math.ceil(userIds.length / 2)) : undefined;
  const reads = chunks(userIds, perStatement).map(
    (ids) =>
      dataSource.query(
        `SELECT user_id, metric, ${sums.sql} FROM ${dialect.byPrimaryKey('user_rollups')} ` +
          `WHERE user_id IN (${placeholders(ids)}) AND metric IN (${placeholders(metrics)}) AND ${within.sql} ` +
          'GROUP BY user_id, metric ORDER BY NULL',
        [...sums.parameters, ...ids, ...metrics, ...within.parameters]
      ) as Promise<TotalsRow[]>
  );
  addTotals(totals, (await Promise.all(reads)).flat());
  return totals;
}

/**
 * Each user's totals of the `metrics` over the spans, as readUserTotals, of every user with any
 * there, read from the index that holds the count, tokens and cost: one entry per user, metric and
 * bucket, and no row looked up. One statement per metric, at once. Only `userIds` when given.
 */
export async function readActiveUserTotals(
  dataSource: DataSource,
  spans: SignedSpan[],
  metrics: readonly StatsMetric[],
  userIds?: number[]
): Promise<Map<number, Map<string, UserSums>>> {
  const totals = new Map<number, Map<string, UserSums>>();
  const within = withinSpans(spans);
  const sums = sumsOf(dataSource, spans);
  const reads = metrics.map(async (metric) => {
    const rows: Omit<TotalsRow, 'metric'>[] = await dataSource.query(
      `SELECT user_id, ${sums.sql} FROM user_rollups WHERE metric = ? AND ${within.sql}${onlyUsers(userIds)} ` +
        'GROUP BY user_id ORDER BY NULL',
      [...sums.parameters, metric, ...within.parameters, ...(userIds ?? [])]
    );
    return rows.map((row) => ({ ...row, metric }));
  });
  addTotals(totals, (await Promise.all(reads)).flat());
  return totals;
}

interface TotalsRow {
  user_id: number;
  metric: string;
  n: number | string;
  tokens: number | string;
  cost_nanos: string;
}

/** A user's count, tokens and cost over signed spans (see signedCover), as selected columns. */
function sumsOf(dataSource: DataSource, spans: SignedSpan[]): { sql: string; parameters: (string | number)[] } {
  const value = signed(spans);
  return {
    sql: `SUM(${value.of('n')}) AS n, SUM(${value.of('tokens')}) AS tokens, ${dialectOf(dataSource).exactSum('cost_nanos', value.of('cost_nanos'))}`,
    parameters: [...value.parameters, ...value.parameters, ...value.parameters],
  };
}

function addTotals(totals: Map<number, Map<string, UserSums>>, rows: TotalsRow[]): void {
  for (const row of rows) {
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
}

const onlyUsers = (userIds?: number[]) => (userIds ? ` AND user_id IN (${placeholders(userIds)})` : '');
