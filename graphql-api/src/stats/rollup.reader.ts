import { DataSource } from 'typeorm';
import { BucketSpan, RESOLUTION_CODE } from './buckets';
import { BIN_COUNT } from './histogram';
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
  bins: number[] | null;
}

export interface RollupQuery {
  metric: StatsMetric;
  dim: KeyDimension | 'all';
  /** Only these dimension keys (ids or names as stored). */
  keys?: string[];
  /** Only these statuses (as stored, lower case). */
  statuses?: string[];
  /** The buckets to read; 'total' reads the all-time row. */
  spans: BucketSpan[] | 'total';
  /** Group into series slots of this many minutes (else one group per key). */
  slotMinutes?: number;
  /** Also read the duration histograms (the costlier part, only for percentiles). */
  histogram: boolean;
}

function where(query: RollupQuery): { sql: string; parameters: (string | number)[] } | null {
  const clauses = ['metric = ?', 'dim = ?'];
  const parameters: (string | number)[] = [query.metric, query.dim];
  if (query.keys) {
    if (query.keys.length === 0) return null;
    clauses.push(`dim_key IN (${query.keys.map(() => '?').join(', ')})`);
    parameters.push(...query.keys);
  }
  if (query.statuses) {
    if (query.statuses.length === 0) return null;
    clauses.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
    parameters.push(...query.statuses);
  }
  if (query.spans === 'total') {
    clauses.push(`res = '${RESOLUTION_CODE.total}' AND bucket = 0`);
  } else {
    if (query.spans.length === 0) return null;
    clauses.push(`(${query.spans.map(() => '(res = ? AND bucket >= ? AND bucket < ?)').join(' OR ')})`);
    for (const span of query.spans) parameters.push(RESOLUTION_CODE[span.res], span.from, span.to);
  }
  return { sql: clauses.join(' AND '), parameters };
}

const groupKey = (dimKey: unknown, status: unknown, slot: unknown) => `${String(dimKey)}\u0000${String(status)}\u0000${Number(slot)}`;

/**
 * Reads rollups with one statement (two with histograms) whose cost is the number of buckets
 * times the number of keys, whatever the number of events behind them.
 */
export async function readRollups(dataSource: DataSource, query: RollupQuery): Promise<RollupSums[]> {
  const filter = where(query);
  if (!filter) return [];
  const slot = query.slotMinutes ? `bucket - (bucket % ${Math.trunc(query.slotMinutes)})` : '0';
  const groupBy = `dim_key, status${query.slotMinutes ? `, ${slot}` : ''}`;
  const sums = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos'];
  const [rows, binRows] = await Promise.all([
    dataSource.query(`SELECT dim_key, status, ${slot} AS slot, ${sums.map((c) => `SUM(${c}) AS ${c}`).join(', ')} FROM rollups WHERE ${filter.sql} GROUP BY ${groupBy}`, filter.parameters),
    query.histogram
      ? dataSource.query(`SELECT dim_key, status, ${slot} AS slot, bin, SUM(n) AS n FROM rollup_bins WHERE ${filter.sql} GROUP BY ${groupBy}, bin`, filter.parameters)
      : Promise.resolve([]),
  ]);
  const histograms = new Map<string, number[]>();
  for (const row of binRows as Record<string, string | number>[]) {
    const key = groupKey(row.dim_key, row.status, row.slot);
    let bins = histograms.get(key);
    if (!bins) histograms.set(key, (bins = new Array<number>(BIN_COUNT).fill(0)));
    bins[Number(row.bin)] += Number(row.n);
  }
  return (rows as Record<string, string | number | null>[]).map((row) => ({
    dimKey: String(row.dim_key),
    status: String(row.status),
    slot: Number(row.slot),
    n: Number(row.n),
    durN: Number(row.dur_n),
    durSum: Number(row.dur_sum),
    inTok: Number(row.in_tok),
    outTok: Number(row.out_tok),
    // SUM of BIGINT is an exact DECIMAL string on MySQL; SQLite answers an integer.
    costNanos: BigInt(row.cost_nanos ?? 0),
    bins: query.histogram ? (histograms.get(groupKey(row.dim_key, row.status, row.slot)) ?? new Array<number>(BIN_COUNT).fill(0)) : null,
  }));
}
