import { DataSource } from 'typeorm';
import { BucketSpan, RESOLUTION_CODE } from './buckets';
import { BIN_COLUMNS } from './histogram';
import { KeyDimension, StatsMetric } from './metrics';

/** Sums of rollup rows for one group (a dimension key, a status, a time slot). */
export interface RollupSums {
  dimKey: string;
  status: string;
  /** Start minute of the series slot, when grouped by slot. */
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
  /** Group into series slots of this many minutes (else one group per key and status). */
  slotMinutes?: number;
  histogram: boolean;
}

/**
 * Reads rollups: one SQL statement whose cost is the number of buckets times the number of
 * keys, whatever the number of events behind them.
 */
export async function readRollups(dataSource: DataSource, query: RollupQuery): Promise<RollupSums[]> {
  const where = ['metric = ?', 'dim = ?'];
  const parameters: (string | number)[] = [query.metric, query.dim];
  if (query.keys) {
    if (query.keys.length === 0) return [];
    where.push(`dim_key IN (${query.keys.map(() => '?').join(', ')})`);
    parameters.push(...query.keys);
  }
  if (query.statuses) {
    if (query.statuses.length === 0) return [];
    where.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
    parameters.push(...query.statuses);
  }
  if (query.spans === 'total') {
    where.push(`res = '${RESOLUTION_CODE.total}' AND bucket = 0`);
  } else {
    if (query.spans.length === 0) return [];
    where.push(`(${query.spans.map(() => '(res = ? AND bucket >= ? AND bucket < ?)').join(' OR ')})`);
    for (const span of query.spans) parameters.push(RESOLUTION_CODE[span.res], span.from, span.to);
  }
  const slot = query.slotMinutes ? `bucket - (bucket % ${Math.trunc(query.slotMinutes)})` : '0';
  const sums = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos', ...(query.histogram ? BIN_COLUMNS : [])];
  const sql =
    `SELECT dim_key, status, ${slot} AS slot, ${sums.map((c) => `SUM(${c}) AS ${c}`).join(', ')} ` +
    `FROM rollups WHERE ${where.join(' AND ')} GROUP BY dim_key, status${query.slotMinutes ? `, ${slot}` : ''}`;
  const rows: Record<string, string | number | null>[] = await dataSource.query(sql, parameters);
  return rows.map((row) => ({
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
    bins: query.histogram ? BIN_COLUMNS.map((c) => Number(row[c])) : null,
  }));
}
