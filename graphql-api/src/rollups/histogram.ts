/**
 * Duration histogram with logarithmic bins (the DDSketch mapping): any quantile read from it is
 * within RELATIVE_ACCURACY of the exact value. Bins are fixed, so histograms add up bin by bin in
 * SQL, across time buckets and entities.
 */
export const RELATIVE_ACCURACY = 0.05;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);

/** Bin 0 holds 0 ms; bin i >= 1 holds (GAMMA^(i-2), GAMMA^(i-1)]; the last bin takes all above (about 4.6 days). */
export const BIN_COUNT = 200;

/** A histogram's non-empty bins: bin → count. */
export type SparseBins = Map<number, number>;

export function binOf(durationMs: number): number {
  if (durationMs <= 0) return 0;
  return Math.min(BIN_COUNT - 1, 1 + Math.max(0, Math.ceil(Math.log(durationMs) / LOG_GAMMA)));
}

/** The value that stands for a bin: within RELATIVE_ACCURACY of every value the bin holds. */
export function binValue(bin: number): number {
  if (bin === 0) return 0;
  return (2 * GAMMA ** (bin - 1)) / (GAMMA + 1);
}

/** The durations a bin holds: (lower, upper], bin 0 exactly 0; the last bin has no upper bound (null). */
export function binBounds(bin: number): { lowerMs: number; upperMs: number | null } {
  if (bin === 0) return { lowerMs: 0, upperMs: 0 };
  return { lowerMs: bin === 1 ? 0 : GAMMA ** (bin - 2), upperMs: bin >= BIN_COUNT - 1 ? null : GAMMA ** (bin - 1) };
}

/**
 * The q-quantile (0 < q <= 1) by nearest rank: the value at position ceil(q * n) of the sorted
 * durations. Null for an empty histogram.
 */
export function quantile(bins: ArrayLike<number>, q: number): number | null {
  let total = 0;
  for (let i = 0; i < bins.length; i++) total += bins[i];
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    seen += bins[i];
    if (seen >= rank) return binValue(i);
  }
  return binValue(bins.length - 1);
}
