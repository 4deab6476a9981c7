import { EntityManager, ObjectLiteral } from 'typeorm';
import { Dialect } from '../db/dialect';
import { RecordChange } from '../ingest/unit-of-work';
import { bucketStart, RESOLUTION_CODE, RESOLUTIONS, toMinute } from './buckets';
import { binOf, BIN_COLUMNS } from './histogram';
import { METRICS_BY_ENTITY, MetricSpec } from './metrics';

const KEY_COLUMNS = ['metric', 'dim', 'res', 'bucket', 'dim_key', 'status'];
const SUM_COLUMNS = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos'] as const;
// Placeholders per statement stay far below MySQL's 65,535 even with every histogram bin.
const ROWS_PER_STATEMENT = 200;

interface RollupDelta {
  key: (string | number)[];
  sums: Record<(typeof SUM_COLUMNS)[number], bigint>;
  bins: Map<number, number>;
}

/**
 * Sums what a transaction's record changes add to (and take from) every rollup row they touch:
 * each change removes the record's old contribution and adds its new one, so lifecycle updates
 * move a record between statuses and buckets, and replays (no change) add nothing.
 */
export class RollupDeltas {
  private readonly deltas = new Map<string, RollupDelta>();

  addChange(change: RecordChange): void {
    for (const spec of METRICS_BY_ENTITY.get(change.entity) ?? []) {
      if (change.before) this.addRecord(spec, change.before, -1);
      this.addRecord(spec, change.after, 1);
    }
  }

  /** The rows whose totals change, in primary-key order (the same lock order in every transaction). */
  rows(): RollupDelta[] {
    return [...this.deltas.entries()]
      .filter(([, delta]) => SUM_COLUMNS.some((c) => delta.sums[c] !== 0n) || [...delta.bins.values()].some((v) => v !== 0))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, delta]) => delta);
  }

  private addRecord(spec: MetricSpec, record: ObjectLiteral, sign: 1 | -1): void {
    const contribution = spec.contribution(record as never);
    if (!contribution) return;
    const minute = toMinute(contribution.minute);
    const big = BigInt(sign);
    const hasDuration = contribution.durationMs !== null;
    const dims: [string, string][] = [['all', '']];
    for (const dim of spec.dimensions) {
      const key = contribution.keys[dim];
      if (key !== undefined) dims.push([dim, key]);
    }
    for (const res of RESOLUTIONS) {
      const bucket = bucketStart(res, minute);
      for (const [dim, dimKey] of dims) {
        const key = [spec.metric, dim, RESOLUTION_CODE[res], bucket, dimKey, contribution.status];
        const id = key.join('\u0000');
        let delta = this.deltas.get(id);
        if (!delta) {
          delta = { key, sums: { n: 0n, dur_n: 0n, dur_sum: 0n, in_tok: 0n, out_tok: 0n, cost_nanos: 0n }, bins: new Map() };
          this.deltas.set(id, delta);
        }
        delta.sums.n += big;
        delta.sums.in_tok += big * BigInt(contribution.inputTokens);
        delta.sums.out_tok += big * BigInt(contribution.outputTokens);
        delta.sums.cost_nanos += big * contribution.costNanos;
        if (hasDuration) {
          delta.sums.dur_n += big;
          delta.sums.dur_sum += big * BigInt(contribution.durationMs!);
          const bin = binOf(contribution.durationMs!);
          delta.bins.set(bin, (delta.bins.get(bin) ?? 0) + sign);
        }
      }
    }
  }
}

/** Adds the deltas to the rollups table with a few multi-row upserts. */
export async function writeRollups(manager: EntityManager, dialect: Dialect, rows: RollupDelta[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    // Only the bins this chunk touches: a statement with all 200 bins would be mostly zeros.
    const bins = [...new Set(chunk.flatMap((row) => [...row.bins.keys()]))].sort((a, b) => a - b);
    const addColumns = [...SUM_COLUMNS, ...bins.map((bin) => BIN_COLUMNS[bin])];
    const parameters: (string | number)[] = [];
    for (const row of chunk) {
      parameters.push(...row.key, ...SUM_COLUMNS.map((c) => row.sums[c].toString()), ...bins.map((bin) => row.bins.get(bin) ?? 0));
    }
    await manager.query(dialect.insertAdding('rollups', KEY_COLUMNS, addColumns, chunk.length), parameters);
  }
}
