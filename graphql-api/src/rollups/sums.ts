/** Sums of rollup rows for one group: a dimension key and status (and a series slot). */
export interface RollupSums {
  dimKey: string;
  status: string;
  /** Start minute of the series slot, when grouped by slot (else 0). */
  slot: number;
  n: number;
  durN: number;
  durSum: number;
  inTok: number;
  outTok: number;
  costNanos: bigint;
  /** Agent executions without a cost (no price known): counted, but not in costNanos. */
  unpriced: number;
  /**
   * The smallest and largest duration added (null: none). Removing a record does not narrow
   * them, so they bound every duration counted, exactly unless a finished record's duration
   * later changed (rebuild-rollups makes them exact again).
   */
  durMin: number | null;
  durMax: number | null;
}

/** The summed columns of a rollup row, and its duration bounds. */
export type Sums = Pick<
  RollupSums,
  'n' | 'durN' | 'durSum' | 'inTok' | 'outTok' | 'costNanos' | 'unpriced' | 'durMin' | 'durMax'
>;

const bound = (pick: (a: number, b: number) => number, a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : pick(a, b);

/** Adds one row's sums to another's, column by column; bounds widen. */
export function addSums(into: Sums, sums: Sums): void {
  into.n += sums.n;
  into.durN += sums.durN;
  into.durSum += sums.durSum;
  into.inTok += sums.inTok;
  into.outTok += sums.outTok;
  into.costNanos += sums.costNanos;
  into.unpriced += sums.unpriced;
  into.durMin = bound(Math.min, into.durMin, sums.durMin);
  into.durMax = bound(Math.max, into.durMax, sums.durMax);
}

/** Widens the bounds to take in one duration. */
export function widen(into: Sums, durationMs: number): void {
  into.durMin = bound(Math.min, into.durMin, durationMs);
  into.durMax = bound(Math.max, into.durMax, durationMs);
}
