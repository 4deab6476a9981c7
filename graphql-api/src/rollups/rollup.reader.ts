import { DataSource } from 'typeorm';
import { dialectOf, placeholders } from '../db/dialect';
import { BucketSpan, DAY_MINUTES, SignedSpan } from './buckets';
import { binWidthAt, COARSE_BIN_COLUMNS, coarseBinAt, SparseBins } from './histogram';
import { KeyDimension, StatsMetric } from './catalogue';
import { RollupSums } from './sums';

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
  /**
   * The same minutes in buckets some of which are subtracted, read instead where everything read
   * adds up: by the histograms of a range of a day or longer, and by the sums of a query without
   * series slots (with histograms, of a range of a day or longer: see readSums).
   */
  signedSpans?: SignedSpan[];
  /** Group into series slots of this many minutes (else one group per key). */
  slotMinutes?: number;
  /** Also read the duration histograms (only percentiles need them). */
  histogram: boolean;
  /**
   * Sum only these columns (default: all); the others read 0. Each sum costs the database per row;
   * none (`[]`) reads no sums, only the histograms.
   */
  columns?: SummedColumn[];
  /**
   * One group per key (and slot) with its statuses together (status ''): for figures that show no
   * status, such as ranking thousands of keys by a count, or a series of one count.
   */
  statusesTogether?: boolean;
}

/** The summed columns of a rollup row. */
export type SummedColumn = 'n' | 'dur_n' | 'dur_sum' | 'in_tok' | 'out_tok' | 'cost_nanos' | 'unpriced';
const SUMMED: SummedColumn[] = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos', 'unpriced'];

const spanCondition = '(res = ? AND bucket >= ? AND bucket < ?)';

/** The rows of any of the spans: a condition and its parameters. */
export function withinSpans(spans: BucketSpan[]): { sql: string; parameters: (string | number)[] } {
  return {
    sql: `(${spans.map(() => spanCondition).join(' OR ')})`,
    parameters: spans.flatMap((span) => [span.res, span.from, span.to]),
  };
}

function where(
  query: RollupQuery,
  withStatus: boolean,
  spans: SignedSpan[] | 'allTime' = query.spans
): { sql: string; parameters: (string | number)[] } | null {
  const clauses = ['metric = ?', 'dim = ?'];
  const parameters: (string | number)[] = [query.metric, query.dim];
  if (query.keys) {
    if (query.keys.length === 0) return null;
    clauses.push(`dim_key IN (${placeholders(query.keys)})`);
    parameters.push(...query.keys);
  }
  if (withStatus && query.statuses) {
    if (query.statuses.length === 0) return null;
    clauses.push(`status IN (${placeholders(query.statuses)})`);
    parameters.push(...query.statuses);
  }
  if (spans === 'allTime') {
    clauses.push("res = 'month'");
  } else {
    if (spans.length === 0) return null;
    const within = withinSpans(spans);
    clauses.push(within.sql);
    parameters.push(...within.parameters);
  }
  return { sql: clauses.join(' AND '), parameters };
}

async function readSums(dataSource: DataSource, query: RollupQuery, slot: string): Promise<RollupSums[]> {
  if (query.columns?.length === 0) return [];
  // Sums grouped by series slot read the plain cover, as do those that come with percentiles whose
  // histograms read it (see histogramSpans), for their duration bounds.
  const signedSpans =
    query.slotMinutes || (query.histogram && !readsSignedHistograms(query)) ? undefined : query.signedSpans;
  const filter = where(query, true, signedSpans);
  if (!filter) return [];
  const value = signed(signedSpans ?? []);
  // The key-first index holds hour rows' counts (hour_n, the count in hour rows only): a read of
  // hours alone, such as one key's series over days, takes its counts from there.
  const spans = signedSpans ?? query.spans;
  const hoursOnly = spans !== 'allTime' && spans.every((span) => span.res === 'hour');
  const storedIn = (c: SummedColumn) => (c === 'n' && hoursOnly ? 'hour_n' : c);
  // Cost totals pass 2^53 nanodollars first.
  const sum = (c: SummedColumn) =>
    c === 'cost_nanos' ? dialectOf(dataSource).exactSum(c, value.of(c)) : `SUM(${value.of(storedIn(c))}) AS ${c}`;
  const columns = query.columns ?? SUMMED;
  // Always n: groups whose count sums to zero are dropped below.
  const summed: SummedColumn[] = columns.includes('n') ? columns : ['n', ...columns];
  const status = query.statusesTogether ? "'' AS status" : 'status';
  // The duration bounds only clamp percentiles, read with histograms. They do not subtract: over a
  // signed cover they are those of the buckets added, which hold the range and some time around it.
  const bounds = query.histogram
    ? `MIN(${value.added('dur_min')}) AS dur_min, MAX(${value.added('dur_max')}) AS dur_max`
    : 'NULL AS dur_min, NULL AS dur_max';
  const boundParameters = query.histogram ? [...value.parameters, ...value.parameters] : [];
  // ORDER BY NULL: MariaDB would otherwise sort the groups, which nothing here needs.
  const rows: Record<string, string | number | null>[] = await dataSource.query(
    `SELECT dim_key, ${status}, ${slot} AS slot, ${summed.map(sum).join(', ')}, ${bounds} FROM rollups WHERE ${filter.sql} ` +
      `GROUP BY dim_key${query.statusesTogether ? '' : ', status'}${query.slotMinutes ? `, ${slot}` : ''} ORDER BY NULL`,
    [...summed.flatMap(() => value.parameters), ...boundParameters, ...filter.parameters]
  );
  // A lifecycle move leaves its old status (or bucket) at zero, which is no record. Dropped here,
  // not by HAVING, which would sum every row's signed count once more (the Planner's top users over
  // 30 days at 10M: 5.4 ms with it, 4.7 without).
  return rows
    .filter((row) => Number(row.n) !== 0)
    .map((row) => ({
      dimKey: String(row.dim_key),
      status: String(row.status),
      slot: Number(row.slot),
      n: Number(row.n),
      durN: Number(row.dur_n ?? 0),
      durSum: Number(row.dur_sum ?? 0),
      inTok: Number(row.in_tok ?? 0),
      outTok: Number(row.out_tok ?? 0),
      // SUM of BIGINT is an exact DECIMAL string on MySQL, and cast to text on SQLite.
      costNanos: BigInt(row.cost_nanos ?? 0),
      unpriced: Number(row.unpriced ?? 0),
      durMin: row.dur_min === null ? null : Number(row.dur_min),
      durMax: row.dur_max === null ? null : Number(row.dur_max),
    }));
}

/**
 * A column's value counted with its span's sign, for sums over signed spans: rows of a subtracted
 * span count negatively (`of`), or not at all (`added`: NULL). Each use of either takes `parameters`
 * in its place.
 */
export function signed(spans: SignedSpan[]): {
  of: (column: string) => string;
  added: (column: string) => string;
  parameters: (string | number)[];
} {
  const subtracted = spans.filter((span) => span.sign === -1);
  if (subtracted.length === 0) return { of: (column) => column, added: (column) => column, parameters: [] };
  // Spans all subtracted (hours a day row is read less of, alone in a statement of their own
  // bins): every row read is, and no row needs the condition (a tenth of such a statement's time).
  if (subtracted.length === spans.length) return { of: (column) => `-${column}`, added: () => 'NULL', parameters: [] };
  const condition = withinSpans(subtracted);
  return {
    of: (column) => `CASE WHEN ${condition.sql} THEN -${column} ELSE ${column} END`,
    added: (column) => `CASE WHEN ${condition.sql} THEN NULL ELSE ${column} END`,
    parameters: condition.parameters,
  };
}

/**
 * Where a query's histograms are read: its signed cover, except that a range shorter than a day
 * reads its plain cover, which holds no day row, so its percentiles stay within the fine bins' 5 %
 * (day and month rows keep coarse bins). A shorter range's signed cover is read when it holds
 * minutes and hours only and takes away nothing but minutes ahead of now, as the last hour's does
 * (the minutes to the next hour, then the current hour): its bins are fine and its duration bounds,
 * those of the buckets added, are the range's.
 */
function histogramSpans(query: RollupQuery): SignedSpan[] | 'allTime' {
  return readsSignedHistograms(query) ? query.signedSpans! : query.spans;
}

function readsSignedHistograms({ spans, signedSpans }: RollupQuery): boolean {
  if (spans === 'allTime' || !signedSpans) return false;
  const length = Math.max(...spans.map((span) => span.to)) - Math.min(...spans.map((span) => span.from));
  return length >= DAY_MINUTES || signedSpans.every((span) => binWidthAt(span.res) === 1 && (!span.sign || span.ahead));
}

async function readHistograms(dataSource: DataSource, query: RollupQuery, slot: string): Promise<HistogramSums[]> {
  const spans = histogramSpans(query);
  // Minutes and hours keep a row per bin; days and months a row per histogram (rollup_coarse_bins).
  const [fine, coarse]: (SignedSpan[] | 'allTime')[] =
    spans === 'allTime'
      ? [[], 'allTime']
      : [spans.filter((span) => binWidthAt(span.res) === 1), spans.filter((span) => binWidthAt(span.res) === 2)];
  const groups = new Map<string, HistogramSums>();
  const add = (dimKey: string, at: number, bin: number, n: number) => {
    // Empty bins are left out here, not by HAVING, which would sum every row's signed count twice.
    if (n === 0) return;
    const id = `${dimKey}\u0000${at}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { dimKey, slot: at, bins: new Map() }));
    const count = (group.bins.get(bin) ?? 0) + n;
    if (count === 0) group.bins.delete(bin);
    else group.bins.set(bin, count);
  };
  const slots = query.slotMinutes ? `, ${slot}` : '';
  const [binRows, histogramRows] = await Promise.all([
    queryWithin(dataSource, query, fine, (filter, n) => [
      `SELECT dim_key, ${slot} AS slot, bin, SUM(${n.of('n')}) AS n FROM rollup_bins WHERE ${filter} GROUP BY dim_key, bin${slots} ORDER BY NULL`,
      n.parameters,
    ]),
    // Summed by sign, which is applied here: one condition per row, not one per column. As doubles
    // (exact below 2^53): MariaDB sums BIGINT as DECIMAL, two to three times slower over 101 columns.
    queryWithin(dataSource, query, coarse, (filter, n) => [
      `SELECT dim_key, ${slot} AS slot, ${n.of('1')} AS span_sign, ${COARSE_BIN_COLUMNS.map((c) => `SUM(${c} * 1e0) AS ${c}`).join(', ')} ` +
        `FROM rollup_coarse_bins WHERE ${filter} GROUP BY dim_key, span_sign${slots} ORDER BY NULL`,
      n.parameters,
    ]),
  ]);
  for (const row of binRows) add(String(row.dim_key), Number(row.slot), Number(row.bin), Number(row.n));
  for (const row of histogramRows) {
    const sign = Number(row.span_sign);
    COARSE_BIN_COLUMNS.forEach((column, position) =>
      add(String(row.dim_key), Number(row.slot), coarseBinAt(position), sign * Number(row[column]))
    );
  }
  return [...groups.values()];
}

/**
 * Runs a histogram statement over some spans (none: no statement): `statement` gets the WHERE
 * condition and the signed count of a column, and gives the SQL and the parameters that come
 * before the condition's.
 */
async function queryWithin(
  dataSource: DataSource,
  query: RollupQuery,
  spans: SignedSpan[] | 'allTime',
  statement: (filter: string, n: ReturnType<typeof signed>) => [string, (string | number)[]]
): Promise<Record<string, string | number>[]> {
  const filter = where(query, false, spans);
  if (!filter) return [];
  const [sql, parameters] = statement(filter.sql, signed(spans === 'allTime' ? [] : spans));
  return dataSource.query(sql, [...parameters, ...filter.parameters]);
}

/**
 * Reads rollups with one statement (with histograms, one more for minutes and hours and one for
 * days and months) whose cost is the number of buckets times the number of keys, whatever the
 * number of events behind them.
 */
export async function readRollups(
  dataSource: DataSource,
  query: RollupQuery
): Promise<{ sums: RollupSums[]; histograms: HistogramSums[] }> {
  const slot = query.slotMinutes ? `bucket - (bucket % ${Math.trunc(query.slotMinutes)})` : '0';
  const [sums, histograms] = await Promise.all([
    readSums(dataSource, query, slot),
    query.histogram ? readHistograms(dataSource, query, slot) : Promise.resolve([]),
  ]);
  return { sums, histograms };
}
