import { EntityManager, ObjectLiteral } from 'typeorm';
import { Dialect } from '../db/dialect';
import { RecordChange } from '../ingest/unit-of-work';
import { bucketStart, RESOLUTION_CODE, RESOLUTIONS, toMinute } from './buckets';
import { binOf } from './histogram';
import { METRICS_BY_ENTITY, MetricSpec } from './metrics';

const KEY_COLUMNS = ['metric', 'dim', 'res', 'bucket', 'dim_key', 'status'];
const SUM_COLUMNS = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos'];
const ROWS_PER_STATEMENT = 500;

type Key = (string | number)[];

interface RollupDelta {
  key: Key;
  sums: bigint[];
}

interface BinDelta {
  key: Key;
  n: number;
}

const SUM_INDEX = Object.fromEntries(SUM_COLUMNS.map((column, i) => [column, i]));

/**
 * Sums what a transaction's record changes add to (and take from) every rollup row they touch:
 * each change removes the record's old contribution and adds its new one, so lifecycle updates
 * move a record between statuses and buckets, and replays (no change) add nothing.
 */
export class RollupDeltas {
  private readonly rollups = new Map<string, RollupDelta>();
  private readonly bins = new Map<string, BinDelta>();

  /** @param minuteFloor the first minute that still has minute rollups (older ones are pruned). */
  constructor(private readonly minuteFloor = -Infinity) {}

  addChange(change: RecordChange): void {
    for (const spec of METRICS_BY_ENTITY.get(change.entity) ?? []) {
      if (change.before) this.addRecord(spec, change.before, -1);
      this.addRecord(spec, change.after, 1);
    }
  }

  /** Rows whose totals change, in primary-key order (the same lock order in every transaction). */
  rollupRows(): RollupDelta[] {
    return sortedChanges(this.rollups, (delta) => delta.sums.some((sum) => sum !== 0n));
  }

  binRows(): BinDelta[] {
    return sortedChanges(this.bins, (delta) => delta.n !== 0);
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
        const key = [spec.metric, dim, RESOLUTION_CODE[res], bucket, dimKey, contribution.status];
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
          const binKey = [...key, bin];
          const binId = binKey.join('\u0000');
          const binDelta = this.bins.get(binId);
          if (binDelta) binDelta.n += sign;
          else this.bins.set(binId, { key: binKey, n: sign });
        }
      }
    }
  }
}

function sortedChanges<T>(deltas: Map<string, T>, changed: (delta: T) => boolean): T[] {
  return [...deltas.entries()]
    .filter(([, delta]) => changed(delta))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta);
}

async function upsertAdding(manager: EntityManager, dialect: Dialect, table: string, keyColumns: string[], addColumns: string[], rows: (string | number)[][]) {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    await manager.query(dialect.insertAdding(table, keyColumns, addColumns, chunk.length), chunk.flat());
  }
}

/** Adds the deltas to the rollup tables with a few multi-row upserts. */
export async function writeRollups(manager: EntityManager, dialect: Dialect, deltas: RollupDeltas): Promise<void> {
  const rollups = deltas.rollupRows().map((row) => [...row.key, ...row.sums.map(String)]);
  await upsertAdding(manager, dialect, 'rollups', KEY_COLUMNS, SUM_COLUMNS, rollups);
  const bins = deltas.binRows().map((row) => [...row.key, row.n]);
  await upsertAdding(manager, dialect, 'rollup_bins', [...KEY_COLUMNS, 'bin'], ['n'], bins);
}
