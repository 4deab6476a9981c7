import { nanosToDecimal } from '../common/decimal';
import { BIN_ID_COUNT, quantiles, SparseBins } from '../rollups/histogram';
import { MetricSpec } from '../rollups/catalogue';
import { HistogramSums } from '../rollups/rollup.reader';
import { addSums, RollupSums } from '../rollups/sums';
import { StatsMeasure, StatsSummary } from './stats.types';

/** Rollup sums added up over statuses, keys or slots: what a summary is computed from. */
export class Totals {
  n = 0;
  durN = 0;
  durSum = 0;
  inTok = 0;
  outTok = 0;
  costNanos = 0n;
  unpriced = 0;
  durMin: number | null = null;
  durMax: number | null = null;
  bins: number[] | null = null;
  readonly byStatus = new Map<string, number>();

  add(sums: RollupSums): this {
    addSums(this, sums);
    if (sums.status) this.byStatus.set(sums.status, (this.byStatus.get(sums.status) ?? 0) + sums.n);
    return this;
  }

  /** Marks the totals as having a histogram (an empty one, if nothing was measured). */
  withHistogram(): this {
    this.bins ??= new Array<number>(BIN_ID_COUNT).fill(0);
    return this;
  }

  addBins(bins: SparseBins): this {
    const dense = this.withHistogram().bins!;
    for (const [bin, count] of bins) dense[bin] += count;
    return this;
  }

  count(statuses: readonly string[]): number {
    return statuses.reduce((sum, status) => sum + (this.byStatus.get(status) ?? 0), 0);
  }
}

/**
 * Groups sums (and histograms, when read) by a property and totals each group, in first-seen
 * order. A group key that histograms cannot have (a status) gets none.
 */
export function totalsBy<K>(
  read: { sums: RollupSums[]; histograms: HistogramSums[] },
  key: (row: { dimKey: string; slot: number; status?: string }) => K,
  withHistograms: boolean
): Map<K, Totals> {
  const groups = new Map<K, Totals>();
  const group = (k: K) => {
    let totals = groups.get(k);
    if (!totals) groups.set(k, (totals = new Totals()));
    return withHistograms ? totals.withHistogram() : totals;
  };
  for (const row of read.sums) group(key(row)).add(row);
  if (withHistograms) for (const row of read.histograms) group(key(row)).addBins(row.bins);
  return groups;
}

export function summarize(spec: MetricSpec, totals: Totals): StatsSummary {
  const success = totals.count(spec.success);
  const failure = totals.count(spec.failure);
  const finished = success + failure + totals.count(spec.otherFinished);
  // A bin's value is within 5 % (coarse: 10 %) of the durations it holds, which can put it past the
  // smallest or largest of them (one run: its p95 just below its average): the bounds keep it inside.
  // Over a range of days they may be those of the buckets around it; one duration is its own bounds.
  const [low, high] = totals.durN === 1 ? [totals.durSum, totals.durSum] : [totals.durMin, totals.durMax];
  const [p50, p95, p99] = (totals.bins ? quantiles(totals.bins, [0.5, 0.95, 0.99]) : [null, null, null]).map((value) =>
    value === null ? null : Math.min(Math.max(value, low ?? -Infinity), high ?? Infinity)
  );
  return {
    count: totals.n,
    success,
    failure,
    successRate: finished > 0 ? success / finished : null,
    avgDurationMs: totals.durN > 0 ? totals.durSum / totals.durN : null,
    p50DurationMs: p50,
    p95DurationMs: p95,
    p99DurationMs: p99,
    inputTokens: totals.inTok,
    outputTokens: totals.outTok,
    totalTokens: totals.inTok + totals.outTok,
    costUsd: nanosToDecimal(totals.costNanos),
    unpriced: totals.unpriced,
    statuses: [...totals.byStatus.entries()]
      .filter(([, count]) => count !== 0)
      .map(([status, count]) => ({ status: status.toUpperCase(), count })),
  };
}

/** One measure of a summary; durations and rates are null where nothing was measured. */
export function measureOf(summary: StatsSummary, measure: StatsMeasure): number | null {
  return measure === StatsMeasure.COST_USD ? Number(summary.costUsd) : summary[measure];
}

export const PERCENTILE_MEASURES = [
  StatsMeasure.P50_DURATION_MS,
  StatsMeasure.P95_DURATION_MS,
  StatsMeasure.P99_DURATION_MS,
];
