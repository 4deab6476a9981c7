import { EntityManager, ObjectLiteral } from 'typeorm';
import { Dialect, upsertSql } from '../db/dialect';
import { RecordChange } from '../ingest/unit-of-work';
import { bucketStart, RESOLUTIONS, toMinute } from './buckets';
import { binOf } from './histogram';
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

/** What a transaction adds to one bin of a duration histogram; the key ends with the bin. */
interface BinDelta {
  key: Key;
  n: number;
}

type Contribution = NonNullable<ReturnType<MetricSpec['contribution']>>;

/**
 * Sums what a transaction's record changes add to (and take from) every rollup row they touch:
 * each change removes the record's old contribution and adds its new one, so lifecycle updates
 * move a record between statuses and buckets, and replays (no change) add nothing.
 */
export class RollupDeltas {
  private readonly rollups = new Map<string, RunningSums>();
  private readonly bins = new Map<string, BinDelta>();

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

  binRows(): BinDelta[] {
    return changed(this.bins, (delta) => delta.n !== 0);
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
    const binId = `${bucketId}\u0000${bin}`;
    const delta = this.bins.get(binId);
    if (delta) delta.n += sign;
    else this.bins.set(binId, { key: [metric, dim, res, bucket, dimKey, bin], n: sign });
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

/** Applies the deltas: rollup sums and histogram bins alike are added in place by multi-row upserts. */
export async function writeRollups(manager: EntityManager, dialect: Dialect, deltas: RollupDeltas): Promise<void> {
  for (const chunk of chunks(deltas.rollupRows())) {
    await manager.query(upsertSql(dialect, 'rollups', [...BUCKET_KEY, 'status'], SUM_COLUMNS, chunk.length, 'add'), chunk.flatMap((row) => [...row.key, ...row.sums.map(String)]));
  }
  for (const chunk of chunks(deltas.binRows())) {
    await manager.query(upsertSql(dialect, 'rollup_bins', [...BUCKET_KEY, 'bin'], ['n'], chunk.length, 'add'), chunk.flatMap((row) => [...row.key, row.n]));
  }
}
