import { EntityManager, ObjectLiteral } from 'typeorm';
import { Dialect, upsertSql } from '../db/dialect';
import { RecordChange } from '../ingest/unit-of-work';
import { bucketStart, RESOLUTIONS, toMinute } from './buckets';
import { binOf } from './histogram';
import { decodeBins, encodeBins, SparseBins } from './histogram-codec';
import { METRICS_BY_ENTITY, MetricSpec } from './metrics';
import type { RollupSums } from './rollup.reader';

const BUCKET_KEY = ['metric', 'dim', 'res', 'bucket', 'dim_key'];
const SUM_COLUMNS = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos'];
const ROWS_PER_STATEMENT = 500;

type Key = (string | number)[];

interface RollupDelta {
  key: Key;
  sums: bigint[];
}

/**
 * A rollup row's sums while they are added up: numbers, exact while below 2^53 (checked), as
 * the sums of one transaction's or one chunk's records are; cost in nanodollars as a bigint.
 */
type RunningSums = Pick<RollupSums, 'n' | 'durN' | 'durSum' | 'inTok' | 'outTok' | 'costNanos'> & { key: Key };

interface HistogramDelta {
  key: Key;
  bins: SparseBins;
}

type Contribution = NonNullable<ReturnType<MetricSpec['contribution']>>;

/**
 * Sums what a transaction's record changes add to (and take from) every rollup row they touch:
 * each change removes the record's old contribution and adds its new one, so lifecycle updates
 * move a record between statuses and buckets, and replays (no change) add nothing.
 */
export class RollupDeltas {
  private readonly rollups = new Map<string, RunningSums>();
  private readonly histograms = new Map<string, HistogramDelta>();

  /** @param minuteFloor the first minute that still has minute rollups (older ones are pruned). */
  constructor(private readonly minuteFloor = -Infinity) {}

  addChange(change: RecordChange): void {
    for (const spec of METRICS_BY_ENTITY.get(change.entity) ?? []) {
      if (change.before) this.addRecord(spec, change.before, -1);
      this.addRecord(spec, change.after, 1);
    }
  }

  /** Rows whose totals change, in key order (the same lock order in every transaction). */
  rollupRows(): RollupDelta[] {
    return changed(this.rollups, (row) => row.n !== 0 || row.durN !== 0 || row.durSum !== 0 || row.inTok !== 0 || row.outTok !== 0 || row.costNanos !== 0n).map(
      (row) => {
        const sums = [row.n, row.durN, row.durSum, row.inTok, row.outTok];
        if (!sums.every(Number.isSafeInteger)) throw new Error(`rollup sums of ${row.key.join('/')} are too large to add up exactly: sum fewer records at a time`);
        return { key: row.key, sums: [...sums.map(BigInt), row.costNanos] };
      },
    );
  }

  histogramRows(): HistogramDelta[] {
    return changed(this.histograms, (delta) => [...delta.bins.values()].some((n) => n !== 0));
  }

  private addRecord(spec: MetricSpec, record: ObjectLiteral, sign: 1 | -1): void {
    const contribution = spec.contribution(record as never);
    if (!contribution) return;
    const minute = toMinute(contribution.minute);
    const bin = contribution.durationMs === null ? null : binOf(contribution.durationMs);
    const costNanos = sign === 1 ? contribution.costNanos : -contribution.costNanos;
    for (const res of RESOLUTIONS) {
      if (res === 'minute' && minute < this.minuteFloor) continue;
      const bucket = bucketStart(res, minute);
      this.add(spec.metric, 'all', res, bucket, '', contribution, sign, bin, costNanos);
      for (const dim of spec.dimensions) {
        const key = contribution.keys[dim];
        if (key !== undefined) this.add(spec.metric, dim, res, bucket, key, contribution, sign, bin, costNanos);
      }
    }
  }

  private add(metric: string, dim: string, res: string, bucket: number, dimKey: string, contribution: Contribution, sign: 1 | -1, bin: number | null, costNanos: bigint): void {
    const bucketId = `${metric}\u0000${dim}\u0000${res}\u0000${bucket}\u0000${dimKey}`;
    const id = `${bucketId}\u0000${contribution.status}`;
    let sums = this.rollups.get(id);
    if (!sums) this.rollups.set(id, (sums = { key: [metric, dim, res, bucket, dimKey, contribution.status], n: 0, durN: 0, durSum: 0, inTok: 0, outTok: 0, costNanos: 0n }));
    sums.n += sign;
    sums.inTok += sign * contribution.inputTokens;
    sums.outTok += sign * contribution.outputTokens;
    if (costNanos !== 0n) sums.costNanos += costNanos;
    if (bin === null) return;
    sums.durN += sign;
    sums.durSum += sign * contribution.durationMs!;
    let histogram = this.histograms.get(bucketId);
    if (!histogram) this.histograms.set(bucketId, (histogram = { key: [metric, dim, res, bucket, dimKey], bins: new Map() }));
    histogram.bins.set(bin, (histogram.bins.get(bin) ?? 0) + sign);
  }
}

function changed<T>(deltas: Map<string, T>, isChange: (delta: T) => boolean): T[] {
  return [...deltas.entries()]
    .filter(([, delta]) => isChange(delta))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta);
}

/**
 * Reads (and locks, on MySQL) the histogram rows with these keys. The keys are asked for by
 * metric, dimension and resolution, then (bucket, dim_key) pairs: MariaDB plans a long list of
 * five-column tuples about twice as slowly.
 */
function lockedHistograms(keys: Key[], dialect: Dialect): [string, unknown[]] {
  const groups = new Map<string, Key[]>();
  for (const key of keys) {
    const id = key.slice(0, 3).join('\u0000');
    const group = groups.get(id);
    if (group) group.push(key);
    else groups.set(id, [key]);
  }
  const where = [...groups.values()].map((group) => `(metric = ? AND dim = ? AND res = ? AND (bucket, dim_key) IN (${group.map(() => '(?, ?)').join(', ')}))`);
  const params = [...groups.values()].flatMap((group) => [...group[0].slice(0, 3), ...group.flatMap((key) => key.slice(3))]);
  return [`SELECT ${BUCKET_KEY.join(', ')}, bins FROM rollup_histograms WHERE ${where.join(' OR ')}${dialect.forUpdate}`, params];
}

function chunks<T>(rows: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) result.push(rows.slice(start, start + ROWS_PER_STATEMENT));
  return result;
}

/**
 * Applies the deltas: sums are added by multi-row upserts; histograms (JSON bins) are read,
 * locked on MySQL, merged and written back. `fresh`: none of these buckets is stored yet (a bulk
 * load into empty tables), so histograms are written without reading them back.
 */
export async function writeRollups(manager: EntityManager, dialect: Dialect, deltas: RollupDeltas, options: { fresh?: boolean } = {}): Promise<void> {
  const rollupKey = [...BUCKET_KEY, 'status'];
  for (const chunk of chunks(deltas.rollupRows())) {
    await manager.query(upsertSql(dialect, 'rollups', rollupKey, SUM_COLUMNS, chunk.length, 'add'), chunk.flatMap((row) => [...row.key, ...row.sums.map(String)]));
  }
  for (const chunk of chunks(deltas.histogramRows())) {
    const stored: Record<string, string | number>[] = options.fresh ? [] : await manager.query(...lockedHistograms(chunk.map((row) => row.key), dialect));
    const storedBins = new Map(stored.map((row) => [BUCKET_KEY.map((c) => String(row[c])).join('\u0000'), String(row.bins)]));
    const merged = chunk.map((row) => [...row.key, encodeBins(decodeBins(storedBins.get(row.key.map(String).join('\u0000')), new Map(row.bins)))]);
    await manager.query(upsertSql(dialect, 'rollup_histograms', BUCKET_KEY, ['bins'], chunk.length, 'replace'), merged.flat());
  }
}
