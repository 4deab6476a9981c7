import { DataSource } from 'typeorm';
import { placeholders } from '../db/dialect';
import { BucketSpan, bucketsIn, bucketStart, DAY_MINUTES, Resolution } from './buckets';
import { StatsMetric } from './catalogue';

/**
 * Buckets that hold the minutes [from, to): an hour or two, up to eight days (a week, read on to
 * the end of today), else the months it touches. A user's count or cost in them bounds theirs in
 * the range from above; the looser the bound, the further down each bucket's highest entries a
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

/** What users are ranked by: their count or their cost of a metric (columns of user_rollups). */
export type RankedColumn = 'n' | 'cost_nanos';

/** One bucket of per-user rows: a list of entries, each a user's count or cost there. */
interface RankedList {
  res: Resolution;
  bucket: number;
}

/** A user's count or cost of a metric in one bucket. */
interface RankedEntry {
  userId: number;
  value: bigint;
}

/**
 * The `depth` highest entries of each list (of `userIds` only, when given; in no order), read
 * backwards through the index that orders a bucket's entries by the column: `depth` entries per
 * list and no row looked up, however many users the bucket holds. Each call reads from the top
 * again, so a value that grew between two calls is not passed over.
 */
async function readHighest(
  dataSource: DataSource,
  metric: StatsMetric,
  column: RankedColumn,
  lists: RankedList[],
  depth: number,
  userIds?: number[]
): Promise<RankedEntry[][]> {
  if (lists.length === 0) return [];
  const only = userIds ? ` AND user_id IN (${placeholders(userIds)})` : '';
  // Each list's LIMIT inside a derived table of its own: a UNION's members take none of their own.
  const rows: { list: number | string; user_id: number | string; value: number | string }[] = await dataSource.query(
    lists
      .map(
        (_, i) =>
          `SELECT * FROM (SELECT ${i} AS list, user_id, ${column} AS value FROM user_rollups ` +
          `WHERE res = ? AND metric = ? AND bucket = ?${only} ` +
          `ORDER BY ${column} DESC, user_id DESC LIMIT ${Math.trunc(depth)}) AS list${i}`
      )
      .join(' UNION ALL '),
    lists.flatMap((list) => [list.res, metric, list.bucket, ...(userIds ?? [])])
  );
  const entries: RankedEntry[][] = lists.map(() => []);
  for (const row of rows) entries[Number(row.list)].push({ userId: Number(row.user_id), value: BigInt(row.value) });
  return entries;
}

/** The ids of the `count` highest positive values, highest first; ties by id. */
export function highestFirst(values: Map<number, bigint>, count: number): number[] {
  return [...values.entries()]
    .filter(([, value]) => value > 0n)
    .sort(([a, x], [b, y]) => (y > x ? 1 : y < x ? -1 : a - b))
    .slice(0, count)
    .map(([id]) => id);
}

const lowest = (list: RankedEntry[]) =>
  list.reduce((least, entry) => (entry.value < least ? entry.value : least), list[0].value);

/** What a ranking ranks: users by their count or cost of a metric in the buckets `bound` encloses. */
export interface UserRanking {
  metric: StatsMetric;
  column: RankedColumn;
  /** The buckets that enclose the range (see enclosing). */
  bound: BucketSpan[];
  /** How many users are wanted: every user who may be among them is read. */
  count: number;
  /** Only these users, when given. */
  only?: number[];
  /** The current minute: buckets from then on hold nothing yet. */
  now: number;
}

/**
 * The users who may be among the `count` highest in a range, by a threshold algorithm over the
 * buckets that enclose it: each bucket's entries are read highest first, deeper each round (twice
 * `count`, then twice as many), and every user met there has their exact value in the range read
 * by `exact` (given the ids met, each once; it answers with the values of those and of any other
 * users it read). A user not met yet has at most the last value read in each bucket, summed over
 * the buckets (a user's value in the range is never more than in the buckets that hold it, and no
 * count or cost is negative), so once the `count`th exact value is above that sum, no one else can
 * rank, nor tie. Counts and costs are skewed, so a few dozen entries per bucket suffice, however many
 * users the buckets hold. Answers every exact value read: of all users not in it, none is as high as
 * its `count`th.
 */
export async function rankUsers(
  dataSource: DataSource,
  { metric, column, bound, count, only, now }: UserRanking,
  exact: (ids: number[]) => Promise<Map<number, bigint>>
): Promise<Map<number, bigint>> {
  const lists = bound.flatMap((span) =>
    bucketsIn(span)
      .filter((bucket) => bucket < now)
      .map((bucket) => ({ res: span.res, bucket }))
  );
  const values = new Map<number, bigint>();
  for (let depth = 2 * count; ; depth *= 2) {
    const entries = await readHighest(dataSource, metric, column, lists, depth, only);
    const met = [...new Set(entries.flat().map((entry) => entry.userId))].filter((id) => !values.has(id));
    for (const [id, value] of await exact(met)) values.set(id, value);
    // A bucket read to its end holds no one not met.
    const threshold = entries.reduce((sum, list) => (list.length < depth ? sum : sum + lowest(list)), 0n);
    const top = highestFirst(values, count);
    if (threshold === 0n || (top.length === count && values.get(top[count - 1])! > threshold)) return values;
  }
}
