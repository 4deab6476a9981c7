import { DataSource } from 'typeorm';
import { BucketSpan } from './buckets';
import { SparseBins } from './histogram';
import { KeyDimension, StatsMetric } from './metrics';

/** Sums of rollup rows for one group: a dimension key and status (and a series slot). */
export interface RollupSums {
  dimKey: string;
  status: string;
  /** Start minute of the series slot, when grouped by slot (else 0). */
  slot: number;
  n: number;
  durN: number;
  durSum: number;
  inTok: number;
  outTok: number;
  costNanos: bigint;
  /**
   * The smallest and largest duration added (null: none). Removing a record does not narrow
   * them, so they bound every duration counted, exactly unless a finished record's duration
   * later changed (rebuild-rollups makes them exact again).
   */
  durMin: number | null;
  durMax: number | null;
}

/** The summed columns of a rollup row, and its duration bounds. */
export type Sums = Pick<RollupSums, 'n' | 'durN' | 'durSum' | 'inTok' | 'outTok' | 'costNanos' | 'durMin' | 'durMax'>;

const bound = (pick: (a: number, b: number) => number, a: number | null, b: number | null) => (a === null ? b : b === null ? a : pick(a, b));

/** Adds one row's sums to another's, column by column; bounds widen. */
export function addSums(into: Sums, sums: Sums): void {
  into.n += sums.n;
  into.durN += sums.durN;
  into.durSum += sums.durSum;
  into.inTok += sums.inTok;
  into.outTok += sums.outTok;
  into.costNanos += sums.costNanos;
  into.durMin = bound(Math.min, into.durMin, sums.durMin);
  into.durMax = bound(Math.max, into.durMax, sums.durMax);
}

/** The duration histogram of one dimension key (and series slot), all statuses together. */
export interface HistogramSums {
  dimKey: string;
  slot: number;
  bins: SparseBins;
}

export interface RollupQuery {
  metric: StatsMetric;
  dim: KeyDimension | 'all';
  /** Only these dimension keys (ids or names as stored). */
  keys?: string[];
  /** Only these statuses (as stored, lower case); histograms have no status. */
  statuses?: string[];
  /** The buckets to read; 'allTime' reads every month. */
  spans: BucketSpan[] | 'allTime';
  /** Group into series slots of this many minutes (else one group per key). */
  slotMinutes?: number;
  /** Also read the duration histograms (only percentiles need them). */
  histogram: boolean;
}

function where(query: RollupQuery, withStatus: boolean): { sql: string; parameters: (string | number)[] } | null {
  const clauses = ['metric = ?', 'dim = ?'];
  const parameters: (string | number)[] = [query.metric, query.dim];
  if (query.keys) {
    if (query.keys.length === 0) return null;
    clauses.push(`dim_key IN (${query.keys.map(() => '?').join(', ')})`);
    parameters.push(...query.keys);
  }
  if (withStatus && query.statuses) {
    if (query.statuses.length === 0) return null;
    clauses.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
    parameters.push(...query.statuses);
  }
  if (query.spans === 'allTime') {
    clauses.push("res = 'month'");
  } else {
    if (query.spans.length === 0) return null;
    clauses.push(`(${query.spans.map(() => '(res = ? AND bucket >= ? AND bucket < ?)').join(' OR ')})`);
    for (const span of query.spans) parameters.push(span.res, span.from, span.to);
  }
  return { sql: clauses.join(' AND '), parameters };
}

async function readSums(dataSource: DataSource, query: RollupQuery, slot: string): Promise<RollupSums[]> {
  const filter = where(query, true);
  if (!filter) return [];
  // better-sqlite3 hands integers over as JS numbers, inexact past 2^53: a cost total leaves as text.
  const costAsText = dataSource.options.type === 'better-sqlite3';
  const sum = (c: string) => (c === 'cost_nanos' && costAsText ? `CAST(SUM(${c}) AS TEXT) AS ${c}` : `SUM(${c}) AS ${c}`);
  const columns = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos'].map(sum).join(', ');
  // HAVING: a lifecycle move leaves its old status (or bucket) at zero, which is no record.
  // ORDER BY NULL: MariaDB would otherwise sort the groups, which nothing here needs.
  const rows: Record<string, string | number | null>[] = await dataSource.query(
    `SELECT dim_key, status, ${slot} AS slot, ${columns}, MIN(dur_min) AS dur_min, MAX(dur_max) AS dur_max FROM rollups WHERE ${filter.sql} ` +
      `GROUP BY dim_key, status${query.slotMinutes ? `, ${slot}` : ''} HAVING SUM(n) <> 0 ORDER BY NULL`,
    filter.parameters,
  );
  return rows.map((row) => ({
    dimKey: String(row.dim_key),
    status: String(row.status),
    slot: Number(row.slot),
    n: Number(row.n),
    durN: Number(row.dur_n),
    durSum: Number(row.dur_sum),
    inTok: Number(row.in_tok),
    outTok: Number(row.out_tok),
    // SUM of BIGINT is an exact DECIMAL string on MySQL, and cast to text on SQLite.
    costNanos: BigInt(row.cost_nanos ?? 0),
    durMin: row.dur_min === null ? null : Number(row.dur_min),
    durMax: row.dur_max === null ? null : Number(row.dur_max),
  }));
}

async function readHistograms(dataSource: DataSource, query: RollupQuery, slot: string): Promise<HistogramSums[]> {
  const filter = where(query, false);
  if (!filter) return [];
  const rows: { dim_key: string; slot: number | string; bin: number; n: number | string }[] = await dataSource.query(
    `SELECT dim_key, ${slot} AS slot, bin, SUM(n) AS n FROM rollup_bins WHERE ${filter.sql} GROUP BY dim_key, bin${query.slotMinutes ? `, ${slot}` : ''} HAVING SUM(n) <> 0 ORDER BY NULL`,
    filter.parameters,
  );
  const groups = new Map<string, HistogramSums>();
  for (const row of rows) {
    const id = `${row.dim_key}\u0000${Number(row.slot)}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { dimKey: String(row.dim_key), slot: Number(row.slot), bins: new Map() }));
    group.bins.set(Number(row.bin), Number(row.n));
  }
  return [...groups.values()];
}

/**
 * Reads rollups with one statement (two with histograms) whose cost is the number of buckets
 * times the number of keys, whatever the number of events behind them.
 */
export async function readRollups(dataSource: DataSource, query: RollupQuery): Promise<{ sums: RollupSums[]; histograms: HistogramSums[] }> {
  const slot = query.slotMinutes ? `bucket - (bucket % ${Math.trunc(query.slotMinutes)})` : '0';
  const [sums, histograms] = await Promise.all([
    readSums(dataSource, query, slot),
    query.histogram ? readHistograms(dataSource, query, slot) : Promise.resolve([]),
  ]);
  return { sums, histograms };
}
