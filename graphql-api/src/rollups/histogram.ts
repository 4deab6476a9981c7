/**
 * Duration histogram with logarithmic bins (the DDSketch mapping): any quantile read from it is
 * within RELATIVE_ACCURACY of the exact value. Bins are fixed, so histograms add up bin by bin in
 * SQL, across time buckets and entities.
 *
 * Day and month rows keep coarse bins, each two fine bins wide (COARSE_RELATIVE_ACCURACY): a day
 * of a busy tool fills some 37 fine bins, and long ranges read mostly day and month rows, so they
 * read about half as many bin rows. Coarse bins have ids of their own (from BIN_COUNT on), so a
 * histogram summed over hours and days holds both kinds; it is read in coarse bins.
 */
import type { Resolution } from './buckets';

export const RELATIVE_ACCURACY = 0.05;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const COARSE_GAMMA = GAMMA * GAMMA;
/** About 10 %: a coarse bin's value is within this of every duration it holds. */
export const COARSE_RELATIVE_ACCURACY = (COARSE_GAMMA - 1) / (COARSE_GAMMA + 1);

/** Bin 0 holds 0 ms; bin i >= 1 holds (GAMMA^(i-2), GAMMA^(i-1)]; the last bin takes all above (about 4.6 days). */
export const BIN_COUNT = 200;
/**
 * Fine bins 0 and 1 are also coarse bins; coarse bin BIN_COUNT + k (1 <= k < BIN_COUNT / 2) holds
 * fine bins 2k and 2k + 1, (GAMMA^(2k-2), GAMMA^(2k)]. Every bin id is below BIN_ID_COUNT.
 */
export const BIN_ID_COUNT = BIN_COUNT + BIN_COUNT / 2;

/**
 * How many coarse bins there are: fine bins 0 and 1, then BIN_COUNT + k for 1 <= k < BIN_COUNT / 2.
 * A day or month keeps its histogram in one row, one column per coarse bin (COARSE_BIN_COLUMNS,
 * by the bins' positions).
 */
export const COARSE_BIN_COUNT = BIN_COUNT / 2 + 1;

/** The columns of `rollup_coarse_bins` that hold the counts of the coarse bins, by position. */
export const COARSE_BIN_COLUMNS = Array.from({ length: COARSE_BIN_COUNT }, (_, position) => `b${position}`);

/** The coarse bin at a position (0 to COARSE_BIN_COUNT - 1): 0, 1, then BIN_COUNT + 1 and on. */
export function coarseBinAt(position: number): number {
  return position <= 1 ? position : BIN_COUNT + position - 1;
}

/** The position of a coarse bin: its column among COARSE_BIN_COLUMNS. */
export function coarsePositionOf(bin: number): number {
  return bin <= 1 ? bin : bin - BIN_COUNT + 1;
}

/** A histogram's non-empty bins: bin → count. */
export type SparseBins = Map<number, number>;

export function binOf(durationMs: number): number {
  if (durationMs <= 0) return 0;
  return Math.min(BIN_COUNT - 1, 1 + Math.max(0, Math.ceil(Math.log(durationMs) / LOG_GAMMA)));
}

/** How many fine bins wide the bins are that rows of a resolution keep: day and month rows keep coarse ones. */
export function binWidthAt(res: Resolution): 1 | 2 {
  return res === 'day' || res === 'month' ? 2 : 1;
}

/** The bin a row of this resolution keeps a fine bin in. */
export function binKeptAt(res: Resolution, bin: number): number {
  return binWidthAt(res) === 2 ? coarseBinOf(bin) : bin;
}

/** The coarse bin that holds a fine bin (itself for a coarse one). */
export function coarseBinOf(bin: number): number {
  return bin <= 1 || bin >= BIN_COUNT ? bin : BIN_COUNT + Math.floor(bin / 2);
}

function isCoarse(bin: number): boolean {
  return bin >= BIN_COUNT;
}

/** The fine bins a bin spans: itself, or the two of a coarse bin. */
export function fineBinsOf(bin: number): { first: number; last: number } {
  if (!isCoarse(bin)) return { first: bin, last: bin };
  const k = bin - BIN_COUNT;
  return { first: 2 * k, last: 2 * k + 1 };
}

/** The value that stands for a bin: within RELATIVE_ACCURACY (coarse: COARSE_RELATIVE_ACCURACY) of every value the bin holds. */
export function binValue(bin: number): number {
  if (bin === 0) return 0;
  if (isCoarse(bin)) return (2 * COARSE_GAMMA ** (bin - BIN_COUNT)) / (COARSE_GAMMA + 1);
  return (2 * GAMMA ** (bin - 1)) / (GAMMA + 1);
}

/** The durations a bin holds: (lower, upper], bin 0 exactly 0; the last bin has no upper bound (null). */
export function binBounds(bin: number): { lowerMs: number; upperMs: number | null } {
  const { first, last } = fineBinsOf(bin);
  if (first === 0) return { lowerMs: 0, upperMs: 0 };
  return {
    lowerMs: first === 1 ? 0 : GAMMA ** (first - 2),
    upperMs: last >= BIN_COUNT - 1 ? null : GAMMA ** (last - 1),
  };
}

/**
 * The q-quantiles (0 < q <= 1, ascending) by nearest rank: the value at position ceil(q * n) of the
 * sorted durations; null for an empty histogram. `bins` is indexed by bin id. One that holds any
 * coarse bin is read in coarse bins: its fine bins count in the coarse bins that hold them, which
 * also cancels the hours a range read as a day less those hours took away (negative fine counts).
 * One pass for all of them, reading `bins` in place: a summary takes three per key and series slot.
 */
export function quantiles(bins: ArrayLike<number>, qs: number[]): (number | null)[] {
  let coarse = false;
  for (let i = BIN_COUNT; i < bins.length && !coarse; i++) coarse = bins[i] !== 0;
  // In coarse bins, position p >= 2 is coarse bin BIN_COUNT + p - 1, fine bins 2p - 2 and 2p - 1.
  const positions = coarse ? COARSE_BIN_COUNT : Math.min(bins.length, BIN_COUNT);
  const countAt = (p: number) =>
    coarse && p >= 2 ? bins[2 * p - 2] + bins[2 * p - 1] + bins[coarseBinAt(p)] : bins[p];
  const valueAt = (p: number) => binValue(coarse ? coarseBinAt(p) : p);
  let total = 0;
  for (let p = 0; p < positions; p++) total += countAt(p);
  if (total <= 0) return qs.map(() => null);
  const ranks = qs.map((q) => Math.max(1, Math.ceil(q * total)));
  const values: number[] = [];
  let seen = 0;
  let last = 0;
  for (let p = 0; p < positions && values.length < qs.length; p++) {
    const count = countAt(p);
    if (count === 0) continue;
    last = p;
    seen += count;
    while (values.length < qs.length && seen >= ranks[values.length]) values.push(valueAt(p));
  }
  while (values.length < qs.length) values.push(valueAt(last));
  return values;
}
