import { EntityManager, ObjectLiteral } from 'typeorm';
import { chunks, Dialect, rowsPerStatement, upsertSql } from '../db/dialect';
import { RecordChange } from '../recording/unit-of-work';
import { bucketStart, Resolution, RESOLUTIONS, toMinute } from './buckets';
import { binKeptAt, binOf, binWidthAt, COARSE_BIN_COLUMNS, COARSE_BIN_COUNT, coarsePositionOf } from './histogram';
import { METRICS_BY_ENTITY, MetricSpec, StatsDimension, StatsMetric, USER_TOTAL_METRICS } from './catalogue';
import { Sums, widen } from './sums';

const BUCKET_KEY = ['metric', 'dim', 'res', 'bucket', 'dim_key'];
const SUM_COLUMNS = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos', 'unpriced'];
const BOUND_COLUMNS = { least: ['dur_min'], greatest: ['dur_max'] };
const NO_SUMS: Sums = {
  n: 0,
  durN: 0,
  durSum: 0,
  inTok: 0,
  outTok: 0,
  costNanos: 0n,
  unpriced: 0,
  durMin: null,
  durMax: null,
};

type Key = (string | number)[];

/**
 * What a transaction adds to one rollup row; the key ends with the status. The sums are numbers,
 * exact while below 2^53 (checked), as one transaction's or one chunk's are; cost is a bigint.
 */
export interface RollupDelta {
  key: Key;
  sums: Sums;
}

/** What a transaction adds to one per-user total (user_rollups); key: user id, resolution, bucket, metric. */
export interface UserTotalDelta {
  key: Key;
  n: number;
  tokens: number;
  costNanos: bigint;
}

/** What a transaction adds to one bin of a duration histogram; the key ends with the bin. */
export interface BinDelta {
  key: Key;
  n: number;
}

/** Everything added to one bucket of one dimension key: sums by status, histogram counts by bin. */
interface BucketDeltas {
  key: Key;
  statuses: Map<string, Sums>;
  bins: Map<number, number>;
}

type Contribution = NonNullable<ReturnType<MetricSpec['contribution']>>;

const isChange = (sums: Sums) =>
  sums.n !== 0 ||
  sums.durN !== 0 ||
  sums.durSum !== 0 ||
  sums.inTok !== 0 ||
  sums.outTok !== 0 ||
  sums.costNanos !== 0n ||
  sums.unpriced !== 0;

/**
 * Sums what a transaction's record changes add to (and take from) every rollup row they touch:
 * each change removes the record's old contribution and adds its new one, so lifecycle updates
 * move a record between statuses and buckets, and replays (no change) add nothing.
 */
export class RollupDeltas {
  /** By metric, resolution and bucket, then by dimension and key: the first key is made once per record and resolution. */
  private readonly buckets = new Map<string, Map<string, BucketDeltas>>();

  /** @param minuteFloor the first minute that still has minute rollups (older ones are pruned). */
  constructor(private readonly minuteFloor = -Infinity) {}

  addChange(change: RecordChange): void {
    for (const spec of METRICS_BY_ENTITY.get(change.entity) ?? []) {
      if (change.before) this.addRecord(spec, change.before, -1);
      this.addRecord(spec, change.after, 1);
    }
  }

  /**
   * Rows whose totals change, by metric, resolution and bucket, then dimension and key, then
   * status: one order for every transaction, so no two wait for each other's rows in a circle.
   */
  rollupRows(): RollupDelta[] {
    const rows: RollupDelta[] = [];
    for (const bucket of this.sorted()) {
      for (const status of [...bucket.statuses.keys()].sort()) {
        const sums = bucket.statuses.get(status)!;
        if (!isChange(sums)) continue;
        if (![sums.n, sums.durN, sums.durSum, sums.inTok, sums.outTok].every(Number.isSafeInteger)) {
          throw new Error(
            `rollup sums of ${bucket.key.join('/')}/${status} are too large to add up exactly: sum fewer records at a time`
          );
        }
        rows.push({ key: [...bucket.key, status], sums });
      }
    }
    return rows;
  }

  /** Histogram bins whose counts change, in the same order as the rows, then by bin. */
  binRows(): BinDelta[] {
    const rows: BinDelta[] = [];
    for (const bucket of this.sorted()) {
      for (const bin of [...bucket.bins.keys()].sort((a, b) => a - b)) {
        const n = bucket.bins.get(bin)!;
        if (n !== 0) rows.push({ key: [...bucket.key, bin], n });
      }
    }
    return rows;
  }

  private sorted(): BucketDeltas[] {
    return sortedValues(this.buckets).flatMap(sortedValues);
  }

  private addRecord(spec: MetricSpec, record: ObjectLiteral, sign: 1 | -1): void {
    const contribution = spec.contribution(record as never);
    if (!contribution) return;
    const minute = toMinute(contribution.minute);
    const share: Share = {
      contribution,
      sign,
      bin: contribution.durationMs === null ? null : binOf(contribution.durationMs),
      costNanos: sign === 1 ? contribution.costNanos : -contribution.costNanos,
    };
    for (const res of RESOLUTIONS) {
      if (res === 'minute' && minute < this.minuteFloor) continue;
      const bucket = bucketStart(res, minute);
      const id = `${spec.metric}\u0000${res}\u0000${bucket}`;
      let keys = this.buckets.get(id);
      if (!keys) this.buckets.set(id, (keys = new Map()));
      const at: BucketOf = { metric: spec.metric, res, bucket };
      const bin = share.bin === null ? null : binKeptAt(res, share.bin);
      add(keys, at, 'all', '', share, bin);
      for (const dim of spec.dimensions) {
        const key = contribution.keys[dim];
        if (key !== undefined) add(keys, at, dim, key, share, bin);
      }
    }
  }
}

/** The metric, resolution and bucket that a record's shares of one resolution go to. */
interface BucketOf {
  metric: string;
  res: string;
  bucket: number;
}

/** A record's contribution, added (sign 1) or taken back (-1), with its (fine) histogram bin and signed cost worked out once. */
interface Share {
  contribution: Contribution;
  sign: 1 | -1;
  bin: number | null;
  costNanos: bigint;
}

/**
 * Adds a share to the deltas of one bucket of one dimension key, among those of its metric,
 * resolution and bucket (`keys`). Called for every record, resolution and dimension of a
 * transaction: the key is made only when the bucket's key is new.
 */
function add(
  keys: Map<string, BucketDeltas>,
  { metric, res, bucket }: BucketOf,
  dim: string,
  dimKey: string,
  { contribution, sign, costNanos }: Share,
  bin: number | null
): void {
  const id = `${dim}\u0000${dimKey}`;
  let deltas = keys.get(id);
  if (!deltas)
    keys.set(id, (deltas = { key: [metric, dim, res, bucket, dimKey], statuses: new Map(), bins: new Map() }));
  let sums = deltas.statuses.get(contribution.status);
  if (!sums) deltas.statuses.set(contribution.status, (sums = { ...NO_SUMS }));
  sums.n += sign;
  sums.inTok += sign * contribution.inputTokens;
  sums.outTok += sign * contribution.outputTokens;
  if (costNanos !== 0n) sums.costNanos += costNanos;
  sums.unpriced += sign * contribution.unpriced;
  if (bin === null) return;
  sums.durN += sign;
  sums.durSum += sign * contribution.durationMs!;
  if (sign === 1) widen(sums, contribution.durationMs!);
  deltas.bins.set(bin, (deltas.bins.get(bin) ?? 0) + sign);
}

/** Whether a bin row is of a day or month, whose histograms are kept a row each, one column per coarse bin. */
const isCoarse = (row: BinDelta) => binWidthAt(row.key[2] as Resolution) === 2;

/** Bin rows of days and months as one row per bucket and key, its counts by coarse bin position; in the rows' order. */
function coarseHistogramRows(rows: BinDelta[]): { key: Key; counts: number[] }[] {
  const histograms = new Map<string, { key: Key; counts: number[] }>();
  for (const { key, n } of rows) {
    const bucketKey = key.slice(0, -1);
    const id = bucketKey.join('\u0000');
    let histogram = histograms.get(id);
    if (!histogram)
      histograms.set(id, (histogram = { key: bucketKey, counts: new Array<number>(COARSE_BIN_COUNT).fill(0) }));
    histogram.counts[coarsePositionOf(key.at(-1) as number)] += n;
  }
  return [...histograms.values()];
}

/** A map's values in the order of their keys. */
function sortedValues<V>(map: Map<string, V>): V[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
}

/**
 * The per-user totals the rows add to: their sums over statuses, for the metrics kept per user.
 * In the rows' order, which is one order for every transaction. A lifecycle move within a bucket
 * adds nothing to them, so it writes no row.
 */
export function userTotalRows(rows: RollupDelta[]): UserTotalDelta[] {
  const totals = new Map<string, UserTotalDelta>();
  for (const { key, sums } of rows) {
    const [metric, dim, res, bucket, dimKey] = key;
    if (dim !== StatsDimension.USER || !USER_TOTAL_METRICS.includes(metric as StatsMetric)) continue;
    const id = `${dimKey}\u0000${res}\u0000${bucket}\u0000${metric}`;
    let total = totals.get(id);
    if (!total)
      totals.set(id, (total = { key: [Number(dimKey), res, bucket, metric], n: 0, tokens: 0, costNanos: 0n }));
    total.n += sums.n;
    total.tokens += sums.inTok + sums.outTok;
    total.costNanos += sums.costNanos;
  }
  return [...totals.values()].filter((total) => total.n !== 0 || total.tokens !== 0 || total.costNanos !== 0n);
}

/**
 * Applies the deltas: rollup sums, histogram bins (a row per bin of minutes and hours, a row per
 * histogram of days and months) and per-user totals alike are added in place by multi-row upserts.
 */
export async function writeRollups(manager: EntityManager, dialect: Dialect, deltas: RollupDeltas): Promise<void> {
  const rollupRows = deltas.rollupRows();
  for (const chunk of chunks(rollupRows)) {
    const parameters: unknown[] = [];
    for (const { key, sums } of chunk)
      parameters.push(
        ...key,
        sums.n,
        sums.durN,
        sums.durSum,
        sums.inTok,
        sums.outTok,
        String(sums.costNanos),
        sums.unpriced,
        sums.durMin,
        sums.durMax
      );
    const upsert = {
      table: 'rollups',
      keyColumns: [...BUCKET_KEY, 'status'],
      valueColumns: SUM_COLUMNS,
      bounds: BOUND_COLUMNS,
    };
    await manager.query(upsertSql(dialect, { ...upsert, rowCount: chunk.length, mode: 'add' }), parameters);
  }
  const binRows = deltas.binRows();
  for (const chunk of chunks(binRows.filter((row) => !isCoarse(row)))) {
    const parameters: unknown[] = [];
    for (const { key, n } of chunk) parameters.push(...key, n);
    const upsert = { table: 'rollup_bins', keyColumns: [...BUCKET_KEY, 'bin'], valueColumns: ['n'] };
    await manager.query(upsertSql(dialect, { ...upsert, rowCount: chunk.length, mode: 'add' }), parameters);
  }
  // Each statement names only the bins its rows add to: a batch's histograms hold a few of the 101.
  const histograms = coarseHistogramRows(binRows.filter(isCoarse));
  for (const chunk of chunks(histograms, rowsPerStatement(BUCKET_KEY.length + COARSE_BIN_COUNT))) {
    const positions = COARSE_BIN_COLUMNS.flatMap((_, p) => (chunk.some(({ counts }) => counts[p] !== 0) ? [p] : []));
    const upsert = {
      table: 'rollup_coarse_bins',
      keyColumns: BUCKET_KEY,
      valueColumns: positions.map((p) => COARSE_BIN_COLUMNS[p]),
    };
    await manager.query(
      upsertSql(dialect, { ...upsert, rowCount: chunk.length, mode: 'add' }),
      chunk.flatMap(({ key, counts }) => [...key, ...positions.map((p) => counts[p])])
    );
  }
  for (const chunk of chunks(userTotalRows(rollupRows))) {
    const parameters: unknown[] = [];
    for (const { key, n, tokens, costNanos } of chunk) parameters.push(...key, n, tokens, String(costNanos));
    const upsert = {
      table: 'user_rollups',
      keyColumns: ['user_id', 'res', 'bucket', 'metric'],
      valueColumns: ['n', 'tokens', 'cost_nanos'],
    };
    await manager.query(upsertSql(dialect, { ...upsert, rowCount: chunk.length, mode: 'add' }), parameters);
  }
}
