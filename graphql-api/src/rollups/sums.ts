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
}

/** The summed columns of a rollup row. */
export type Sums = Pick<RollupSums, 'n' | 'durN' | 'durSum' | 'inTok' | 'outTok' | 'costNanos'>;

/** Adds one row's sums to another's, column by column. */
export function addSums(into: Sums, sums: Sums): void {
  into.n += sums.n;
  into.durN += sums.durN;
  into.durSum += sums.durSum;
  into.inTok += sums.inTok;
  into.outTok += sums.outTok;
  into.costNanos += sums.costNanos;
}
