import { EntityManager, ObjectLiteral } from 'typeorm';
import { Dialect, upsertSql } from '../db/dialect';
import { RecordChange } from '../ingest/unit-of-work';
import { bucketStart, RESOLUTIONS, toMinute } from './buckets';
import { binOf } from './histogram';
import { decodeBins, encodeBins, SparseBins } from './histogram-codec';
import { METRICS_BY_ENTITY, MetricSpec } from './metrics';

const BUCKET_KEY = ['metric', 'dim', 'res', 'bucket', 'dim_key'];
const SUM_COLUMNS = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos'];
const SUM_INDEX = Object.fromEntries(SUM_COLUMNS.map((column, i) => [column, i]));
const ROWS_PER_STATEMENT = 500;

type Key = (string | number)[];

interface RollupDelta {
  key: Key;
  sums: bigint[];
}

interface HistogramDelta {
  key: Key;
  bins: SparseBins;
}

/**
 * Sums what a transaction's record changes add to (and take from) every rollup row they touch:
 * each change removes the record's old contribution and adds its new one, so lifecycle updates
 * move a record between statuses and buckets, and replays (no change) add nothing.
 */
export class RollupDeltas {
  private readonly rollups = new Map<string, RollupDelta>();
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
    return changed(this.rollups, (delta) => delta.sums.some((sum) => sum !== 0n));
  }

  histogramRows(): HistogramDelta[] {
    return changed(this.histograms, (delta) => [...delta.bins.values()].some((n) => n !== 0));
  }

  private addRecord(spec: MetricSpec, record: ObjectLiteral, sign: 1 | -1): void {
    const contribution = spec.contribution(record as never);
    if (!contribution) return;
    const minute = toMinute(contribution.minute);
    const big = BigInt(sign);
    const bin = contribution.durationMs === null ? null : binOf(contribution.durationMs);
    const dims: [string, string][] = [['all', '']];
    for (const dim of spec.dimensions) {
      const key = contribution.keys[dim];
      if (key !== undefined) dims.push([dim, key]);
    }
    for (const res of RESOLUTIONS) {
      if (res === 'minute' && minute < this.minuteFloor) continue;
      const bucket = bucketStart(res, minute);
      for (const [dim, dimKey] of dims) {
        const bucketKey = [spec.metric, dim, res, bucket, dimKey];
        const key = [...bucketKey, contribution.status];
        const id = key.join('\u0000');
        let delta = this.rollups.get(id);
        if (!delta) this.rollups.set(id, (delta = { key, sums: SUM_COLUMNS.map(() => 0n) }));
        const sums = delta.sums;
        sums[SUM_INDEX.n] += big;
        sums[SUM_INDEX.in_tok] += big * BigInt(contribution.inputTokens);
        sums[SUM_INDEX.out_tok] += big * BigInt(contribution.outputTokens);
        sums[SUM_INDEX.cost_nanos] += big * contribution.costNanos;
        if (bin !== null) {
          sums[SUM_INDEX.dur_n] += big;
          sums[SUM_INDEX.dur_sum] += big * BigInt(contribution.durationMs!);
          const histogramId = bucketKey.join('\u0000');
          let histogram = this.histograms.get(histogramId);
          if (!histogram) this.histograms.set(histogramId, (histogram = { key: bucketKey, bins: new Map() }));
          histogram.bins.set(bin, (histogram.bins.get(bin) ?? 0) + sign);
        }
      }
    }
  }
}

function changed<T>(deltas: Map<string, T>, isChange: (delta: T) => boolean): T[] {
  return [...deltas.entries()]
    .filter(([, delta]) => isChange(delta))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta);
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
    const stored: Record<string, string | number>[] = options.fresh
      ? []
      : await manager.query(
          `SELECT ${BUCKET_KEY.join(', ')}, bins FROM rollup_histograms WHERE (${BUCKET_KEY.join(', ')}) IN (${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')})${dialect.forUpdate}`,
          chunk.flatMap((row) => row.key),
        );
    const storedBins = new Map(stored.map((row) => [BUCKET_KEY.map((c) => String(row[c])).join('\u0000'), String(row.bins)]));
    const merged = chunk.map((row) => [...row.key, encodeBins(decodeBins(storedBins.get(row.key.map(String).join('\u0000')), new Map(row.bins)))]);
    await manager.query(upsertSql(dialect, 'rollup_histograms', BUCKET_KEY, ['bins'], chunk.length, 'replace'), merged.flat());
  }
}
